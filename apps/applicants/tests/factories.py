import factory
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import FORWARDED_OR_LATER, ApplicationStatus
from apps.applicants.models import Application
from apps.rounds.tests.factories import RoundFactory
from apps.units.tests.factories import RecommendingUnitFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application in any status; anything past draft has a submission time and anything the unit
    forwarded a forwarding time, as the service would set (a withdrawn one counts as never forwarded)."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    applicant = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(RecommendingUnitFactory)
    employer_name = factory.Faker("company", locale="zh_CN")
    status = ApplicationStatus.DRAFT
    submitted_at = factory.LazyAttribute(
        lambda application: None if application.status == ApplicationStatus.DRAFT else timezone.now()
    )
    forwarded_at = factory.LazyAttribute(
        lambda application: timezone.now() if application.status in FORWARDED_OR_LATER else None
    )
