"""The query-count helper passes for a page whose queries are constant and fails for an N+1 one.

The N+1 page is a fake view on this module's own URLconf (`@pytest.mark.urls`): it reads each
application's unit without `select_related`, one query per row.
"""
import pytest
from django.http import HttpResponse
from django.urls import path, reverse

from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import RoundFactory
from tests.querycount import assert_query_count_constant, capture_queries, queries_for


def n_plus_one_view(request):
    names = [application.unit.name for application in Application.objects.order_by("pk")]
    return HttpResponse("\n".join(names))


def joined_view(request):
    names = [application.unit.name for application in Application.objects.select_related("unit").order_by("pk")]
    return HttpResponse("\n".join(names))


urlpatterns = [
    path("n-plus-one/", n_plus_one_view, name="n-plus-one"),
    path("joined/", joined_view, name="joined"),
]


def grow_applications(n):
    # Each application in its own unit, so the per-row unit lookups cannot share one row.
    ApplicationFactory.create_batch(n, status=ApplicationStatus.SUBMITTED)


def test_applicant_dashboard_query_count_is_constant(client, applicant_a, unit_a, assert_constant_queries):
    client.force_login(applicant_a)

    def grow(n):
        # One application per round: an applicant applies once a year.
        for _ in range(n):
            ApplicationFactory(applicant=applicant_a, unit=unit_a, round=RoundFactory(), status=ApplicationStatus.SUBMITTED)

    count = assert_constant_queries(client, reverse("applicants:dashboard"), grow, sizes=(1, 5), expected=5)

    assert count == 5
    # Nothing changed since the last fetch: the body comes from the fragment cache, with the same five rows.
    response, queries = capture_queries(client, reverse("applicants:dashboard"))
    assert response.content.decode().count("年度申报</span>") == 5
    assert len(queries) == 4  # session, user, the round with the desk's data version and the unread badge, this year's application


@pytest.mark.django_db
@pytest.mark.urls("tests.test_querycount")
def test_assert_query_count_constant_fails_for_an_n_plus_one_view(client):
    with pytest.raises(AssertionError) as failure:
        assert_query_count_constant(client, reverse("n-plus-one"), grow_applications, sizes=(1, 5), expected=2)

    message = str(failure.value)
    assert "query count for /n-plus-one/ grows with the rows: 1 rows -> 2 queries, 5 rows -> 6 queries" in message
    assert '+4 x SELECT "units_recommendingunit"' in message
    assert "SQL with 5 rows:" in message


@pytest.mark.django_db
@pytest.mark.urls("tests.test_querycount")
def test_assert_query_count_constant_passes_for_the_joined_view(client):
    count = assert_query_count_constant(client, reverse("joined"), grow_applications, sizes=(1, 3, 5), expected=1)

    assert count == 1


@pytest.mark.django_db
@pytest.mark.urls("tests.test_querycount")
def test_assert_query_count_constant_fails_for_a_constant_count_other_than_expected(client):
    with pytest.raises(AssertionError) as failure:
        assert_query_count_constant(client, reverse("joined"), grow_applications, sizes=(1, 5), expected=2)

    first, second, *rest = str(failure.value).splitlines()
    assert first == "query count for /joined/ is 1 with every size (1, 5 rows), not 2:"
    assert second.startswith('    1. SELECT "applicants_application"."id"') and 'INNER JOIN "units_recommendingunit"' in second
    assert rest == []


@pytest.mark.django_db
@pytest.mark.urls("tests.test_querycount")
def test_queries_for_counts_the_queries_of_one_request(client):
    grow_applications(3)

    assert queries_for(client, reverse("n-plus-one")) == 4
    assert queries_for(client, reverse("joined")) == 1


def test_queries_for_refuses_to_count_a_refused_page(client, db):
    with pytest.raises(AssertionError, match=r"GET /applicant/ answered 302, not 200.*redirect to /accounts/login/"):
        queries_for(client, reverse("applicants:dashboard"))
