"""The expert's desk and scoring page, the conflict declaration, and the expert branch of the
application's access policy: only the expert's own, non-conflicted assignments, never another
expert's scores; drafts, stale pages, submission and its lock through the pages."""
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import EvidenceFile, StatementAnswer
from apps.applicants.samples import pdf_bytes
from apps.applicants.selectors import applications_visible_to
from apps.applicants.tests.factories import ApplicationFactory
from apps.applicants.tests.world_content import stored
from apps.core.models import AuditEntry
from apps.reviews import scoring
from apps.reviews.models import Assignment, AssignmentStatus, AvoidEntry, ConflictDeclaration, Score, SheetStatus
from apps.reviews.tests.factories import ExpertFactory, PanelFactory
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(expert):
    return ExpertFactory(user=expert)


@pytest.fixture
def other_profile(db):
    return ExpertFactory(user=UserFactory(username="expert2", display_name="周立", role=Role.EXPERT))


@pytest.fixture
def panel(round, profile, other_profile):
    return PanelFactory(round=round, industries="C", members=[profile, other_profile])


def candidate(round, unit_a, **fields):
    fields = {"status": ApplicationStatus.UNDER_REVIEW, "industry": "C", "full_name": "王建国", **fields}
    return ApplicationFactory(round=round, unit=unit_a, **fields)


@pytest.fixture
def application(round, unit_a):
    return candidate(round, unit_a, employer_name="中国中车")


@pytest.fixture
def assignment(round, application, profile, panel):
    return Assignment.objects.create(round=round, application=application, expert=profile, panel=panel)


def values(round, value="8"):
    return {f"score_{i.pk}": value for i in round.indicators.order_by("position")}


def score_url(assignment):
    return reverse("reviews:score", kwargs={"pk": assignment.pk})


def test_the_desk_lists_own_assignments_with_sheet_state_and_never_a_conflicted_one(client, expert, round, unit_a, profile, panel, assignment):
    hidden = candidate(round, unit_a, full_name="李秀英")
    AvoidEntry.objects.create(application=hidden, slot=1, name=expert.display_name)
    Assignment.objects.create(round=round, application=hidden, expert=profile, panel=panel)
    scoring.save_draft(assignment, by=expert, values={round.indicators.first().pk: "7"}, version=0)
    client.force_login(expert)

    response = client.get(reverse("reviews:dashboard"))

    html = response.content.decode()
    assert [row.pk for row in response.context["assignments"]] == [assignment.pk]
    assert "王建国" in html and "李秀英" not in html
    assert "1/15" in html and "草稿" in html
    assert response.context["counts"] == {"total": 1, "submitted": 0, "in_progress": 1, "not_started": 0}


def test_the_desk_runs_a_constant_number_of_queries(client, expert, round, unit_a, profile, panel):
    client.force_login(expert)

    def grow(n):
        for _ in range(n):
            Assignment.objects.create(round=round, application=candidate(round, unit_a), expert=profile, panel=panel)

    assert_query_count_constant(client, reverse("reviews:dashboard"), grow, expected=11)


def test_the_scoring_page_runs_a_constant_number_of_queries(client, expert, round, assignment):
    client.force_login(expert)
    indicator = round.indicators.first()

    def grow(n):
        for i in range(n):
            EvidenceFile.objects.create(
                application=assignment.application, indicator=indicator, display_name=f"证书{i}.pdf",
                file=f"evidence/t/{i}.pdf", content_type="application/pdf", size=10, sha256="0" * 64,
                uploaded_by=assignment.application.applicant,
            )

    assert_query_count_constant(client, score_url(assignment), grow, expected=14)


def test_the_scoring_page_shows_materials_masked_and_the_fifteen_inputs(client, expert, round, assignment):
    application = assignment.application
    application.resident_id = "110101199003071234"
    application.save()
    indicator = round.indicators.order_by("position").first()
    StatementAnswer.objects.create(application=application, indicator=indicator, text="主持高铁转向架焊接工艺攻关", version=1)
    client.force_login(expert)

    response = client.get(score_url(assignment))

    html = response.content.decode()
    assert response.status_code == 200
    assert "主持高铁转向架焊接工艺攻关" in html and "中国中车" in html
    assert "110101199003071234" not in html and "身份证号码、手机号码等个人信息不向评审专家展示" in html
    assert html.count('class="form-control score-input') == 15
    assert 'max="10.0"' in html and "js/scoring.js" in html and "<script>" not in html


def test_a_draft_saves_through_the_page_and_a_stale_page_is_refused(client, expert, round, assignment):
    client.force_login(expert)

    response = client.post(score_url(assignment), {**values(round, ""), f"score_{round.indicators.first().pk}": "7.5", "comment": "扎实", "version": "0", "action": "save"})

    assert response.status_code == 302
    sheet = Assignment.objects.get(pk=assignment.pk).sheet
    assert sheet.version == 1 and sheet.comment == "扎实" and sheet.scores.get().value == Decimal("7.5")

    stale = client.post(score_url(assignment), {**values(round, "9"), "version": "0", "action": "save"})

    assert stale.status_code == 400
    assert sheet.scores.count() == 1 and sheet.scores.get().value == Decimal("7.5")


def test_a_value_out_of_range_is_refused_with_its_message_and_nothing_saved(client, expert, round, assignment):
    client.force_login(expert)
    first = round.indicators.order_by("position").first()

    response = client.post(score_url(assignment), {**values(round), f"score_{first.pk}": "11", "version": "0", "action": "submit"})

    assert response.status_code == 400
    assert f"“{first.name}”的得分须在0至10分之间" in response.content.decode()
    assert not Score.objects.exists()


def test_submit_locks_the_sheet_and_the_page_then_reads_only(client, expert, round, assignment):
    client.force_login(expert)

    response = client.post(score_url(assignment), {**values(round, "8"), "comment": "优秀", "version": "0", "action": "submit"})

    assert response.status_code == 302 and response["Location"] == reverse("reviews:dashboard")
    sheet = Assignment.objects.get(pk=assignment.pk).sheet
    assert sheet.status == SheetStatus.SUBMITTED and sheet.scores.count() == 15
    again = client.post(score_url(assignment), {**values(round, "9"), "version": str(sheet.version), "action": "save"})
    assert again.status_code == 400 and "评分表已提交" in again.content.decode()
    page = client.get(score_url(assignment)).content.decode()
    assert 'data-testid="locked"' in page and 'data-testid="save-draft"' not in page


def test_an_incomplete_submission_keeps_the_draft_and_says_what_is_missing(client, expert, round, assignment):
    client.force_login(expert)
    first = round.indicators.order_by("position").first()

    response = client.post(score_url(assignment), {f"score_{first.pk}": "6", "version": "0", "action": "submit"})

    assert response.status_code == 400 and "还有14项未评分" in response.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).sheet.status == SheetStatus.DRAFT


def test_an_expert_never_sees_another_experts_scores(client, expert, round, application, panel, other_profile, assignment):
    other = Assignment.objects.create(round=round, application=application, expert=other_profile, panel=panel)
    scoring.save_draft(other, by=other_profile.user, values={i.pk: "3.7" for i in round.indicators.all()}, comment="另一位专家的意见", version=0)
    client.force_login(expert)

    html = client.get(score_url(assignment)).content.decode()
    denied = client.get(score_url(other))

    assert "3.7" not in html and "另一位专家的意见" not in html
    assert denied.status_code == 404
    api = client.get(reverse("api:review-assignment-list")).json()
    assert [row["id"] for row in api["results"]] == [assignment.pk]


def test_unassigned_withdrawn_and_conflicted_assignments_answer_404(client, expert, round, unit_a, profile, panel, assignment):
    conflicted = candidate(round, unit_a, employer_name=profile.employer_name)
    conflicted_assignment = Assignment.objects.create(round=round, application=conflicted, expert=profile, panel=panel)
    withdrawn = Assignment.objects.create(
        round=round, application=candidate(round, unit_a), expert=profile, panel=panel, status=AssignmentStatus.WITHDRAWN
    )
    client.force_login(expert)

    for target in (conflicted_assignment, withdrawn):
        assert client.get(score_url(target)).status_code == 404
        assert client.post(score_url(target), {**values(round), "version": "0"}).status_code == 404
    assert not Score.objects.exists()


def test_the_expert_reads_evidence_of_an_assigned_candidate_but_not_of_a_conflicted_or_unassigned_one(client, expert, round, unit_a, profile, panel, assignment):
    indicator = round.indicators.first()

    def evidence_of(application):
        return stored(EvidenceFile.objects.create(
            application=application, indicator=indicator, display_name="证书.pdf", file=f"evidence/t/{application.pk}.pdf",
            content_type="application/pdf", size=len(pdf_bytes("World")), sha256="0" * 64, uploaded_by=application.applicant,
        ))

    conflicted = candidate(round, unit_a, full_name="李秀英")
    AvoidEntry.objects.create(application=conflicted, slot=1, name=expert.display_name)
    Assignment.objects.create(round=round, application=conflicted, expert=profile, panel=panel)
    unassigned = candidate(round, unit_a, full_name="张伟")
    client.force_login(expert)

    def download(application):
        evidence = evidence_of(application)
        return client.get(reverse("applicants:evidence-download", kwargs={"pk": application.pk, "file_pk": evidence.pk}))

    assert download(assignment.application).status_code == 200
    assert download(conflicted).status_code == 404
    assert download(unassigned).status_code == 404
    assert list(applications_visible_to(expert)) == [assignment.application]


def test_the_expert_branch_ends_with_the_review_and_leaves_other_roles_as_they_were(expert, applicant_a, round, assignment):
    application = assignment.application
    assert list(applications_visible_to(expert)) == [application]
    application.status = ApplicationStatus.APPROVED
    application.save(update_fields=["status"])
    assert list(applications_visible_to(expert)) == []
    assert list(applications_visible_to(applicant_a)) == list(applications_visible_to(applicant_a).filter(applicant=applicant_a))


def test_declaring_a_conflict_withdraws_the_assignment_and_lists_the_candidate_for_reassignment(client, expert, programme_staff, round, assignment):
    client.force_login(expert)

    refused = client.post(reverse("reviews:declare-conflict", kwargs={"pk": assignment.pk}), {"reason": " "})
    assert refused.status_code == 400 and Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.ACTIVE

    response = client.post(reverse("reviews:declare-conflict", kwargs={"pk": assignment.pk}), {"reason": "曾为同一项目组成员"})

    assert response.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.WITHDRAWN
    assert ConflictDeclaration.objects.get().reason == "曾为同一项目组成员"
    assert AuditEntry.objects.filter(action="reviews.conflict.declared").count() == 1
    assert "王建国" not in client.get(reverse("reviews:dashboard")).content.decode()
    assert client.get(score_url(assignment)).status_code == 404
    client.force_login(programme_staff)
    page = client.get(reverse("reviews:reassign", kwargs={"pk": round.pk}))
    assert [row[0].pk for row in page.context["rows"]] == [assignment.application_id]
    assert "专家申报利益冲突回避" in page.content.decode()


def test_the_scoring_page_links_the_referee_letters_the_expert_may_download(client, expert, round, unit_a, profile, panel, assignment):
    from apps.applicants.tests.world_referees import _referee, stored_letter

    letter = stored_letter(_referee(assignment.application, 1, token="t-scoring-1", confirmed=True, name="冯军"))
    _referee(assignment.application, 2, token="t-scoring-2", confirmed=False, name="未确认的推荐人")
    conflicted = candidate(round, unit_a, full_name="李秀英")
    AvoidEntry.objects.create(application=conflicted, slot=1, name=expert.display_name)
    Assignment.objects.create(round=round, application=conflicted, expert=profile, panel=panel)
    hidden = stored_letter(_referee(conflicted, 1, token="t-scoring-3", confirmed=True, name="吴海"))
    client.force_login(expert)

    html = client.get(score_url(assignment)).content.decode()

    url = reverse("applicants:referee-letter", kwargs={"pk": assignment.application_id, "referee_pk": letter.pk})
    assert url in html and "冯军" in html and "未确认的推荐人" not in html
    assert client.get(url).status_code == 200
    assert client.get(reverse("applicants:referee-letter", kwargs={"pk": conflicted.pk, "referee_pk": hidden.pk})).status_code == 404
