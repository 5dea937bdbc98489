"""The expert's assignments API: only their own active assignments, never a conflicted candidate (by a
derived rule or a declaration, whether or not the assignment is still active), other experts' never;
the list costs a pinned number of queries whatever its length."""
import pytest
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.reviews import scoring, services
from apps.reviews.models import Assignment, AvoidEntry, ConflictDeclaration
from apps.reviews.selectors import assignments_of
from apps.reviews.tests.factories import ExpertFactory, PanelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(round, unit_a, unit_b, expert):
    profile = ExpertFactory(user=expert, user__display_name="陈静")
    other = ExpertFactory()
    panel = PanelFactory(round=round, industries="C", members=[profile, other])

    def candidate(unit=unit_b, **kwargs):
        return ApplicationFactory(round=round, unit=unit, status=ApplicationStatus.UNDER_REVIEW, industry="C", **kwargs)

    def assign(application, who=profile):
        return Assignment.objects.create(round=round, application=application, expert=who, panel=panel)

    return profile, other, candidate, assign


def listed(client, user):
    client.force_login(user)
    response = client.get(reverse("api:review-assignment-list"))
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_the_expert_sees_only_their_own_assignments_without_conflicts(client, expert, round, desk, unit_a):
    profile, other, candidate, assign = desk
    mine = assign(candidate(full_name="王建国"))
    assign(candidate(), who=other)  # another expert's
    profile.unit = unit_a
    profile.save()
    assign(candidate(unit=unit_a))  # derived: the expert belongs to the candidate's unit
    avoided = candidate()
    AvoidEntry.objects.create(application=avoided, slot=1, name="陈静")
    assign(avoided)  # derived: the avoid list names the expert
    declared = candidate()
    ConflictDeclaration.objects.create(expert=profile, application=declared, reason="亲属")
    assign(declared)  # declared, the assignment not yet withdrawn: hidden all the same
    withdrawn = assign(candidate())
    services.withdraw_assignment(withdrawn, by=_office(), reason="调整")

    assert listed(client, expert) == [mine.pk]
    row = client.get(reverse("api:review-assignment-list")).json()["results"][0]
    assert row["candidate_name"] == "王建国" and row["sheet_status"] == "draft" and row["sheet_version"] == 0
    for hidden in Assignment.objects.exclude(pk=mine.pk):
        assert client.get(reverse("api:review-assignment-detail", args=[hidden.pk])).status_code == 404


def test_the_sheet_state_shows_the_expert_their_own_progress(client, expert, round, desk):
    _, _, candidate, assign = desk
    assignment = assign(candidate())
    values = {i.pk: "7" for i in round.indicators.all()}
    scoring.save_draft(assignment, by=expert, values=values, version=0)
    scoring.submit_sheet(assignment, by=expert, version=1)
    client.force_login(expert)
    row = client.get(reverse("api:review-assignment-detail", args=[assignment.pk])).json()
    assert row["sheet_status"] == "submitted" and row["sheet_version"] == 2 and row["submitted_at"]
    assert "scores" not in row  # no score of anyone's in the listing


def test_other_roles_are_refused(client, applicant_a, unit_staff_a, programme_staff):
    for user in (applicant_a, unit_staff_a, programme_staff):
        client.force_login(user)
        assert client.get(reverse("api:review-assignment-list")).status_code == 403


def test_an_expert_without_a_profile_sees_nothing(expert):
    assert list(assignments_of(expert)) == []


def test_the_list_costs_the_same_queries_for_any_length(client, expert, desk, assert_constant_queries):
    _, _, candidate, assign = desk
    client.force_login(expert)
    # Session, user, the assignments' ids; candidates, experts, avoid list, declarations (and referees,
    # once merged); the page's count and rows.
    assert_constant_queries(
        client, reverse("api:review-assignment-list"), grow=lambda n: [assign(candidate()) for _ in range(n)],
        expected=_expected(),
    )


def _expected():
    from apps.reviews.conflicts import referees_available

    return 10 if referees_available() else 9


def _office():
    from apps.accounts.roles import Role
    from apps.accounts.tests.factories import UserFactory

    return UserFactory(role=Role.PROGRAMME_STAFF)
