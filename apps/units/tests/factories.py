import factory

from apps.units.enums import UnitKind
from apps.units.models import RecommendingUnit


class RecommendingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendingUnit

    name = factory.Sequence(lambda n: f"中国第{n}产业工会")
    kind = UnitKind.NATIONAL_INDUSTRIAL_UNION
    region = ""
