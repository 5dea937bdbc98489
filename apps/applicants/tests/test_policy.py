"""The access policy of applications: one definition gives the list scope and the per-object check,
later apps extend it with a branch, and the audit admin reads through it."""
import pytest
from django.db.models import Q
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.permissions import can_view
from apps.applicants.selectors import applications_visible_to, get_application_for
from apps.applicants.tests.factories import ApplicationFactory
from apps.core import audit, policy
from apps.core.models import AuditEntry

USERS = ["applicant_a", "applicant_b", "unit_staff_a", "unit_staff_b", "expert", "programme_staff", "superuser"]


@pytest.fixture
def every_status(round, unit_a, applicant_a):
    """Application A's owner has one application per round status; unit A has one more of a stranger's."""
    from apps.rounds.tests.factories import RoundFactory

    own = [ApplicationFactory(round=RoundFactory(), unit=unit_a, applicant=applicant_a, status=status) for status in S]
    return [*own, ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED)]


@pytest.mark.django_db
@pytest.mark.parametrize("user", USERS)
def test_the_list_scope_and_the_object_check_agree_for_every_role_and_status(request, every_status, user):
    viewer = request.getfixturevalue(user)

    listed = set(applications_visible_to(viewer).values_list("pk", flat=True))
    checked = {application.pk for application in every_status if can_view(viewer, application)}

    assert listed == checked
    assert len(listed) == {
        "applicant_a": len(S), "applicant_b": 0, "unit_staff_a": len(S), "unit_staff_b": 0, "expert": 0,
        "programme_staff": 9, "superuser": 9,
    }[user]


@pytest.fixture
def expert_branch(expert):
    """A test-only branch, as reviews will add one: this expert sees applications of unit A under review."""
    def assigned_expert(user):
        return Q(status=S.UNDER_REVIEW) if user.pk == expert.pk else None

    policy.register_branch("applicants.application", "test_assigned_expert", assigned_expert)
    yield
    policy.unregister_branch("applicants.application", "test_assigned_expert")


@pytest.mark.django_db
def test_a_branch_registered_by_another_app_extends_lists_pages_and_checks(client, every_status, expert, expert_branch):
    (under_review,) = [application for application in every_status if application.status == S.UNDER_REVIEW]
    client.force_login(expert)

    listed = list(applications_visible_to(expert))
    response = client.get(reverse("applicants:detail", args=[under_review.pk]))

    assert (listed, can_view(expert, under_review), get_application_for(expert, under_review.pk)) == (
        [under_review], True, under_review
    )
    assert response.status_code == 200
    # "expert": the reviews app's branch (apps/reviews/permissions.py), registered in ReviewsConfig.ready.
    assert policy.branch_names("applicants.application") == ("applicant", "unit", "office", "expert", "test_assigned_expert")


@pytest.mark.django_db
def test_the_system_sees_every_application(every_status):
    assert (applications_visible_to(None).count(), can_view(None, every_status[0])) == (len(every_status), True)


# The audit admin reads through the policy.


@pytest.fixture
def trail(application_a, unit_staff_a, programme_staff):
    forwarded = ApplicationFactory(round=application_a.round, unit=application_a.unit, status=S.FORWARDED)
    audit.record(unit_staff_a, "applicants.application.returned", application_a, previous="submitted", reason="内部理由")
    audit.record(unit_staff_a, "applicants.application.forwarded", forwarded, previous="submitted", reason="同意")
    audit.record(programme_staff, "rounds.round.changed", application_a.round)
    return {entry.action: entry for entry in AuditEntry.objects.all()}


@pytest.mark.django_db
def test_the_audit_admin_lists_only_entries_about_applications_the_office_may_see(client, trail, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:core_auditentry_changelist"))

    shown = sorted(entry.action for entry in response.context["cl"].result_list)
    assert shown == ["applicants.application.forwarded", "rounds.round.changed"]


@pytest.mark.django_db
def test_the_audit_admin_does_not_open_an_entry_about_a_merely_submitted_application(client, trail, programme_staff):
    client.force_login(programme_staff)
    hidden = trail["applicants.application.returned"]

    response = client.get(reverse("admin:core_auditentry_change", args=[hidden.pk]))

    assert (response.status_code, response.url) == (302, reverse("admin:index"))
    searched = client.get(reverse("admin:core_auditentry_changelist"), {"q": "returned"})
    assert [entry.action for entry in searched.context["cl"].result_list] == []


@pytest.mark.django_db
def test_the_audit_admin_opens_an_entry_about_a_forwarded_application(client, trail, programme_staff):
    client.force_login(programme_staff)

    response = client.get(reverse("admin:core_auditentry_change", args=[trail["applicants.application.forwarded"].pk]))

    assert response.status_code == 200
