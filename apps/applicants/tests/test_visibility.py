"""The office sees an application once its unit forwarded it, and never before, whatever happens after."""
import pytest
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.selectors import applications_visible_to
from apps.applicants.services import set_application_status, submit_application
from apps.applicants.tests.factories import ApplicationFactory
from apps.units.services import forward_application
from apps.units.tests.factories import RECOMMENDATION


@pytest.mark.django_db
def test_office_never_sees_a_draft_the_applicant_withdrew(client, round, unit_a, applicant_a, programme_staff):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)
    set_application_status(application, S.WITHDRAWN, by=applicant_a)
    client.force_login(programme_staff)

    page = client.get(f"/applications/{application.pk}/")
    api = client.get("/api/v1/applications/")

    assert (page.status_code, api.json()["results"], list(applications_visible_to(programme_staff))) == (404, [], [])


@pytest.mark.django_db
def test_office_keeps_seeing_a_forwarded_application_after_it_is_withdrawn(client, application_a, unit_staff_a, applicant_a, programme_staff):
    forwarded_at = forward_application(application_a, by=unit_staff_a, **RECOMMENDATION).forwarded_at
    set_application_status(application_a, S.WITHDRAWN, by=applicant_a)
    client.force_login(programme_staff)

    page = client.get(f"/applications/{application_a.pk}/")

    application_a.refresh_from_db()
    assert (page.status_code, application_a.status, application_a.forwarded_at) == (200, S.WITHDRAWN, forwarded_at)
    assert list(applications_visible_to(programme_staff)) == [application_a]


@pytest.mark.django_db
def test_forwarding_records_when(application_a, unit_staff_a):
    assert application_a.forwarded_at is None
    before = timezone.now()

    forward_application(application_a, by=unit_staff_a, **RECOMMENDATION)

    application_a.refresh_from_db()
    assert before <= application_a.forwarded_at <= timezone.now()
