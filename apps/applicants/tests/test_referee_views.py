"""The referee pages and API: the applicant's page, the referee's link page, the letter download, the query count."""
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.applicants.models import Referee
from apps.applicants.referees import confirm_by_token
from apps.applicants.samples import pdf_bytes
from apps.applicants.tests.evidence_files import upload
from apps.applicants.tests.referee_helpers import (  # noqa: F401  (draft is a fixture)
    confirm_data, draft, invite, invite_three, last_link_token, referee_data,
)

pytestmark = pytest.mark.django_db


def link_url(token):
    return reverse("applicants:referee-link", kwargs={"token": token})


def confirm_form(n=0, **overrides):
    data = confirm_data(n, **overrides)
    return {**data, "agree": "on"}


# --- The applicant's page ------------------------------------------------------------------------


def test_referee_page_shows_each_slot_and_invites_through_the_form(client, draft, django_capture_on_commit_callbacks):
    client.force_login(draft.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applicants:referee-invite", args=[draft.pk]), referee_data(0))
    page = client.get(reverse("applicants:referees", args=[draft.pk]))

    assert response.status_code == 302
    assert [referee.name for referee in Referee.objects.all()] == ["李强"]
    assert mail.outbox[-1].to == ["referee0@example.com"] and "/referee/" in mail.outbox[-1].body
    html = page.content.decode()
    assert 'data-testid="referee-slot-1" data-state="invited"' in html and 'data-testid="referee-slot-2" data-state="empty"' in html
    assert "推荐专家1（李强）尚未确认推荐。" in html


def test_referee_page_shows_the_refusal_of_the_applicants_employer(client, draft):
    client.force_login(draft.applicant)

    response = client.post(reverse("applicants:referee-invite", args=[draft.pk]), referee_data(0, employer_name="中国中车有限公司", employer_credit_code=""))

    assert response.status_code == 400
    assert "推荐专家须为非本单位专家" in response.content.decode()
    assert Referee.objects.count() == 0


def test_resend_and_replace_go_through_confirmation_pages(client, draft, django_capture_on_commit_callbacks):
    referee, old = invite(draft, 0)
    client.force_login(draft.applicant)
    resend_url = reverse("applicants:referee-resend", args=[draft.pk, referee.pk])

    assert "确认重新发送" in client.get(resend_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url)
    new = last_link_token()
    replace_url = reverse("applicants:referee-replace", args=[draft.pk, referee.pk])
    assert "确认更换并发送邀请" in client.get(replace_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(replace_url, referee_data(4))

    assert response.status_code == 302 and new != old
    assert list(Referee.objects.order_by("pk").values_list("name", "status")) == [("李强", "replaced"), ("冯军", "invited")]
    assert "申报人已更换推荐专家" in client.get(link_url(new)).content.decode()


def test_another_applicant_cannot_reach_the_page_or_the_letter(client, draft, applicant_b):
    referee, token = invite(draft, 0)
    confirm_by_token(token, **confirm_data(0))
    client.force_login(applicant_b)

    assert client.get(reverse("applicants:referees", args=[draft.pk])).status_code == 404
    assert client.get(reverse("applicants:referee-letter", args=[draft.pk, referee.pk])).status_code == 404
    assert client.get(reverse("api:application-referee-letter", args=[draft.pk, referee.pk])).status_code == 404
    assert client.post(reverse("applicants:referee-resend", args=[draft.pk, referee.pk])).status_code == 404


def test_letter_download_is_an_attachment_for_the_applicant(client, draft):
    referee, token = invite(draft, 0)
    letter = pdf_bytes("Signed letter")
    confirm_by_token(token, **confirm_data(0, letter=upload(letter, name="签名推荐信.pdf")))
    client.force_login(draft.applicant)

    response = client.get(reverse("applicants:referee-letter", args=[draft.pk, referee.pk]))

    assert b"".join(response.streaming_content) == letter
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("count", [1, 3])
def test_referee_page_query_count_is_constant(client, draft, count, queries_for_url, django_assert_num_queries):
    for n in range(count):
        _, token = invite(draft, n)
        if n == 0:
            confirm_by_token(token, **confirm_data(0))
    client.force_login(draft.applicant)
    url = reverse("applicants:referees", args=[draft.pk])
    client.get(url)

    with django_assert_num_queries(5):
        response = client.get(url)

    assert len([row for row in response.context["rows"] if row.referee]) == count


# --- The referee's page ------------------------------------------------------------------------


def test_referee_confirms_through_the_link_once(client, draft):
    _, token = invite(draft, 0)

    page = client.get(link_url(token))
    response = client.post(link_url(token), confirm_form(0))
    again = client.get(link_url(token))

    assert "确认推荐" in page.content.decode() and page["Cache-Control"].startswith("max-age=0")
    assert "推荐已确认" in response.content.decode()
    assert Referee.objects.get().status == "confirmed"
    assert 'data-code="used"' in again.content.decode() and again.status_code == 200


def test_referee_page_says_an_expired_link_expired(client, draft):
    referee, token = invite(draft, 0)
    Referee.objects.filter(pk=referee.pk).update(token_expires_at=timezone.now() - timedelta(hours=1))

    response = client.get(link_url(token))

    assert response.status_code == 200 and "该链接已过期，请联系申报人重新发送邀请邮件。" in response.content.decode()


def test_referee_page_refuses_the_applicant_themself(client, draft):
    _, token = invite(draft, 0)
    client.force_login(draft.applicant)

    response = client.post(link_url(token), confirm_form(0))

    assert response.status_code == 403 and "申报人本人不能代替推荐专家确认推荐。" in response.content.decode()
    assert Referee.objects.get().status == "invited"


def test_referee_page_shows_a_hostile_letter_refused(client, draft):
    _, token = invite(draft, 0)

    response = client.post(link_url(token), confirm_form(0, letter=upload(b"MZ\x90\x00" * 50, name="推荐信.pdf")))

    assert response.status_code == 400 and "只能上传PDF、JPEG或PNG文件" in response.content.decode()
    assert Referee.objects.get().status == "invited"


def test_the_token_never_reaches_the_log(client, draft, caplog):
    _, token = invite(draft, 0)
    from apps.core.log_filters import MaskPersonalDataFilter

    caplog.handler.addFilter(MaskPersonalDataFilter())
    with caplog.at_level(logging.INFO):
        client.post(link_url(token), {"title": "technician"})  # a 400: Django logs the request's path

    assert caplog.records and token not in caplog.text and "/referee/***/" in caplog.text


# --- The API -------------------------------------------------------------------------------------


def test_api_invites_lists_and_the_referee_confirms_by_token(client, draft, django_capture_on_commit_callbacks):
    client.force_login(draft.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(reverse("api:application-referees", args=[draft.pk]), referee_data(0), content_type="application/json")
    token = last_link_token()
    client.logout()
    state = client.get(reverse("api:referee-link", args=[token]))
    confirmed = client.post(reverse("api:referee-confirm", args=[token]), confirm_data(0))
    used = client.post(reverse("api:referee-confirm", args=[token]), confirm_data(0))
    client.force_login(draft.applicant)
    listed = client.get(reverse("api:application-referees", args=[draft.pk])).json()

    assert created.status_code == 201 and created.json()["state"] == "invited"
    assert state.json()["name"] == "李强"
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert used.status_code == 400 and used.json()["error"]["code"] == "link_used"
    assert [row["state"] for row in listed["results"]] == ["confirmed"]
    assert listed["missing"] == ["还需邀请2位推荐专家（共需3位非本单位同行高级专家）。"]


def test_api_refuses_a_fourth_referee(client, draft):
    invite_three(draft)
    client.force_login(draft.applicant)

    response = client.post(reverse("api:application-referees", args=[draft.pk]), referee_data(3), content_type="application/json")

    assert response.status_code == 400 and response.json()["error"]["code"] == "referees_full"


def test_office_admin_lists_referees_of_forwarded_applications_only_without_the_link_digest(client, draft, programme_staff, round, unit_a):
    from apps.applicants.tests.factories import ApplicationFactory
    from apps.applicants.enums import ApplicationStatus

    hidden, _ = invite(draft, 0)
    other = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.DRAFT, employer_name="某机床厂")
    shown, _ = invite(other, 1)
    type(other).objects.filter(pk=other.pk).update(status=ApplicationStatus.FORWARDED, submitted_at=timezone.now(), forwarded_at=timezone.now())
    client.force_login(programme_staff)

    listing = client.get(reverse("admin:applicants_referee_changelist"))
    change = client.get(reverse("admin:applicants_referee_change", args=[shown.pk]))

    assert list(listing.context["cl"].result_list) == [shown]
    assert change.status_code == 200 and shown.token_hash not in change.content.decode()
    assert client.get(reverse("admin:applicants_referee_change", args=[hidden.pk])).status_code == 302


def test_the_link_page_is_throttled_per_address(client, draft, settings):
    import random

    settings.PAGE_THROTTLE_RATES = {**settings.PAGE_THROTTLE_RATES, "referee-link": "2/hour"}
    address = f"198.51.{random.randint(0, 255)}.{random.randint(1, 254)}"  # the cache outlives tests: an address of its own
    _, token = invite(draft, 0)

    answers = [client.get(link_url(f"guess-{n}"), REMOTE_ADDR=address).status_code for n in range(2)]
    throttled = client.get(link_url(token), REMOTE_ADDR=address)

    assert answers == [200, 200] and throttled.status_code == 429


def test_the_unit_reads_the_referees_of_a_submitted_application_without_emails_or_actions(client, draft, unit_staff_a):
    referee, token = invite(draft, 0)
    confirm_by_token(token, **confirm_data(0))
    type(draft).objects.filter(pk=draft.pk).update(status="submitted", submitted_at=timezone.now())
    client.force_login(unit_staff_a)

    html = client.get(reverse("applicants:referees", args=[draft.pk])).content.decode()

    assert "李强" in html and "推荐信.pdf" in html
    assert referee.email not in html and 'data-testid="resend"' not in html and 'data-testid="invite-card"' not in html


def test_a_form_opened_before_a_resend_is_refused_with_the_reason(client, draft, django_capture_on_commit_callbacks):
    from apps.applicants.referees import resend_invitation

    referee, old = invite(draft, 0)
    assert client.get(link_url(old)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        resend_invitation(referee, by=draft.applicant)

    response = client.post(link_url(old), confirm_form(0))

    assert 'data-code="invalid"' in response.content.decode() and "请使用最新邮件中的链接" in response.content.decode()
    assert Referee.objects.get().status == "invited"
