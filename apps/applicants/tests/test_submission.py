"""Completeness, submission and its snapshots (issue 9 items 6-7): the rules written by hand from the brief."""
import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.applicants.completeness import checklist
from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application, ApplicationSnapshot, EvidenceFile, Referee, StatementAnswer
from apps.applicants.models_snapshots import SnapshotImmutable
from apps.applicants.services import set_application_status, submit_application
from apps.applicants.statement import save_answer
from apps.applicants.tests.complete import complete_application, complete_referees, evidence_row
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DeadlinePassed, DomainError
from apps.core.models import AuditEntry
from apps.notices.models import Notice
from apps.rounds.enums import Power

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(round, unit_a, applicant_a):
    return complete_application(ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT))


def _state(application):
    return (
        Application.objects.values("status", "submitted_at", "updated_at").get(pk=application.pk),
        ApplicationSnapshot.objects.count(), AuditEntry.objects.count(), Notice.objects.count(),
    )


def _submit(application, by):
    return submit_application(application, by=by, version=checklist(Application.objects.get(pk=application.pk)).version)


# --- Each missing requirement refuses ---------------------------------------------------------


def _without_profile_field(application):
    application.post = ""
    application.save(update_fields=["post"])


def _without_an_answer(application):
    StatementAnswer.objects.filter(application=application).order_by("indicator__position").last().delete()


def _without_files_of_one_power(application):
    EvidenceFile.objects.filter(application=application, indicator__power=Power.TACKLING).delete()


def _with_a_referee_unconfirmed(application):
    Referee.objects.filter(application=application, slot=2).update(status="invited", confirmed_at=None, letter="", letter_sha256="")


def _without_a_referee(application):
    Referee.objects.filter(application=application, slot=3).delete()


@pytest.mark.parametrize(("spoil", "key", "message"), [
    (_without_profile_field, "profile", "基本信息未填写：岗位。"),
    (_without_an_answer, "statement", "“工匠五力”陈述还有1项未填写：传承力·应用智能。"),
    (_without_files_of_one_power, "evidence", "以下方面尚无支撑材料，每方面至少上传一份：攻关力。"),
    (_with_a_referee_unconfirmed, "referees", "推荐专家2（周敏）尚未确认推荐。"),
    (_without_a_referee, "referees", "还需邀请1位推荐专家（共需3位非本单位同行高级专家）。"),
])
def test_each_missing_requirement_refuses_submission_with_its_message(draft, applicant_a, spoil, key, message):
    spoil(draft)
    before = _state(draft)

    with pytest.raises(DomainError) as refused:
        _submit(draft, applicant_a)

    items = {item.requirement.key: item.missing for item in checklist(Application.objects.get(pk=draft.pk)).items}
    assert items[key] == [message]
    assert [other for name, other in items.items() if name != key] == [[] for name in items if name != key]
    assert (refused.value.code, message in refused.value.message) == ("incomplete", True)
    assert _state(draft) == before


def test_an_empty_draft_lists_every_gap(round, unit_a, applicant_a):
    empty = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT, employer_name="")

    result = checklist(empty)

    assert (result.complete, result.done_count, result.total) == (False, 0, 4)
    assert result.missing[1].startswith("“工匠五力”陈述还有15项未填写：引领力·勇挑重担、")
    assert result.missing[-1] == "还需邀请3位推荐专家（共需3位非本单位同行高级专家）。"
    assert result.items[-1].url == reverse("applicants:referees", args=[empty.pk])


def test_a_referee_confirming_changes_the_version_token(draft):
    Referee.objects.filter(application=draft, slot=1).update(status="invited", confirmed_at=None, letter="", letter_sha256="")
    before = checklist(Application.objects.get(pk=draft.pk))
    Referee.objects.filter(application=draft, slot=1).update(status="confirmed", confirmed_at=timezone.now(), letter="x.pdf", letter_sha256="1" * 64)

    after = checklist(Application.objects.get(pk=draft.pk))

    assert (before.complete, after.complete) == (False, True)
    assert before.version != after.version


def test_fewer_than_five_frontline_years_in_an_old_row_is_missing(draft):
    Application.objects.filter(pk=draft.pk).update(frontline_years=4)

    assert checklist(Application.objects.get(pk=draft.pk)).missing == [
        "一线生产现场工作经历不足5年，不符合申报基本条件：培育对象要有5年以上一线生产现场工作经历。"
    ]


# --- Deadline, second submission, stale form -------------------------------------------------


def test_submission_after_the_recommend_deadline_is_refused(draft, applicant_a):
    draft.round.recommend_deadline = timezone.now() - datetime.timedelta(minutes=1)
    draft.round.save(update_fields=["recommend_deadline"])
    before = _state(draft)

    with pytest.raises(DeadlinePassed):
        _submit(draft, applicant_a)

    assert _state(draft) == before


def test_a_second_submission_is_refused_and_changes_nothing(draft, applicant_a):
    _submit(draft, applicant_a)
    before = _state(draft)

    with pytest.raises(DomainError) as refused:
        submit_application(draft, by=applicant_a)

    assert refused.value.code == "already_submitted" and "不能重复提交" in refused.value.message
    assert _state(draft) == before


def test_a_stale_form_is_refused_when_an_answer_changed_elsewhere(draft, applicant_a):
    seen = checklist(draft).version
    answer = StatementAnswer.objects.filter(application=draft).first()
    save_answer(draft, answer.indicator, by=applicant_a, text="另一个页面改写的陈述", version=answer.version)
    before = _state(draft)

    with pytest.raises(DomainError) as refused:
        submit_application(draft, by=applicant_a, version=seen)

    assert refused.value.code == "stale_submission"
    assert _state(draft) == before


def test_a_stale_form_is_refused_when_a_file_was_added_elsewhere(draft, applicant_a):
    seen = checklist(draft).version
    evidence_row(draft, draft.round.indicators.first(), name="新增.pdf")

    with pytest.raises(DomainError, match="已在其他页面或设备上修改"):
        submit_application(draft, by=applicant_a, version=seen)


# --- The snapshot -----------------------------------------------------------------------------


def test_submission_freezes_a_snapshot_with_masked_numbers_and_file_hashes(draft, applicant_a):
    submitted = _submit(draft, applicant_a)

    snapshot = ApplicationSnapshot.objects.get(application=draft)
    profile = snapshot.content["profile"]
    assert (snapshot.version, snapshot.submitted_at) == (1, submitted.submitted_at)
    assert draft.resident_id not in str(snapshot.content) and draft.mobile not in str(snapshot.content)
    assert profile["resident_id"]["value"] == draft.resident_id[:3] + "*" * 11 + draft.resident_id[-4:]
    assert (profile["post"]["value"], profile["industry"]["label"]) == ("数控车工", "制造业")
    assert len(snapshot.content["answers"]) == 15
    assert sorted(evidence["sha256"] for evidence in snapshot.content["evidence"]) == sorted(
        EvidenceFile.objects.filter(application=draft).values_list("sha256", flat=True)
    )


def test_the_snapshot_keeps_the_live_referees_with_their_letters_hashes_and_never_their_emails(draft, applicant_a):
    old = Referee.objects.get(application=draft, slot=3)
    Referee.objects.filter(pk=old.pk).update(status="replaced", replaced_at=timezone.now())
    successor = complete_referees(draft)[0]

    _submit(draft, applicant_a)

    referees = ApplicationSnapshot.objects.get(application=draft).content["referees"]
    live = Referee.objects.filter(application=draft).exclude(status="replaced").order_by("slot")
    assert [(r["slot"], r["name"], r["status"], r["status_label"], r["letter_sha256"]) for r in referees] == [
        (referee.slot, referee.name, "confirmed", "已确认", referee.letter_sha256) for referee in live
    ]
    assert referees[2]["letter_sha256"] == successor.letter_sha256
    assert (referees[0]["title"], referees[0]["title_label"], referees[0]["employer_name"]) == ("full_senior", "正高级专业技术职称", "哈尔滨工业大学")
    assert referees[0]["relationship"] and referees[0]["confirmed_at"]
    assert "@" not in str(referees) and "token" not in str(referees) and "referees/tests" not in str(referees)


def test_later_edits_do_not_change_the_snapshot_and_resubmission_adds_version_two(draft, applicant_a, unit_staff_a):
    _submit(draft, applicant_a)
    set_application_status(draft, S.RETURNED, by=unit_staff_a, reason="请补充攻关力材料")
    first = ApplicationSnapshot.objects.get(application=draft, version=1)
    answer = StatementAnswer.objects.filter(application=draft).order_by("indicator__position").first()

    save_answer(draft, answer.indicator, by=applicant_a, text="退回后改写的陈述", version=answer.version)
    _submit(draft, applicant_a)

    versions = list(ApplicationSnapshot.objects.filter(application=draft).order_by("version"))
    assert [snapshot.version for snapshot in versions] == [1, 2]
    assert (versions[0].content, versions[0].content_sha256) == (first.content, first.content_sha256)
    assert versions[0].content["answers"][0]["text"] != "退回后改写的陈述"
    assert versions[1].content["answers"][0]["text"] == "退回后改写的陈述"


def test_the_snapshot_model_refuses_updates_and_deletes(draft, applicant_a):
    _submit(draft, applicant_a)
    snapshot = ApplicationSnapshot.objects.get(application=draft)

    snapshot.content = {"forged": True}
    with pytest.raises(SnapshotImmutable):
        snapshot.save()
    with pytest.raises(SnapshotImmutable):
        snapshot.delete()
    with pytest.raises(SnapshotImmutable):
        ApplicationSnapshot.objects.filter(pk=snapshot.pk).update(content={})
    with pytest.raises(SnapshotImmutable):
        ApplicationSnapshot.objects.filter(pk=snapshot.pk).delete()

    assert ApplicationSnapshot.objects.get(pk=snapshot.pk).content["answers"]


@pytest.mark.postgresql
@pytest.mark.parametrize("sql", [
    "UPDATE applicants_applicationsnapshot SET content = '{}' WHERE id = %s",
    "DELETE FROM applicants_applicationsnapshot WHERE id = %s",
])
def test_postgresql_refuses_changing_a_snapshot_whoever_asks(draft, applicant_a, sql):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    _submit(draft, applicant_a)
    snapshot = ApplicationSnapshot.objects.get(application=draft)

    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [snapshot.pk])

    assert ApplicationSnapshot.objects.get(pk=snapshot.pk).content_sha256 == snapshot.content_sha256


def test_submission_notifies_the_units_staff(draft, applicant_a, unit_staff_a):
    _submit(draft, applicant_a)

    assert list(Notice.objects.values_list("recipient", "kind")) == [(unit_staff_a.pk, "application.unit_review")]


# --- Pages and API --------------------------------------------------------------------------


def test_the_page_carries_the_version_and_submits_with_it(client, draft, applicant_a):
    client.force_login(applicant_a)
    page = client.get(reverse("applicants:detail", args=[draft.pk]))
    version = page.context["checklist"].version

    stale = client.post(reverse("applicants:submit", args=[draft.pk]), {"version": "0" * 16}, follow=True)
    assert Application.objects.get(pk=draft.pk).status == S.DRAFT
    assert "已在其他页面或设备上修改" in stale.content.decode()
    client.post(reverse("applicants:submit", args=[draft.pk]), {"version": version})

    assert f'name="version" value="{version}"' in page.content.decode()
    assert Application.objects.get(pk=draft.pk).status == S.SUBMITTED
    detail = client.get(reverse("applicants:detail", args=[draft.pk]))
    assert [snapshot.version for snapshot in detail.context["snapshots"]] == [1]
    assert client.get(reverse("applicants:snapshot", args=[draft.pk, 1])).status_code == 200


def test_the_returned_reason_is_shown_beside_the_sections(client, draft, applicant_a, unit_staff_a):
    _submit(draft, applicant_a)
    set_application_status(draft, S.RETURNED, by=unit_staff_a, reason="请补充技能等级证书")
    client.force_login(applicant_a)

    page = client.get(reverse("applicants:detail", args=[draft.pk])).content.decode()

    assert "推荐单位退回修改的原因：请补充技能等级证书" in page
    assert 'data-testid="version-1"' in page


def test_the_api_gives_completeness_submits_with_the_version_and_lists_snapshots(draft, applicant_a):
    api = APIClient()
    api.force_login(applicant_a)

    got = api.get(reverse("api:application-completeness", args=[draft.pk])).json()
    refused = api.post(reverse("api:application-submit", args=[draft.pk]), {"version": "stale"}, format="json")
    missing = api.post(reverse("api:application-submit", args=[draft.pk]), {}, format="json")
    submitted = api.post(reverse("api:application-submit", args=[draft.pk]), {"version": got["version"]}, format="json")
    listed = api.get(reverse("api:application-snapshots", args=[draft.pk])).json()
    one = api.get(reverse("api:application-snapshot", args=[draft.pk, 1])).json()

    assert (got["complete"], [item["key"] for item in got["items"]]) == (True, ["profile", "statement", "evidence", "referees"])
    assert (refused.status_code, missing.status_code, submitted.status_code) == (400, 400, 200)
    assert [snapshot["version"] for snapshot in listed["results"]] == [1]
    assert (one["version"], len(one["content"]["answers"])) == (1, 15)
    assert api.get(reverse("api:application-snapshot", args=[draft.pk, 2])).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "applicant_b", "unit_staff_b", "expert"])
def test_others_cannot_read_snapshots_by_page_or_api(request, draft, applicant_a, who):
    _submit(draft, applicant_a)
    client, api = request.getfixturevalue("client"), APIClient()
    if who != "anonymous":
        user = request.getfixturevalue(who)
        client.force_login(user)
        api.force_login(user)

    page = client.get(reverse("applicants:snapshot", args=[draft.pk, 1]))
    listed = api.get(reverse("api:application-snapshots", args=[draft.pk]))
    one = api.get(reverse("api:application-snapshot", args=[draft.pk, 1]))

    expected_page = 302 if who == "anonymous" else 404
    expected_api = (401, 403) if who == "anonymous" else (404,)
    assert page.status_code == expected_page
    assert listed.status_code in expected_api and one.status_code in expected_api


# --- Query counts ---------------------------------------------------------------------------


def test_the_application_page_query_count_is_constant_whatever_the_files_answers_and_versions(
    client, round, unit_a, applicant_a, unit_staff_a, assert_constant_queries
):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.SUBMITTED)
    complete_referees(application)  # three referees, read once for the checklist and the reading section
    indicators = list(round.indicators.order_by("position"))
    grown = {"n": 0}

    def grow(n):
        for _ in range(n):
            number = grown["n"] = grown["n"] + 1
            StatementAnswer.objects.create(application=application, indicator=indicators[number - 1], text=f"第{number}项陈述", version=1)
            evidence_row(application, indicators[number - 1], name=f"材料{number}.pdf")
            ApplicationSnapshot.objects.create(
                application=application, version=number, submitted_at=timezone.now(), content={}, content_sha256="0" * 64
            )

    client.force_login(unit_staff_a)

    # session, user, application, 3 for the rows (indicators, answers, files), the live referees, versions,
    # history (2), the unit's recommendation form panel
    assert_constant_queries(client, reverse("applicants:detail", args=[application.pk]), grow, sizes=(1, 5), expected=11)
    assert len(client.get(reverse("applicants:detail", args=[application.pk])).context["referees"]) == 3


def test_the_applicants_desk_with_a_draft_adds_the_checklists_four_queries(client, draft, applicant_a, assert_constant_queries):
    """This year's application, the statement rows' three and the live referees' one (read on every visit:
    the checklist's version keys the cached body)."""
    client.force_login(applicant_a)

    def grow(n):
        for number in range(n):
            evidence_row(draft, draft.round.indicators.first(), name=f"补充{number}.pdf")

    assert_constant_queries(client, reverse("applicants:dashboard"), grow, sizes=(1, 5), expected=9)
    assert "项已完成，可以提交申报" in client.get(reverse("applicants:dashboard")).content.decode()


def test_the_snapshot_page_query_count_is_constant(client, draft, applicant_a, assert_constant_queries):
    _submit(draft, applicant_a)
    client.force_login(applicant_a)

    def grow(n):
        for number in range(n):
            evidence_row(draft, draft.round.indicators.first(), name=f"后加{number}.pdf")  # never in the frozen version

    response_url = reverse("applicants:snapshot", args=[draft.pk, 1])
    # session, user, application, the snapshot, the unread notices of the navigation
    assert_constant_queries(client, response_url, grow, sizes=(1, 5), expected=5)
    assert len(client.get(response_url).context["content"]["evidence"]) == 5


@pytest.mark.parametrize("page", ["applicants:profile", "applicants:statement", "applicants:evidence"])
def test_each_section_of_a_returned_application_shows_the_reason(client, draft, applicant_a, unit_staff_a, page):
    _submit(draft, applicant_a)
    set_application_status(draft, S.RETURNED, by=unit_staff_a, reason="请补充技能等级证书")
    client.force_login(applicant_a)

    content = client.get(reverse(page, args=[draft.pk])).content.decode()

    assert content.count("推荐单位退回修改的原因：请补充技能等级证书") == 1


def test_the_applicants_cached_desk_shows_a_file_deleted_elsewhere_at_the_next_visit(client, draft, applicant_a):
    """The desk's body is cached (apps/core/fragments.py); a change of the statement, files or referees
    touches no application row, so the checklist's own version keys the body."""
    client.force_login(applicant_a)
    url = reverse("applicants:dashboard")
    assert "项已完成，可以提交申报" in client.get(url).content.decode()
    client.get(url)  # cached now

    EvidenceFile.objects.filter(application=draft).delete()

    assert "项已完成，可以提交申报" not in client.get(url).content.decode()
