import pytest

from apps.applicants.enums import ApplicationStatus
from apps.applicants.services import set_application_status
from apps.core.models import AuditEntry


@pytest.mark.django_db
def test_set_application_status_forwards_and_audits(application_a, unit_staff_a):
    set_application_status(application_a, ApplicationStatus.FORWARDED, by=unit_staff_a)

    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.FORWARDED
    entry = AuditEntry.objects.get(action="applicants.application.forwarded")
    assert (entry.actor, entry.data["previous"]) == (unit_staff_a, "submitted")
