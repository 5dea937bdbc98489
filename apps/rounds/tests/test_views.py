"""The programme office dashboard."""
import pytest
from django.urls import reverse

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory

S = ApplicationStatus


@pytest.mark.django_db
def test_office_dashboard_counts_only_what_the_office_sees(client, round, unit_a, programme_staff):
    for status in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNIT_REJECTED, S.FORWARDED, S.FORWARDED, S.FORMAL_PASSED):
        ApplicationFactory(round=round, unit=unit_a, status=status)
    earlier = RoundFactory(year=2025, status=RoundStatus.CLOSED)
    ApplicationFactory(round=earlier, unit=unit_a, status=S.PUBLISHED)
    client.force_login(programme_staff)

    response = client.get(reverse("rounds:dashboard"))

    assert (response.context["round"], response.context["status_rows"], response.context["total"]) == (
        round, [(S.FORWARDED, 2), (S.FORMAL_PASSED, 1)], 3
    )
    assert [(item.year, item.application_count) for item in response.context["rounds"]] == [(2026, 3), (2025, 1)]


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert"])
def test_office_dashboard_refuses_other_roles(request, client, round, user):
    client.force_login(request.getfixturevalue(user))

    response = client.get(reverse("rounds:dashboard"))

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_office_dashboard_query_count(client, round, unit_a, programme_staff, count, django_assert_num_queries):
    ApplicationFactory.create_batch(count, round=round, unit=unit_a, status=S.FORWARDED)
    for year in range(2026 - count, 2026):
        RoundFactory(year=year, status=RoundStatus.CLOSED)
    client.force_login(programme_staff)

    # One more than before the desk: the units' progress, annotated in one query however many units.
    with django_assert_num_queries(10):
        response = client.get(reverse("rounds:dashboard"))

    assert (response.context["total"], len(response.context["rounds"])) == (count, count + 1)
