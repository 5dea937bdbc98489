"""The pages of 新建申报 and the profile: what each viewer sees, and that the page says what the service says."""
import pytest
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.profile import DUPLICATE_PERSON, FRONTLINE_YEARS_REFUSED, STALE_PROFILE
from apps.applicants.tests.factories import ApplicationFactory
from apps.applicants.tests.test_profile import MALE_ID
from apps.core.models import AuditEntry

pytestmark = pytest.mark.django_db

MASKED_ID = "110***********" + MALE_ID[-4:]


@pytest.fixture
def draft_a(round, unit_a, applicant_a):
    return ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)


def profile_url(application):
    return reverse("applicants:profile", kwargs={"pk": application.pk})


def test_the_owner_saves_the_profile_from_the_page(client, draft_a, applicant_a):
    client.force_login(applicant_a)

    response = client.post(profile_url(draft_a), {"version": "0", "resident_id": MALE_ID, "frontline_years": "12", "post": "钳工"})

    assert response.status_code == 302 and response["Location"] == profile_url(draft_a)
    draft_a.refresh_from_db()
    assert (draft_a.resident_id, draft_a.frontline_years, draft_a.post, draft_a.gender) == (MALE_ID, 12, "钳工", "M")


def test_the_page_shows_the_services_messages_beside_the_fields_and_saves_nothing(client, draft_a, applicant_a):
    client.force_login(applicant_a)

    response = client.post(profile_url(draft_a), {"version": "0", "frontline_years": "4", "employer_credit_code": "123"})

    form = response.context["form"]
    assert (response.status_code, form.errors["frontline_years"], form.errors["employer_credit_code"]) == (
        200, [FRONTLINE_YEARS_REFUSED], ["统一社会信用代码应为18位。"]
    )
    draft_a.refresh_from_db()
    assert (draft_a.frontline_years, draft_a.profile_version) == (None, 0)


def test_a_stale_page_is_refused_with_a_message(client, draft_a, applicant_a):
    client.force_login(applicant_a)
    client.post(profile_url(draft_a), {"version": "0", "post": "钳工"})

    response = client.post(profile_url(draft_a), {"version": "0", "post": "焊工"})

    assert STALE_PROFILE in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.post == "钳工"


def test_a_second_account_with_the_same_id_number_is_told_why(client, round, unit_b, draft_a, applicant_a, applicant_b):
    draft_a.resident_id = MALE_ID
    draft_a.save()
    other = ApplicationFactory(round=round, unit=unit_b, applicant=applicant_b, status=S.DRAFT)
    client.force_login(applicant_b)

    response = client.post(profile_url(other), {"version": "0", "resident_id": MALE_ID})

    assert response.context["form"].errors["resident_id"] == [DUPLICATE_PERSON]


def test_the_unit_sees_the_numbers_masked_and_cannot_reveal_them(client, round, unit_a, applicant_a, unit_staff_a):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.SUBMITTED, resident_id=MALE_ID, mobile="13812345678")
    client.force_login(unit_staff_a)

    html = client.get(profile_url(application)).content.decode()
    refused = client.post(reverse("applicants:profile-reveal-id", kwargs={"pk": application.pk}))

    assert MASKED_ID in html and "138****5678" in html
    assert MALE_ID not in html and "13812345678" not in html and "查看完整号码" not in html
    assert refused.status_code == 403
    assert not AuditEntry.objects.exists()


def test_the_owner_sees_the_full_number_on_a_submitted_application(client, round, unit_a, applicant_a):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.SUBMITTED, resident_id=MALE_ID)
    client.force_login(applicant_a)

    html = client.get(profile_url(application)).content.decode()

    assert MALE_ID in html and 'data-testid="profile-form"' not in html


def test_the_office_sees_the_full_number_only_by_asking_and_the_asking_is_audited(client, round, unit_a, applicant_a, programme_staff):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.FORWARDED, resident_id=MALE_ID)
    client.force_login(programme_staff)

    first = client.get(profile_url(application)).content.decode()
    revealed = client.post(reverse("applicants:profile-reveal-id", kwargs={"pk": application.pk})).content.decode()

    assert MASKED_ID in first and MALE_ID not in first and "查看完整号码（将记录在案）" in first
    assert MALE_ID in revealed
    assert list(AuditEntry.objects.values_list("action", "actor")) == [("applicants.application.resident_id_viewed", programme_staff.pk)]


def test_start_opens_an_application_with_consent_and_goes_to_the_profile(client, round, unit_a, applicant_a):
    client.force_login(applicant_a)

    refused = client.post(reverse("applicants:start"), {"unit": unit_a.pk})
    response = client.post(reverse("applicants:start"), {"unit": unit_a.pk, "consent": "on"})

    assert refused.context["form"].errors["consent"] == ["请阅读并勾选同意《个人信息处理规则》。"]
    application = Application.objects.get()
    assert response["Location"] == profile_url(application)
    assert applicant_a.consents.get().purpose == "application"


def test_start_says_when_the_round_is_not_recommending(client, applicant_a):
    client.force_login(applicant_a)

    response = client.get(reverse("applicants:start"))

    assert "本年度推荐尚未开始或已经截止，暂不能新建申报。" in response.content.decode()


def test_the_admin_shows_the_numbers_masked(client, round, unit_a, applicant_a, programme_staff):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.FORWARDED, resident_id=MALE_ID, mobile="13812345678")
    client.force_login(programme_staff)

    html = client.get(reverse("admin:applicants_application_change", args=[application.pk])).content.decode()

    assert MASKED_ID in html and "138****5678" in html
    assert MALE_ID not in html and "13812345678" not in html
