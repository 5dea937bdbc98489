import datetime

import factory

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.cultivation.models import Cultivation
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory


class CultivationFactory(factory.django.DjangoModelFactory):
    """A published application's cultivation, two years from 1 July of its round's year."""

    class Meta:
        model = Cultivation

    application = factory.SubFactory(
        ApplicationFactory, status=ApplicationStatus.PUBLISHED, round=factory.SubFactory(RoundFactory, status=RoundStatus.CLOSED)
    )
    round = factory.LazyAttribute(lambda cultivation: cultivation.application.round)
    started_on = factory.LazyAttribute(lambda cultivation: datetime.date(cultivation.round.year, 7, 1))
    ends_on = factory.LazyAttribute(lambda cultivation: datetime.date(cultivation.round.year + 2, 7, 1))
