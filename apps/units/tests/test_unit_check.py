"""The unit's check (issue 10 items 2-3): return, reject, forward with opinion and attestation, recall a forward."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.applicants.tests.complete import complete_application
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.services import set_application_status, submit_application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DeadlinePassed, DomainError, QuotaExhausted, ReasonRequired, TransitionNotAllowed
from apps.core.models import AuditEntry
from apps.notices.kinds import NoticeKind
from apps.notices.models import Notice
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import QuotaFactory
from apps.units.services import (
    OPINION_MAX_LENGTH, forward_application, reject_application, return_application, withdraw_forward,
)
from apps.units.tests.factories import RECOMMENDATION, RECOMMENDATION_POST

S = ApplicationStatus


def _state(application):
    row = Application.objects.values(
        "status", "status_reason", "forwarded_at", "recommendation_opinion", "attested_by", "unit_rank", "updated_at"
    ).get(pk=application.pk)
    return row, AuditEntry.objects.count(), Notice.objects.count()


# --- Return and reject -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("service", [return_application, reject_application])
@pytest.mark.parametrize("reason", ["", "  \n "])
def test_return_and_reject_require_a_reason_and_change_nothing_without_one(application_a, unit_staff_a, service, reason):
    before = _state(application_a)

    with pytest.raises(ReasonRequired):
        service(application_a, by=unit_staff_a, reason=reason)

    assert _state(application_a) == before


@pytest.mark.django_db
def test_return_reopens_the_application_for_its_applicant_who_is_told_why(application_a, unit_staff_a, applicant_a):
    Application.objects.filter(pk=application_a.pk).update(unit_rank=1)

    returned = return_application(application_a, by=unit_staff_a, reason="请补充高级技师证书")

    notice = Notice.objects.get(recipient=applicant_a)
    assert (returned.status, returned.status_reason, returned.unit_rank) == (S.RETURNED, "请补充高级技师证书", None)
    assert (notice.kind, notice.subject) == (NoticeKind.APPLICATION_STATUS, "申报状态变更：已退回修改")
    assert notice.body.endswith("原因：请补充高级技师证书")
    assert AuditEntry.objects.get().action == "applicants.application.returned"
    # Reopened: it can come back, once complete (apps.applicants.completeness).
    assert submit_application(complete_application(returned), by=applicant_a).status == S.SUBMITTED


@pytest.mark.django_db
def test_reject_is_final_for_the_round(application_a, unit_staff_a, applicant_a):
    rejected = reject_application(application_a, by=unit_staff_a, reason="一线生产现场工作经历不足5年")

    assert Notice.objects.get(recipient=applicant_a).body.endswith("原因：一线生产现场工作经历不足5年")
    with pytest.raises(TransitionNotAllowed):
        submit_application(rejected, by=applicant_a)
    with pytest.raises(TransitionNotAllowed):
        forward_application(rejected, by=unit_staff_a, **RECOMMENDATION)
    with pytest.raises(TransitionNotAllowed):
        set_application_status(rejected, S.WITHDRAWN, by=applicant_a)
    assert Application.objects.get(pk=application_a.pk).status == S.UNIT_REJECTED


@pytest.mark.django_db
def test_another_units_staff_cannot_return_reject_forward_or_recall(application_a, unit_staff_b):
    forwarded = ApplicationFactory(round=application_a.round, unit=application_a.unit, status=S.FORWARDED)
    before = _state(application_a), _state(forwarded)

    for call in (
        lambda: return_application(application_a, by=unit_staff_b, reason="越权"),
        lambda: reject_application(application_a, by=unit_staff_b, reason="越权"),
        lambda: forward_application(application_a, by=unit_staff_b, **RECOMMENDATION),
        lambda: withdraw_forward(forwarded, by=unit_staff_b, reason="越权"),
    ):
        with pytest.raises(PermissionDenied):
            call()

    assert (_state(application_a), _state(forwarded)) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["units:return", "units:reject", "units:forward"])
def test_another_units_staff_get_404_from_the_decision_pages(client, application_a, unit_staff_b, name):
    client.force_login(unit_staff_b)
    before = _state(application_a)

    response = client.post(reverse(name, args=[application_a.pk]), {"reason": "越权", **RECOMMENDATION_POST})

    assert (response.status_code, _state(application_a)) == (404, before)


@pytest.mark.django_db
def test_the_return_page_says_a_reason_is_missing(client, application_a, unit_staff_a):
    client.force_login(unit_staff_a)

    response = client.post(reverse("units:return", args=[application_a.pk]), {"reason": ""}, follow=True)

    assert "须填写原因" in response.content.decode()
    assert Application.objects.get(pk=application_a.pk).status == S.SUBMITTED


# --- Forward with opinion and attestation ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "code"), [
    ({"opinion": ""}, "opinion_required"),
    ({"opinion": "   "}, "opinion_required"),
    ({"opinion": "好" * (OPINION_MAX_LENGTH + 1)}, "opinion_too_long"),
    ({"political_quality": False}, "attestation_required"),
    ({"craftsman_spirit": False}, "attestation_required"),
])
def test_forward_requires_an_opinion_of_limited_length_and_both_attestations(application_a, unit_staff_a, changes, code):
    before = _state(application_a)

    with pytest.raises(DomainError) as refused:
        forward_application(application_a, by=unit_staff_a, **{**RECOMMENDATION, **changes})

    assert refused.value.code == code
    assert _state(application_a) == before


@pytest.mark.django_db
def test_forward_records_the_opinion_and_who_attested_when(application_a, unit_staff_a, applicant_a):
    started = timezone.now()

    forwarded = forward_application(application_a, by=unit_staff_a, opinion="  技术精湛，同意推荐。 ", political_quality=True, craftsman_spirit=True)

    stored = Application.objects.get(pk=application_a.pk)
    assert (stored.status, stored.recommendation_opinion, stored.attests_political_quality, stored.attests_craftsman_spirit) == (
        S.FORWARDED, "技术精湛，同意推荐。", True, True
    )
    assert (stored.attested_by, stored.attested_at >= started, forwarded.forwarded_at >= started) == (unit_staff_a, True, True)
    # The applicant hears that it was forwarded, not the unit's opinion of them.
    assert "技术精湛" not in Notice.objects.get(recipient=applicant_a).body


@pytest.mark.django_db
def test_forward_after_the_recommend_deadline_is_refused(application_a, unit_staff_a):
    round = application_a.round
    round.recommend_deadline = timezone.now() - timedelta(minutes=1)
    round.save(update_fields=["recommend_deadline"])
    before = _state(application_a)

    with pytest.raises(DeadlinePassed) as refused:
        forward_application(application_a, by=unit_staff_a, **RECOMMENDATION)

    assert refused.value.message == "本年度推荐截止时间已过，不能再推荐报送。"
    assert _state(application_a) == before


@pytest.mark.django_db
def test_the_forward_api_refuses_an_over_quota_forward_with_its_message(round, unit_a, unit_staff_a):
    QuotaFactory(round=round, unit=unit_a, places=1)
    ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    application = ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED)
    api = APIClient()
    api.force_login(unit_staff_a)

    response = api.post(reverse("api:application-forward", args=[application.pk]), {**RECOMMENDATION}, format="json")

    assert (response.status_code, response.json()["error"]["code"]) == (400, "quota_exhausted")
    assert response.json()["error"]["message"].startswith("本单位 2026 年度推荐名额 1 名已用完")


@pytest.mark.django_db
def test_the_forward_page_without_attestation_says_so(client, application_a, unit_staff_a):
    client.force_login(unit_staff_a)

    response = client.post(reverse("units:forward", args=[application_a.pk]), {"opinion": "同意推荐"}, follow=True)

    assert "政治素质和工匠精神" in response.content.decode()
    assert Application.objects.get(pk=application_a.pk).status == S.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["page", "api"])
def test_the_generic_status_endpoints_refuse_a_forward_even_with_opinion_and_attestation(client, application_a, unit_staff_a, endpoint):
    before = _state(application_a)
    data = {"to": S.FORWARDED, "reason": "同意推荐", **RECOMMENDATION}
    if endpoint == "page":
        client.force_login(unit_staff_a)
        response = client.post(reverse("applicants:change-status", args=[application_a.pk]), data)
    else:
        api = APIClient()
        api.force_login(unit_staff_a)
        response = api.post(reverse("api:application-change-status", args=[application_a.pk]), data, format="json")

    assert response.status_code == 400
    assert _state(application_a) == before


# --- Recall a forward (withdraw) until formal review starts -------------------------------------


@pytest.mark.django_db
def test_a_recalled_forward_is_back_on_the_desk_its_place_free_and_the_unit_and_applicant_told(round, unit_a, unit_staff_a):
    QuotaFactory(round=round, unit=unit_a, places=1)
    first, second = ApplicationFactory.create_batch(2, round=round, unit=unit_a, status=S.SUBMITTED)
    forward_application(first, by=unit_staff_a, **RECOMMENDATION)
    with pytest.raises(QuotaExhausted):
        forward_application(second, by=unit_staff_a, **RECOMMENDATION)

    recalled = withdraw_forward(first, by=unit_staff_a, reason="经复核，调整推荐人选")
    forward_application(second, by=unit_staff_a, **RECOMMENDATION)

    recalled.refresh_from_db()
    assert (recalled.status, recalled.forwarded_at, recalled.recommendation_opinion, recalled.attested_by) == (S.SUBMITTED, None, "", None)
    assert Application.objects.get(pk=second.pk).status == S.FORWARDED
    staff_notice = Notice.objects.get(recipient=unit_staff_a, kind=NoticeKind.APPLICATION_FORWARD_WITHDRAWN)
    assert "已撤回" in staff_notice.subject and "经复核，调整推荐人选" in staff_notice.body
    assert Notice.objects.filter(recipient=first.applicant, kind=NoticeKind.APPLICATION_STATUS).count() == 2
    entry = AuditEntry.objects.filter(action="applicants.application.forward_withdrawn").get()
    assert entry.data == {"previous": "forwarded", "reason": "经复核，调整推荐人选"}


@pytest.mark.django_db
def test_a_recall_needs_a_reason(round, unit_a, unit_staff_a):
    forwarded = ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    before = _state(forwarded)

    with pytest.raises(ReasonRequired):
        withdraw_forward(forwarded, by=unit_staff_a, reason="")

    assert _state(forwarded) == before


@pytest.mark.django_db
def test_no_recall_once_formal_review_started(round, unit_a, unit_staff_a):
    forwarded = ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    passed = ApplicationFactory(round=round, unit=unit_a, status=S.FORMAL_PASSED)
    round.status = RoundStatus.REVIEWING
    round.save(update_fields=["status"])
    before = _state(forwarded), _state(passed)

    with pytest.raises(DomainError) as refused:
        withdraw_forward(forwarded, by=unit_staff_a, reason="调整人选")
    with pytest.raises(TransitionNotAllowed):
        withdraw_forward(passed, by=unit_staff_a, reason="调整人选")

    assert "评审" in refused.value.message
    assert (_state(forwarded), _state(passed)) == before


@pytest.mark.django_db
def test_a_recall_is_still_allowed_after_the_recommend_deadline_before_formal_review(round, unit_a, unit_staff_a):
    forwarded = ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    round.recommend_deadline = timezone.now() - timedelta(hours=1)
    round.save(update_fields=["recommend_deadline"])

    assert withdraw_forward(forwarded, by=unit_staff_a, reason="材料存疑，撤回推荐").status == S.SUBMITTED


@pytest.mark.django_db
def test_the_applicant_cannot_recall_the_units_forward(round, unit_a, applicant_a):
    forwarded = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.FORWARDED)

    with pytest.raises(PermissionDenied):
        withdraw_forward(forwarded, by=applicant_a, reason="我想撤回")

    assert Application.objects.get(pk=forwarded.pk).status == S.FORWARDED


@pytest.mark.django_db
def test_the_detail_page_offers_the_recall_as_a_setback_to_the_unit(client, round, unit_a, unit_staff_a):
    forwarded = ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    client.force_login(unit_staff_a)

    html = client.get(reverse("applicants:detail", args=[forwarded.pk])).content.decode()

    setbacks = html[html.index('class="setbacks"'):]
    assert f'action="{reverse("units:withdraw-forward", args=[forwarded.pk])}"' in setbacks
    assert "撤回推荐" in setbacks and "btn-outline-danger" in setbacks


@pytest.mark.django_db
def test_the_opinion_and_rank_show_to_the_unit_and_the_office_not_the_applicant(client, application_a, unit_staff_a, applicant_a, programme_staff):
    forward_application(application_a, by=unit_staff_a, opinion="工匠精神突出，同意推荐。", political_quality=True, craftsman_spirit=True)
    Application.objects.filter(pk=application_a.pk).update(unit_rank=1)
    url = reverse("applicants:detail", args=[application_a.pk])
    pages = {}
    for user in (unit_staff_a, programme_staff, applicant_a):
        client.force_login(user)
        pages[user.username] = client.get(url).content.decode()

    assert [("工匠精神突出" in html, "第 1 位" in html) for html in pages.values()] == [(True, True), (True, True), (False, False)]
