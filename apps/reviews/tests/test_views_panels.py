"""The office's expert-review pages: the pool, panels, the draw (preview, refusal naming the candidates
short of experts, confirmed draw recorded), manual add and withdrawal, reassignment, reopening."""
import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.models import AuditEntry
from apps.reviews import draw, scoring
from apps.reviews.models import Assignment, AssignmentStatus, DrawRecord, ExpertProfile, Panel, SheetStatus
from apps.reviews.tests.factories import ExpertFactory, PanelFactory
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, programme_staff):
    client.force_login(programme_staff)
    return client


def candidate(round, unit, name, **fields):
    return ApplicationFactory(
        round=round, unit=unit, status=ApplicationStatus.FORMAL_PASSED, industry="C", full_name=name,
        forwarded_at=timezone.now(), **fields,
    )


def test_the_office_adds_an_expert_account_to_the_pool(office, round):
    account = UserFactory(username="newexpert", display_name="孙立", role=Role.EXPERT)
    url = reverse("reviews:pool", kwargs={"pk": round.pk})

    assert "孙立" in office.get(url).content.decode()
    refused = office.post(url, {"user": account.pk, "field": "", "employer_name": "哈尔滨工业大学"})
    assert refused.status_code == 400 and not ExpertProfile.objects.exists()
    response = office.post(url, {"user": account.pk, "field": "焊接", "employer_name": "哈尔滨工业大学", "industry": "C", "region": "23"})

    assert response.status_code == 302
    profile = ExpertProfile.objects.get()
    assert (profile.user, profile.field, profile.industry, profile.region) == (account, "焊接", "C", "23")
    assert AuditEntry.objects.filter(action="reviews.expert.added").count() == 1


def test_the_office_creates_a_panel_and_changes_its_members(office, round):
    first, second = ExpertFactory(), ExpertFactory()
    url = reverse("reviews:panels", kwargs={"pk": round.pk})

    response = office.post(url, {"name": "制造业专家组", "field": "智能制造", "industries": ["C", "D"], "members": [first.pk]})

    assert response.status_code == 302
    panel = Panel.objects.get()
    assert panel.industries == "CD" and list(panel.members.all()) == [first]
    overlap = office.post(url, {"name": "另一组", "field": "电力", "industries": ["D"]})
    assert overlap.status_code == 400 and "已属于本年度的其他专家组" in overlap.content.decode()
    office.post(reverse("reviews:panel-members", kwargs={"pk": panel.pk}), {"members": [first.pk, second.pk]})
    assert set(panel.members.all()) == {first, second}
    assert AuditEntry.objects.filter(action="reviews.panel.members_changed").count() == 1


def test_the_draw_refuses_naming_the_candidates_short_of_eligible_experts(office, round, unit_a):
    experts = [ExpertFactory() for _ in range(3)]
    PanelFactory(round=round, industries="C", members=experts)
    candidate(round, unit_a, "王建国")
    candidate(round, unit_a, "李秀英", employer_name=experts[0].employer_name)  # conflicted with one of three
    url = reverse("reviews:draw", kwargs={"pk": round.pk})

    response = office.post(url, {"action": "preview", "n": "3", "seed": "42"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "无利益冲突专家不足3名" in html and "李秀英（2名）" in html and "王建国" not in html.split("draw-refusal")[1][:200]
    assert not DrawRecord.objects.exists()


def test_the_draw_previews_then_records_the_confirmed_draw(office, round, unit_a):
    experts = [ExpertFactory() for _ in range(4)]
    PanelFactory(round=round, industries="C", members=experts)
    for name in ("王建国", "李秀英"):
        candidate(round, unit_a, name)
    url = reverse("reviews:draw", kwargs={"pk": round.pk})

    preview = office.post(url, {"action": "preview", "n": "3", "seed": "42"})

    assert preview.status_code == 200 and preview.context["preview"]["count"] == 6
    assert not Assignment.objects.exists() and round.experts_per_candidate == 5
    response = office.post(url, {"action": "confirm", "n": "3", "seed": "42"})

    assert response.status_code == 302
    record = DrawRecord.objects.get()
    round.refresh_from_db()
    assert record.seed == 42 and record.assignment_count == 6 and round.experts_per_candidate == 3
    assert record.result_hash == preview.context["preview"]["result"].result_hash
    assert draw.compute_draw(round, 42).result_hash == record.result_hash
    again = office.post(url, {"action": "confirm", "n": "3", "seed": "7"})
    assert again.status_code == 400 and "已抽取" in again.content.decode() and DrawRecord.objects.count() == 1


def test_withdraw_add_and_reopen_by_the_office_with_reasons(office, round, unit_a):
    experts = [ExpertFactory() for _ in range(4)]
    panel = PanelFactory(round=round, industries="C", members=experts)
    application = candidate(round, unit_a, "王建国")
    round.experts_per_candidate = 3
    round.save()
    first, second, third, spare = (
        Assignment.objects.create(round=round, application=application, expert=e, panel=panel) if i < 3 else e
        for i, e in enumerate(experts)
    )
    page = reverse("reviews:application-assignments", kwargs={"pk": application.pk})

    refused = office.post(reverse("reviews:assignment-withdraw", kwargs={"pk": first.pk}), {"reason": ""})
    assert refused.status_code == 302 and Assignment.objects.get(pk=first.pk).status == AssignmentStatus.ACTIVE
    office.post(reverse("reviews:assignment-withdraw", kwargs={"pk": first.pk}), {"reason": "专家出差无法参加"})
    assert Assignment.objects.get(pk=first.pk).status == AssignmentStatus.WITHDRAWN
    reassign = office.get(reverse("reviews:reassign", kwargs={"pk": round.pk}))
    assert [row[0].pk for row in reassign.context["rows"]] == [application.pk]

    listed = office.get(page)
    assert [e.pk for e in listed.context["eligible"]] == [first.expert_id, spare.pk]  # withdrawn, not conflicted
    office.post(page, {"expert": spare.pk, "reason": "补充分配"})
    assert Assignment.objects.filter(application=application, status=AssignmentStatus.ACTIVE).count() == 3
    assert office.get(reverse("reviews:reassign", kwargs={"pk": round.pk})).context["rows"] == []

    scoring.save_draft(second, by=second.expert.user, values={i.pk: "8" for i in round.indicators.all()}, version=0)
    sheet = scoring.submit_sheet(second, by=second.expert.user)
    office.post(reverse("reviews:sheet-reopen", kwargs={"pk": sheet.pk}), {"reason": "第3项评分与意见不符"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.REOPENED and sheet.reopen_reason == "第3项评分与意见不符"
    assert set(AuditEntry.objects.filter(action__startswith="reviews.").values_list("action", flat=True)) >= {
        "reviews.assignment.withdrawn", "reviews.assignment.added", "reviews.sheet.reopened",
    }


@pytest.mark.parametrize("name", ["reviews:pool", "reviews:panels", "reviews:draw", "reviews:reassign"])
def test_the_office_pages_answer(office, round, name):
    assert office.get(reverse(name, kwargs={"pk": round.pk})).status_code == 200
