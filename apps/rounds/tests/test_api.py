"""/api/v1/rounds/: deployed rounds and their indicators, for every signed-in user."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert", "programme_staff"])
def test_round_list_shows_deployed_rounds_with_their_indicators_and_hides_drafts(request, api, round, user):
    RoundFactory(year=2028, status=RoundStatus.DRAFT)
    deployed = RoundFactory(year=2027, status=RoundStatus.DEPLOYED)
    api.force_login(request.getfixturevalue(user))

    response = api.get(reverse("api:round-list"))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["id"], row["year"], row["status"]) for row in rows] == [
        (deployed.pk, 2027, "deployed"), (round.pk, 2026, "recommending")
    ]
    assert [[indicator["position"] for indicator in row["indicators"]] for row in rows] == [list(range(1, 16))] * 2


@pytest.mark.django_db
def test_round_detail_hides_a_draft_round(api, applicant_a):
    draft = RoundFactory(year=2028, status=RoundStatus.DRAFT)
    api.force_login(applicant_a)

    response = api.get(reverse("api:round-detail", args=[draft.pk]))

    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


@pytest.mark.django_db
def test_round_list_refuses_anonymous_callers(api, round):
    response = api.get(reverse("api:round-list"))

    assert (response.status_code, response.json()["error"]["code"]) == (401, "not_authenticated")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_round_list_query_count(api, applicant_a, count, django_assert_num_queries):
    for year in range(2026, 2026 + count):
        RoundFactory(year=year, status=RoundStatus.RECOMMENDING)
    api.force_login(applicant_a)

    with django_assert_num_queries(5):
        response = api.get(reverse("api:round-list"))

    assert response.json()["count"] == count
