"""The expert review API: the same services as the pages. The expert's own sheet only (another's or a
conflicted assignment 404, never another expert's scores), drafts, stale versions, submission; the
office's pool, panels, draw (dry run and recorded), manual add, withdrawal, reassignment, reopening."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.reviews import scoring
from apps.reviews.models import Assignment, AssignmentStatus, AvoidEntry, DrawRecord, ExpertProfile, Panel, SheetStatus
from apps.reviews.tests.factories import ExpertFactory, PanelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(round, unit_a, expert):
    profile = ExpertFactory(user=expert)
    other = ExpertFactory(user=UserFactory(username="expert2", role=Role.EXPERT))
    panel = PanelFactory(round=round, industries="C", members=[profile, other])
    application = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.UNDER_REVIEW, industry="C", full_name="王建国", forwarded_at=timezone.now())
    mine = Assignment.objects.create(round=round, application=application, expert=profile, panel=panel)
    theirs = Assignment.objects.create(round=round, application=application, expert=other, panel=panel)
    return profile, other, panel, application, mine, theirs


def sheet_url(assignment, suffix=""):
    return reverse(f"api:review-sheet{suffix}", kwargs={"pk": assignment.pk})


def test_the_expert_saves_and_submits_their_sheet_through_the_api(client, expert, round, setup):
    *_, mine, theirs = setup
    client.force_login(expert)
    ids = [i.pk for i in round.indicators.order_by("position")]

    assert client.get(sheet_url(mine)).json()["version"] == 0
    stale = client.post(sheet_url(mine), {"scores": {str(ids[0]): "7"}, "version": 3}, content_type="application/json")
    assert stale.status_code == 400
    bad = client.post(sheet_url(mine), {"scores": {str(ids[0]): "12"}, "version": 0}, content_type="application/json")
    assert bad.status_code == 400 and "须在0至10分之间" in bad.content.decode()
    saved = client.post(sheet_url(mine), {"scores": {str(i): "8" for i in ids}, "comment": "扎实", "version": 0}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 1 and Decimal(saved.json()["total"]) == Decimal("120")
    submitted = client.post(sheet_url(mine, "-submit"), {"version": 1}, content_type="application/json")
    assert submitted.status_code == 200 and submitted.json()["status"] == SheetStatus.SUBMITTED
    locked = client.post(sheet_url(mine), {"scores": {str(ids[0]): "9"}, "version": 2}, content_type="application/json")
    assert locked.status_code == 400


def test_another_experts_sheet_and_a_conflicted_one_answer_404(client, expert, round, unit_a, setup):
    profile, other, panel, application, mine, theirs = setup
    scoring.save_draft(theirs, by=other.user, values={round.indicators.first().pk: "3.3"}, version=0)
    conflicted = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.UNDER_REVIEW, industry="C")
    AvoidEntry.objects.create(application=conflicted, slot=1, name=expert.display_name)
    hidden = Assignment.objects.create(round=round, application=conflicted, expert=profile, panel=panel)
    client.force_login(expert)

    for target in (theirs, hidden):
        assert client.get(sheet_url(target)).status_code == 404
        assert client.post(reverse("api:review-conflict", kwargs={"pk": target.pk}), {"reason": "x"}, content_type="application/json").status_code == 404
    assert "3.3" not in client.get(sheet_url(mine)).content.decode()


def test_a_declared_conflict_withdraws_and_shows_on_the_reassign_list(client, expert, programme_staff, round, setup):
    *_, application, mine, theirs = setup
    client.force_login(expert)

    response = client.post(reverse("api:review-conflict", kwargs={"pk": mine.pk}), {"reason": "同一项目组"}, content_type="application/json")

    assert response.status_code == 204 and Assignment.objects.get(pk=mine.pk).status == AssignmentStatus.WITHDRAWN
    client.force_login(programme_staff)
    rows = client.get(reverse("api:round-reassign", kwargs={"pk": round.pk})).json()["results"]
    assert [row["id"] for row in rows] == [application.pk] and rows[0]["withdrawn_reasons"] == ["专家申报利益冲突回避"]


def test_the_office_builds_the_pool_and_panels_and_draws(client, programme_staff, round, unit_a):
    client.force_login(programme_staff)
    accounts = [UserFactory(username=f"e{i}", role=Role.EXPERT) for i in range(3)]
    for i, account in enumerate(accounts):
        response = client.post(reverse("api:round-experts", kwargs={"pk": round.pk}),
                               {"user": account.pk, "field": "焊接", "employer_name": f"第{i}研究所"}, content_type="application/json")
        assert response.status_code == 201, response.content
    panel = client.post(reverse("api:round-panels", kwargs={"pk": round.pk}),
                        {"name": "制造业组", "field": "焊接", "industries": "C", "members": list(ExpertProfile.objects.values_list("pk", flat=True))},
                        content_type="application/json")
    assert panel.status_code == 201 and panel.json()["industries"] == "C"
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORMAL_PASSED, industry="C")
    url = reverse("api:round-draw", kwargs={"pk": round.pk})

    short = client.post(url, {"seed": 1}, content_type="application/json")  # N = 5 > 3 experts
    assert short.status_code == 400 and "不足5名" in short.content.decode()
    dry = client.post(url, {"n": 3, "seed": 1}, content_type="application/json")
    assert dry.status_code == 200 and dry.json()["assignment_count"] == 3 and not DrawRecord.objects.exists()
    done = client.post(url, {"n": 3, "seed": 1, "dry_run": False}, content_type="application/json")
    assert done.status_code == 201 and done.json()["result_hash"] == dry.json()["result_hash"]
    assert Assignment.objects.filter(status=AssignmentStatus.ACTIVE).count() == 3
    members = client.post(reverse("api:review-panel-members", kwargs={"pk": Panel.objects.get().pk}), {"members": []}, content_type="application/json")
    assert members.status_code == 200 and members.json()["members"] == [] and members.json()["active_assignments"] == 3


def test_the_office_adds_withdraws_and_reopens(client, programme_staff, round, setup):
    profile, other, panel, application, mine, theirs = setup
    spare = ExpertFactory()
    panel.members.add(spare)
    client.force_login(programme_staff)

    add = client.post(reverse("api:application-assignments", kwargs={"pk": application.pk}), {"expert": spare.pk, "reason": "补充"}, content_type="application/json")
    assert add.status_code == 201 and add.json()["manual"] is True
    again = client.post(reverse("api:application-assignments", kwargs={"pk": application.pk}), {"expert": spare.pk, "reason": "补充"}, content_type="application/json")
    assert again.status_code == 400
    withdraw = client.post(reverse("api:review-assignment-withdraw", kwargs={"pk": theirs.pk}), {"reason": ""}, content_type="application/json")
    assert withdraw.status_code == 400
    withdraw = client.post(reverse("api:review-assignment-withdraw", kwargs={"pk": theirs.pk}), {"reason": "出差"}, content_type="application/json")
    assert withdraw.status_code == 200 and withdraw.json()["status"] == AssignmentStatus.WITHDRAWN
    listed = client.get(reverse("api:application-assignments", kwargs={"pk": application.pk})).json()["results"]
    assert len(listed) == 3

    scoring.save_draft(mine, by=profile.user, values={i.pk: "8" for i in round.indicators.all()}, version=0)
    sheet = scoring.submit_sheet(mine, by=profile.user)
    reopened = client.post(reverse("api:review-sheet-reopen", kwargs={"pk": sheet.pk}), {"reason": "请复核"}, content_type="application/json")
    assert reopened.status_code == 204
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.REOPENED
