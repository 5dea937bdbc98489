"""The profile and 新建申报 in /api/v1/: the same service as the pages, masked for everyone but the owner."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.profile import FRONTLINE_YEARS_REFUSED, STALE_PROFILE
from apps.applicants.tests.factories import ApplicationFactory
from apps.applicants.tests.test_profile import CREDIT_CODE, MALE_ID
from apps.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def draft_a(round, unit_a, applicant_a):
    return ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)


def profile_url(application):
    return reverse("api:application-profile", kwargs={"pk": application.pk})


def test_the_owner_puts_the_profile_and_reads_it_whole(draft_a, applicant_a):
    response = api(applicant_a).put(
        profile_url(draft_a), {"version": 0, "resident_id": MALE_ID, "mobile": "13812345678", "employer_credit_code": CREDIT_CODE, "frontline_years": 9},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["resident_id"], body["mobile"], body["gender"], body["birth_date"], body["frontline_years"], body["version"], body["editable"]) == (
        MALE_ID, "13812345678", "M", "1985-06-01", 9, 1, True
    )


def test_the_api_refuses_what_the_page_refuses_with_the_same_message(draft_a, applicant_a):
    response = api(applicant_a).put(profile_url(draft_a), {"version": 0, "frontline_years": "3"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == {"code": "profile_invalid", "message": FRONTLINE_YEARS_REFUSED, "details": {"frontline_years": FRONTLINE_YEARS_REFUSED}}


def test_a_stale_put_is_refused(draft_a, applicant_a):
    api(applicant_a).put(profile_url(draft_a), {"version": 0, "post": "钳工"}, format="json")

    response = api(applicant_a).put(profile_url(draft_a), {"version": 0, "post": "焊工"}, format="json")

    assert (response.status_code, response.json()["error"]["message"]) == (400, STALE_PROFILE)
    draft_a.refresh_from_db()
    assert draft_a.post == "钳工"


def test_the_unit_reads_the_numbers_masked(round, unit_a, applicant_a, unit_staff_a):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.SUBMITTED, resident_id=MALE_ID, mobile="13812345678")

    body = api(unit_staff_a).get(profile_url(application)).json()
    refused = api(unit_staff_a).post(reverse("api:application-resident-id", kwargs={"pk": application.pk}))

    assert (body["resident_id"], body["mobile"], body["editable"]) == ("110***********" + MALE_ID[-4:], "138****5678", False)
    assert refused.status_code == 403


def test_the_office_reads_the_full_number_only_through_the_audited_call(round, unit_a, applicant_a, programme_staff):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.FORWARDED, resident_id=MALE_ID)

    masked = api(programme_staff).get(profile_url(application)).json()["resident_id"]
    full = api(programme_staff).post(reverse("api:application-resident-id", kwargs={"pk": application.pk})).json()

    assert (masked, full) == ("110***********" + MALE_ID[-4:], {"resident_id": MALE_ID})
    assert list(AuditEntry.objects.values_list("action", "actor")) == [("applicants.application.resident_id_viewed", programme_staff.pk)]


def test_another_applicant_cannot_read_the_profile(draft_a, applicant_b):
    assert api(applicant_b).get(profile_url(draft_a)).status_code == 404
    assert api(applicant_b).put(profile_url(draft_a), {"version": 0, "post": "x"}, format="json").status_code == 404


def test_starting_an_application_through_the_api(round, unit_a, applicant_a):
    refused = api(applicant_a).post(reverse("api:application-list"), {"unit": unit_a.pk}, format="json")
    response = api(applicant_a).post(reverse("api:application-list"), {"unit": unit_a.pk, "consent": True}, format="json")

    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "consent_required")
    assert response.status_code == 201
    application = Application.objects.get()
    assert (response.json()["id"], application.unit, application.status, application.full_name) == (application.pk, unit_a, S.DRAFT, "王建国")
