import datetime

import factory
from django.utils import timezone

from apps.rounds.enums import RoundStatus
from apps.rounds.indicators import DEFAULT_INDICATORS
from apps.rounds.models import Indicator, Quota, Round


class RoundFactory(factory.django.DjangoModelFactory):
    """A round with its 15 default indicators, in the recommending phase unless told otherwise."""

    class Meta:
        model = Round
        skip_postgeneration_save = True

    year = factory.Sequence(lambda n: 2026 + n)
    status = RoundStatus.RECOMMENDING
    # A round past the draft was deployed, so its quotas were confirmed.
    quotas_confirmed_at = factory.LazyAttribute(lambda round: None if round.status == RoundStatus.DRAFT else timezone.now())

    @factory.post_generation
    def indicators(round, create, extracted, **kwargs):
        if create:
            Indicator.objects.bulk_create(
                Indicator(round=round, power=power, code=f"{power}.{code}", name=name, description=text, position=i)
                for i, (power, code, name, text) in enumerate(DEFAULT_INDICATORS, start=1)
            )


def past_schedule():
    """A schedule wholly in the past (every phase deadline and the publicity period have passed), with
    the quotas confirmed: every phase move's date and quota precondition holds."""
    now = timezone.now()
    today = timezone.localdate()
    return {
        "recommend_deadline": now - datetime.timedelta(days=90),
        "formal_review_deadline": now - datetime.timedelta(days=60),
        "expert_review_deadline": now - datetime.timedelta(days=30),
        "publicity_start": today - datetime.timedelta(days=20),
        "publicity_end": today - datetime.timedelta(days=10),
        "quotas_confirmed_at": now - datetime.timedelta(days=100),
    }


class QuotaFactory(factory.django.DjangoModelFactory):
    """A unit's quota in a round (allocated, not overridden): `places` places, 3 unless told otherwise."""

    class Meta:
        model = Quota

    round = factory.SubFactory(RoundFactory)
    unit = factory.SubFactory("apps.units.tests.factories.RecommendingUnitFactory")
    places = 3
    computed_places = factory.LazyAttribute(lambda quota: quota.places)
