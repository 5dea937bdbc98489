import factory

from apps.units.enums import UnitKind
from apps.units.models import RecommendingUnit


class RecommendingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendingUnit

    name = factory.Sequence(lambda n: f"中国第{n}产业工会")
    kind = UnitKind.NATIONAL_INDUSTRIAL_UNION
    region = ""


# What a unit gives with a forward (`apps.units.services.forward_application`): its opinion and attestation.
RECOMMENDATION = {"opinion": "技术过硬，工匠精神突出，同意推荐。", "political_quality": True, "craftsman_spirit": True}
# The same as the forward form posts it (checkboxes "on").
RECOMMENDATION_POST = {"opinion": "技术过硬，工匠精神突出，同意推荐。", "political_quality": "on", "craftsman_spirit": "on"}
