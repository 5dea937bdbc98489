"""Recommending units as pages print them."""
from apps.units.enums import UnitKind
from apps.units.models import RecommendingUnit


def test_kind_label_is_what_get_kind_display_says():
    for kind in UnitKind:
        unit = RecommendingUnit(kind=kind)
        assert unit.kind_label == unit.get_kind_display() == kind.label
    assert RecommendingUnit(kind="other").kind_label == RecommendingUnit(kind="other").get_kind_display() == "other"
