"""Input that used to end in a 500 answers a clear 400 in Chinese (issue 6 §5)."""
import pytest
from rest_framework.test import APIClient

from apps.applicants.enums import ApplicationStatus


@pytest.fixture
def api_client():
    return APIClient()


def status_url(application):
    return f"/api/v1/applications/{application.pk}/status/"


@pytest.mark.django_db
def test_api_answers_deeply_nested_json_with_a_parse_error(api_client, unit_staff_a, application_a):
    api_client.force_login(unit_staff_a)

    response = api_client.post(status_url(application_a), "[" * 50_000, content_type="application/json")

    assert (response.status_code, response.json()) == (
        400, {"error": {"code": "parse_error", "message": "请求内容嵌套层级过深。", "details": None}},
    )


@pytest.mark.django_db
def test_api_answers_deeply_nested_json_to_an_anonymous_endpoint_too(api_client):
    response = api_client.post("/api/v1/me/", "[" * 50_000, content_type="application/json")

    assert response.status_code == 401


@pytest.mark.django_db
def test_api_answers_a_lone_surrogate_in_a_choice_field_with_a_parse_error(api_client, unit_staff_a, application_a):
    api_client.force_login(unit_staff_a)

    response = api_client.post(status_url(application_a), '{"to": "\\udfff"}', content_type="application/json")

    application_a.refresh_from_db()
    assert (response.status_code, response.json()["error"]["code"], application_a.status) == (
        400, "parse_error", ApplicationStatus.SUBMITTED,
    )


@pytest.mark.django_db
def test_api_answers_a_lone_surrogate_in_a_key_with_a_parse_error(api_client, unit_staff_a, application_a):
    api_client.force_login(unit_staff_a)

    response = api_client.post(status_url(application_a), '{"\\ud800": 1}', content_type="application/json")

    assert (response.status_code, response.json()["error"]["message"]) == (400, "请求内容含有无效的字符（孤立的代理码位）。")


@pytest.mark.django_db
def test_api_answers_a_lone_surrogate_in_a_text_field_before_it_reaches_the_database(
    api_client, unit_staff_a, application_a
):
    api_client.force_login(unit_staff_a)

    response = api_client.post(
        status_url(application_a), '{"to": "returned", "reason": "\\udfff材料不全"}', content_type="application/json"
    )

    application_a.refresh_from_db()
    assert (response.status_code, response.json()["error"]["code"], application_a.status) == (
        400, "parse_error", ApplicationStatus.SUBMITTED,
    )


@pytest.mark.django_db
def test_api_accepts_a_paired_surrogate_as_one_character(api_client, unit_staff_a, application_a):
    api_client.force_login(unit_staff_a)

    response = api_client.post(
        status_url(application_a), '{"to": "returned", "reason": "材料不全\\ud83d\\ude00"}', content_type="application/json"
    )

    application_a.refresh_from_db()
    assert (response.status_code, application_a.status, application_a.status_reason) == (
        200, ApplicationStatus.RETURNED, "材料不全\U0001f600",
    )
