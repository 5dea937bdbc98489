"""Formal review: each check as the system computes it, pass and fail (named moves only), the override
with a reason, the bulk pass of clean candidates, the unit's notice, the pages and their query count."""
import datetime

import pytest
from django.urls import reverse

from apps.accounts.tests.factories import UnitStaffFactory
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import EvidenceFile, StatementAnswer
from apps.applicants.profile_enums import SkillLevel
from apps.applicants.services import set_application_status
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError, NamedActionRequired
from apps.core.models import AuditEntry
from apps.core.validators import resident_id_check_char
from apps.notices.kinds import NoticeKind
from apps.notices.models import Notice
from apps.reviews import formal
from apps.reviews.selectors import formal_rows
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import QuotaFactory
from tests.querycount import assert_query_count_constant

CREDIT_CODE = "91110000100000000X"


def complete(application, *, frontline_years=12, answers=True, evidence=True):
    """Fill `application` as a complete submission would be: profile, all 15 answers, one evidence file."""
    application.full_name = application.applicant.display_name or "王建国"
    application.gender = "M"
    application.birth_date = datetime.date(1980, 5, 1)
    first17 = f"11010519800501{application.pk % 1000:03d}"
    application.resident_id = first17 + resident_id_check_char(first17)
    application.employer_name = "北京精密机械有限公司"
    application.employer_credit_code = CREDIT_CODE
    application.industry = "C"
    application.post = "数控车工"
    application.skill_level = SkillLevel.SENIOR_TECHNICIAN
    application.frontline_years = frontline_years
    application.save()
    indicators = list(application.round.indicators.all())
    if answers:
        StatementAnswer.objects.bulk_create(
            StatementAnswer(application=application, indicator=indicator, text="长期扎根生产一线，攻克关键工艺难题。")
            for indicator in indicators
        )
    if evidence:
        EvidenceFile.objects.create(
            application=application, indicator=indicators[0], display_name="证书.pdf", file="evidence/x.pdf",
            content_type="application/pdf", size=10, sha256="0" * 64, uploaded_by=application.applicant,
        )
    return application


@pytest.fixture
def reviewing(round):
    round.status = RoundStatus.REVIEWING
    round.save(update_fields=["status"])
    return round


@pytest.fixture
def candidate(reviewing, unit_a, quota_a):
    return complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED, unit_rank=1))


def checks_of(application):
    (row,) = formal_rows(application.round, pks=[application.pk])
    return {check.key: check.ok for check in row.checks}


def test_a_complete_candidate_within_quota_passes_every_check(candidate):
    assert checks_of(candidate) == dict.fromkeys(["frontline_years", "profile", "statement", "evidence", "quota"], True)


@pytest.mark.parametrize(
    ("change", "failed"),
    [
        ({"frontline_years": 4}, "frontline_years"),
        ({"frontline_years": None}, "frontline_years"),
        ({"answers": False}, "statement"),
        ({"evidence": False}, "evidence"),
    ],
)
def test_each_missing_condition_fails_its_own_check_only(reviewing, unit_a, quota_a, change, failed):
    application = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED), **change)

    checks = checks_of(application)

    assert [key for key, ok in checks.items() if not ok] == [failed]


def test_a_missing_profile_field_is_named_in_the_check(candidate):
    candidate.post = ""
    candidate.save()

    (row,) = formal_rows(candidate.round, pks=[candidate.pk])

    profile = next(check for check in row.checks if check.key == "profile")
    assert (profile.ok, profile.detail) == (False, "缺少：岗位")


def test_candidates_beyond_the_units_places_fail_the_quota_check_in_rank_order(reviewing, unit_a):
    QuotaFactory(round=reviewing, unit=unit_a, places=1)
    second = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED, unit_rank=2))
    first = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED, unit_rank=1))

    assert (checks_of(first)["quota"], checks_of(second)["quota"]) == (True, False)


def test_a_unit_without_a_quota_fails_the_quota_check(reviewing, unit_b):
    application = complete(ApplicationFactory(round=reviewing, unit=unit_b, status=S.FORWARDED))

    (row,) = formal_rows(reviewing, pks=[application.pk])

    quota = next(check for check in row.checks if check.key == "quota")
    assert (quota.ok, quota.detail) == (False, "推荐单位本年度没有推荐名额")


def test_pass_moves_a_clean_candidate_and_audits_it(candidate, programme_staff):
    formal.pass_formal_review(candidate, by=programme_staff)

    candidate.refresh_from_db()
    actions = list(AuditEntry.objects.filter(object_id=str(candidate.pk)).values_list("action", flat=True))
    assert (candidate.status, actions) == (S.FORMAL_PASSED, ["applicants.application.formal_passed"])


def test_pass_with_a_failing_check_is_refused_without_a_reason_and_changes_nothing(reviewing, unit_a, quota_a, programme_staff):
    application = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED), frontline_years=3)

    with pytest.raises(DomainError, match="一线生产工作满5年"):
        formal.pass_formal_review(application, by=programme_staff)

    application.refresh_from_db()
    assert (application.status, AuditEntry.objects.count()) == (S.FORWARDED, 0)


def test_pass_with_a_failing_check_and_a_reason_is_audited_as_an_override(reviewing, unit_a, quota_a, programme_staff):
    application = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED), evidence=False)

    formal.pass_formal_review(application, by=programme_staff, reason="纸质证书已由推荐单位寄送核验")

    override = AuditEntry.objects.get(action="reviews.formal_review.overridden")
    application.refresh_from_db()
    assert (application.status, override.data["checks"], override.data["reason"]) == (
        S.FORMAL_PASSED, ["evidence"], "纸质证书已由推荐单位寄送核验",
    )


def test_fail_needs_a_reason_and_notifies_the_applicant_and_the_units_staff(candidate, programme_staff, unit_staff_a):
    with pytest.raises(DomainError):
        formal.fail_formal_review(candidate, by=programme_staff, reason=" ")

    formal.fail_formal_review(candidate, by=programme_staff, reason="一线工作年限证明与档案不符")

    candidate.refresh_from_db()
    kinds = set(Notice.objects.values_list("recipient__username", "kind"))
    assert candidate.status == S.FORMAL_FAILED
    assert kinds == {
        (candidate.applicant.username, NoticeKind.APPLICATION_STATUS),
        (unit_staff_a.username, NoticeKind.APPLICATION_UNIT_STATUS),
    }
    unit_notice = Notice.objects.get(recipient=unit_staff_a)
    assert "一线工作年限证明与档案不符" in unit_notice.body and "形式审查未通过" in unit_notice.body


@pytest.mark.parametrize("to", [S.FORMAL_PASSED, S.FORMAL_FAILED])
def test_the_generic_status_change_cannot_make_a_formal_decision(candidate, programme_staff, to):
    with pytest.raises(NamedActionRequired):
        set_application_status(candidate, to, by=programme_staff, reason="绕过形式审查")

    candidate.refresh_from_db()
    assert candidate.status == S.FORWARDED


@pytest.mark.parametrize("user", ["unit_staff_a", "applicant_a", "expert"])
def test_only_the_office_decides(request, candidate, user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        formal.pass_formal_review(candidate, by=request.getfixturevalue(user))


def test_decisions_wait_for_the_reviewing_phase(round, unit_a, quota_a, programme_staff):
    application = complete(ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED))

    with pytest.raises(DomainError, match="阶段"):
        formal.pass_formal_review(application, by=programme_staff)


def test_bulk_pass_passes_only_the_clean_waiting_candidates_it_was_shown(reviewing, unit_a, programme_staff):
    QuotaFactory(round=reviewing, unit=unit_a, places=5)
    clean = [complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED, unit_rank=n)) for n in (1, 2)]
    unclean = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED, unit_rank=3), answers=False)
    not_shown = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED, unit_rank=4))

    result = formal.pass_clean(reviewing, [clean[0].pk, clean[1].pk, unclean.pk], by=programme_staff)

    statuses = {pk: status for pk, status in reviewing.applications.values_list("pk", "status")}
    assert ([row.pk for row in result.passed], [row.pk for row, _ in result.skipped]) == ([clean[0].pk, clean[1].pk], [unclean.pk])
    assert statuses == {clean[0].pk: S.FORMAL_PASSED, clean[1].pk: S.FORMAL_PASSED, unclean.pk: S.FORWARDED, not_shown.pk: S.FORWARDED}
    summary = AuditEntry.objects.get(action="reviews.formal_review.bulk_passed")
    assert (summary.data["count"], sorted(summary.data["ids"])) == (2, sorted([str(clean[0].pk), str(clean[1].pk)]))


def test_bulk_pass_ignores_another_rounds_ids(reviewing, unit_a, quota_a, programme_staff):
    other = complete(ApplicationFactory(unit=unit_a, status=S.FORWARDED, round__year=2025, round__status=RoundStatus.REVIEWING))

    result = formal.pass_clean(reviewing, [other.pk], by=programme_staff)

    other.refresh_from_db()
    assert (result.passed, result.skipped, other.status) == ([], [], S.FORWARDED)


# --- Pages ------------------------------------------------------------------------------------


def test_queue_lists_waiting_candidates_with_their_checks(client, programme_staff, candidate, reviewing, unit_a):
    failing = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED, unit_rank=2), evidence=False)
    client.force_login(programme_staff)

    response = client.get(reverse("reviews:formal-queue", args=[reviewing.pk]))

    rows = {row.pk: row.clean for row in response.context["rows"]}
    assert (response.status_code, rows) == (200, {candidate.pk: True, failing.pk: False})
    assert "未上传支撑材料" not in response.content.decode()  # details only on the decision page
    assert "有支撑材料" in response.content.decode()


def test_queue_query_count_does_not_grow_with_its_rows(client, programme_staff, reviewing, unit_a, quota_a):
    client.force_login(programme_staff)

    def grow(n):
        for _ in range(n):
            complete(ApplicationFactory(round=reviewing, unit=UnitStaffFactory().unit, status=S.FORWARDED))

    assert_query_count_constant(client, reverse("reviews:formal-queue", args=[reviewing.pk]), grow, sizes=(1, 12), expected=QUEUE_QUERIES)


QUEUE_QUERIES = 11


def test_decide_page_fails_a_candidate_with_a_reason(client, programme_staff, candidate):
    client.force_login(programme_staff)
    url = reverse("reviews:formal-decide", args=[candidate.pk])

    page = client.get(url)
    response = client.post(url, {"to": S.FORMAL_FAILED, "reason": "推荐材料不全"})

    candidate.refresh_from_db()
    assert (page.status_code, response.status_code, candidate.status) == (200, 302, S.FORMAL_FAILED)


def test_decide_page_refuses_a_pass_with_failing_checks_and_keeps_the_typed_text(client, programme_staff, reviewing, unit_a, quota_a):
    application = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED), evidence=False)
    client.force_login(programme_staff)

    response = client.post(reverse("reviews:formal-decide", args=[application.pk]), {"to": S.FORMAL_PASSED})

    application.refresh_from_db()
    assert (response.status_code, application.status) == (400, S.FORWARDED)
    assert "以下条件未通过系统核对：有支撑材料" in response.content.decode()


def test_pass_clean_page_confirms_then_passes(client, programme_staff, candidate, reviewing):
    client.force_login(programme_staff)
    url = reverse("reviews:formal-pass-clean", args=[reviewing.pk])

    page = client.get(url)
    response = client.post(url, {"application": [str(candidate.pk)]})

    candidate.refresh_from_db()
    assert [row.pk for row in page.context["rows"]] == [candidate.pk]
    assert (response.status_code, candidate.status) == (302, S.FORMAL_PASSED)


def test_decide_page_of_an_application_outside_formal_review_goes_back_to_it(client, programme_staff, application_a):
    client.force_login(programme_staff)

    response = client.get(reverse("reviews:formal-decide", args=[application_a.pk]))

    assert response.status_code == 404  # a submitted, not forwarded, application is not the office's to see


# --- API --------------------------------------------------------------------------------------


def test_api_lists_the_queue_with_checks(client, programme_staff, candidate, reviewing):
    client.force_login(programme_staff)

    response = client.get(reverse("api:round-formal-review", args=[reviewing.pk]))

    (row,) = response.json()["results"]
    assert (response.status_code, row["id"], row["clean"], [check["key"] for check in row["checks"]]) == (
        200, candidate.pk, True, ["frontline_years", "profile", "statement", "evidence", "quota"],
    )


def test_api_decision_refuses_a_failing_pass_then_fails_with_a_reason(client, programme_staff, reviewing, unit_a, quota_a):
    application = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED), answers=False)
    client.force_login(programme_staff)
    url = reverse("api:application-formal-review", args=[application.pk])

    refused = client.post(url, {"decision": "pass"}, content_type="application/json")
    failed = client.post(url, {"decision": "fail", "reason": "陈述未填写"}, content_type="application/json")

    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "formal_checks_failed")
    assert (failed.status_code, failed.json()["status"], failed.json()["status_reason"]) == (200, "formal_failed", "陈述未填写")


def test_api_pass_clean_reports_what_it_skipped(client, programme_staff, candidate, reviewing, unit_a):
    unclean = complete(ApplicationFactory(round=reviewing, unit=unit_a, status=S.FORWARDED, unit_rank=2), evidence=False)
    client.force_login(programme_staff)

    response = client.post(
        reverse("api:round-formal-pass-clean", args=[reviewing.pk]), {"applications": [candidate.pk, unclean.pk]},
        content_type="application/json",
    )

    assert response.json() == {"passed": [candidate.pk], "skipped": [{"id": unclean.pk, "why": "系统核对未通过：有支撑材料"}]}


def test_api_decision_on_another_roles_object_is_404_for_the_office(client, programme_staff, application_a):
    client.force_login(programme_staff)

    response = client.post(
        reverse("api:application-formal-review", args=[application_a.pk]), {"decision": "pass"}, content_type="application/json"
    )

    assert response.status_code == 404
