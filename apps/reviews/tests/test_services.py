"""Panels, the avoid list, manual assignment and withdrawal: the rules and their audit entries."""
import pytest
from django.core.exceptions import PermissionDenied

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError, ReasonRequired
from apps.core.models import AuditEntry
from apps.reviews import services
from apps.reviews.models import Assignment, AssignmentStatus, AvoidEntry, ConflictDeclaration
from apps.reviews.tests.factories import ExpertFactory, PanelFactory

pytestmark = pytest.mark.django_db


def test_a_panel_takes_industry_sections_no_other_panel_of_the_round_has(round, programme_staff):
    members = [ExpertFactory(), ExpertFactory()]
    panel = services.create_panel(round, by=programme_staff, name="制造业组", field="智能制造", industries="dc", members=members)
    assert panel.industries == "CD" and set(panel.members.all()) == set(members)
    with pytest.raises(DomainError, match="行业门类 C 已属于"):
        services.create_panel(round, by=programme_staff, name="第二组", field="装备", industries="CE")
    with pytest.raises(DomainError, match="请选择"):
        services.create_panel(round, by=programme_staff, name="第三组", field="装备", industries="Z9")
    assert AuditEntry.objects.filter(action="reviews.panel.created").count() == 1


def test_only_the_office_creates_panels(round, expert):
    with pytest.raises(PermissionDenied):
        services.create_panel(round, by=expert, name="组", field="x", industries="C")


def test_the_avoid_list_holds_at_most_three_names_and_only_its_applicant_or_the_office_sets_it(
    application_a, applicant_a, applicant_b, programme_staff
):
    application_a.status = ApplicationStatus.DRAFT
    application_a.save()
    entries = [("陈静", "清华大学"), ("李明", ""), ("", "")]
    assert [e.name for e in services.set_avoid_list(application_a, by=applicant_a, entries=entries)] == ["陈静", "李明"]
    with pytest.raises(DomainError, match="最多3名"):
        services.set_avoid_list(application_a, by=applicant_a, entries=[("甲", ""), ("乙", ""), ("丙", ""), ("丁", "")])
    with pytest.raises(DomainError, match="姓名"):
        services.set_avoid_list(application_a, by=applicant_a, entries=[("", "某公司")])
    with pytest.raises(PermissionDenied):
        services.set_avoid_list(application_a, by=applicant_b, entries=[("甲", "")])
    # The application is submitted: its applicant edits the list only while it is a draft (or returned).
    application_a.status = ApplicationStatus.SUBMITTED
    application_a.save()
    with pytest.raises(DomainError, match="提交后"):
        services.set_avoid_list(application_a, by=applicant_a, entries=[("甲", "")])
    assert list(AvoidEntry.objects.values_list("slot", "name")) == [(1, "陈静"), (2, "李明")]
    services.set_avoid_list(application_a, by=programme_staff, entries=[])
    assert not AvoidEntry.objects.exists()
    entry = AuditEntry.objects.filter(action="reviews.avoid_list.changed").order_by("seq").first()
    assert entry.data == {"count": 2}  # third parties' names stay out of the audit data


@pytest.fixture
def panel_world(round, unit_a):
    experts = [ExpertFactory() for _ in range(3)]
    panel = PanelFactory(round=round, industries="C", members=experts)
    application = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.UNDER_REVIEW, industry="C")
    return experts, panel, application


def test_manual_assignment_refuses_conflicts_outsiders_and_doubles(panel_world, programme_staff, unit_a):
    experts, _, application = panel_world
    assignment = services.assign_manually(application, experts[0], by=programme_staff, reason="替换回避专家")
    assert assignment.manual and assignment.status == AssignmentStatus.ACTIVE
    with pytest.raises(DomainError, match="已分配"):
        services.assign_manually(application, experts[0], by=programme_staff, reason="再次")
    experts[1].unit = unit_a
    experts[1].save()
    with pytest.raises(DomainError, match="利益冲突"):
        services.assign_manually(application, experts[1], by=programme_staff, reason="替换")
    with pytest.raises(DomainError, match="不在"):
        services.assign_manually(application, ExpertFactory(), by=programme_staff, reason="替换")
    with pytest.raises(ReasonRequired):
        services.assign_manually(application, experts[2], by=programme_staff, reason=" ")
    assert AuditEntry.objects.get(action="reviews.assignment.added").data["reason"] == "替换回避专家"


def test_withdrawal_needs_the_office_and_a_reason(panel_world, programme_staff, expert):
    experts, panel, application = panel_world
    assignment = Assignment.objects.create(round=application.round, application=application, expert=experts[0], panel=panel)
    with pytest.raises(PermissionDenied):
        services.withdraw_assignment(assignment, by=expert, reason="x")
    with pytest.raises(ReasonRequired):
        services.withdraw_assignment(assignment, by=programme_staff, reason="")
    services.withdraw_assignment(assignment, by=programme_staff, reason="专家因病无法参加")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN and assignment.withdrawn_reason == "专家因病无法参加"
    with pytest.raises(DomainError, match="已撤回"):
        services.withdraw_assignment(assignment, by=programme_staff, reason="再次")


def test_only_the_assigned_expert_declares_and_a_reason_is_required(panel_world, expert):
    experts, panel, application = panel_world
    assignment = Assignment.objects.create(round=application.round, application=application, expert=experts[0], panel=panel)
    with pytest.raises(PermissionDenied):
        services.declare_conflict(assignment, by=experts[1].user, reason="亲属")
    with pytest.raises(ReasonRequired):
        services.declare_conflict(assignment, by=experts[0].user, reason="")
    services.declare_conflict(assignment, by=experts[0].user, reason="曾为同事")
    assert ConflictDeclaration.objects.get().expert == experts[0]
    assert AuditEntry.objects.get(action="reviews.conflict.declared").data["reason"] == "曾为同事"


def test_a_declared_conflict_puts_the_candidate_on_the_office_s_reassign_list(round, panel_world, programme_staff):
    from apps.reviews.selectors import candidates_to_reassign

    experts, panel, application = panel_world
    round.experts_per_candidate = 3
    round.save()
    assignments = [
        Assignment.objects.create(round=round, application=application, expert=e, panel=panel) for e in experts
    ]
    assert candidates_to_reassign(round) == {}
    services.declare_conflict(assignments[0], by=experts[0].user, reason="亲属")
    assert candidates_to_reassign(round) == {application.pk: 2}
    replacement = ExpertFactory()
    panel.members.add(replacement)
    services.assign_manually(application, replacement, by=programme_staff, reason="替换回避专家")
    assert candidates_to_reassign(round) == {}


def test_only_expert_accounts_join_the_pool_once_and_only_through_the_office(expert, applicant_a, programme_staff):
    row = {"user": expert, "field": "焊接", "employer_name": "哈尔滨焊接研究院"}
    with pytest.raises(PermissionDenied):
        services.create_expert_profiles([row], by=expert)
    with pytest.raises(DomainError, match="只有评审专家账号"):
        services.create_expert_profiles([{**row, "user": applicant_a}], by=programme_staff)
    (profile,) = services.create_expert_profiles([row], by=programme_staff)
    assert profile.user == expert
    with pytest.raises(DomainError, match="已在专家库中"):
        services.create_expert_profiles([row], by=programme_staff)
    assert AuditEntry.objects.get(action="reviews.expert.added").data["count"] == 1
