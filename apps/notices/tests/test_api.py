"""/api/v1/notices/: the caller's own inbox."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.notices.tests.factories import NoticeFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_notice_list_returns_only_own_notices(api, applicant_a, applicant_b):
    NoticeFactory(recipient=applicant_b)
    first = NoticeFactory(recipient=applicant_a)
    second = NoticeFactory(recipient=applicant_a)
    api.force_login(applicant_a)

    response = api.get(reverse("api:notice-list"))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [second.pk, first.pk]


@pytest.mark.django_db
def test_notice_detail_hides_other_users_notices(api, applicant_a, applicant_b):
    others = NoticeFactory(recipient=applicant_b)
    api.force_login(applicant_a)

    response = api.get(reverse("api:notice-detail", args=[others.pk]))

    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


@pytest.mark.django_db
def test_notice_list_refuses_anonymous_callers(api):
    response = api.get(reverse("api:notice-list"))

    assert (response.status_code, response.json()["error"]["code"]) == (401, "not_authenticated")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_notice_list_query_count(api, applicant_a, count, django_assert_num_queries):
    NoticeFactory.create_batch(count, recipient=applicant_a)
    api.force_login(applicant_a)

    with django_assert_num_queries(4):
        response = api.get(reverse("api:notice-list"))

    assert response.json()["count"] == count
