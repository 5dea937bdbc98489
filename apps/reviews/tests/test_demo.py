"""The national demo's expert pool and panels: every demo expert profiled once, four panels over
disjoint industry sections covering all twenty, valid credit codes, the same on a rerun."""
import io

import pytest
from django.core.management import call_command

from apps.applicants.profile_enums import Industry
from apps.core.validators import validate_credit_code
from apps.reviews.models import ExpertProfile, Panel

pytestmark = pytest.mark.django_db


def test_the_national_seed_builds_the_pool_and_four_panels_once():
    call_command("seed_demo", scale="national", applications=60, stdout=io.StringIO())
    first = list(ExpertProfile.objects.order_by("pk").values_list("user__username", "employer_credit_code", "unit_id"))
    call_command("seed_demo", scale="national", applications=60, stdout=io.StringIO())

    assert list(ExpertProfile.objects.order_by("pk").values_list("user__username", "employer_credit_code", "unit_id")) == first
    assert len(first) == 61 and all(validate_credit_code(code) for _, code, _ in first)
    assert any(unit for _, _, unit in first)  # some experts sit in a unit: derived conflicts for the draw
    panels = list(Panel.objects.prefetch_related("members"))
    sections = "".join(panel.industries for panel in panels)
    assert len(panels) == 4 and sorted(sections) == sorted(Industry.values)
    assert sorted(m.pk for panel in panels for m in panel.members.all()) == sorted(ExpertProfile.objects.values_list("pk", flat=True))


def test_the_default_seed_has_no_pool():
    call_command("seed_demo", stdout=io.StringIO())
    assert not ExpertProfile.objects.exists() and not Panel.objects.exists()
