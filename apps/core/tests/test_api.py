import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.notices.models import Notice


@pytest.fixture
def api_client():
    return APIClient()


def make_notices(recipient, count):
    return [
        Notice.objects.create(recipient=recipient, kind="test", subject=f"通知{number}", body="内容")
        for number in range(count)
    ]


@pytest.mark.django_db
def test_api_refuses_anonymous_callers_with_the_error_body(api_client):
    response = api_client.get("/api/v1/me/")

    assert (response.status_code, response.json(), response["WWW-Authenticate"]) == (
        401,
        {"error": {"code": "not_authenticated", "message": "请先登录。", "details": None}},
        "Token",
    )


@pytest.mark.django_db
def test_api_answers_unknown_object_with_not_found_body(api_client, applicant_a):
    api_client.force_login(applicant_a)

    response = api_client.get("/api/v1/applications/999999/")

    assert (response.status_code, response.json()) == (
        404,
        {"error": {"code": "not_found", "message": "未找到该对象。", "details": None}},
    )


@pytest.mark.django_db
def test_api_answers_malformed_id_with_not_found_body(api_client, applicant_a):
    api_client.force_login(applicant_a)

    response = api_client.get("/api/v1/applications/abc/")

    assert (response.status_code, response.json()) == (
        404,
        {"error": {"code": "not_found", "message": "未找到该对象。", "details": None}},
    )


@pytest.mark.django_db
def test_api_hides_another_applicants_application_as_not_found(api_client, applicant_a, application_b):
    api_client.force_login(applicant_a)

    response = api_client.get(f"/api/v1/applications/{application_b.pk}/")

    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


@pytest.mark.django_db
def test_api_answers_wrong_method_with_the_error_body(api_client, applicant_a):
    api_client.force_login(applicant_a)

    response = api_client.delete("/api/v1/me/")

    assert (response.status_code, response.json()) == (
        405,
        {"error": {"code": "method_not_allowed", "message": "不支持该请求方法。", "details": None}},
    )


@pytest.mark.django_db
def test_api_answers_invalid_input_with_field_details(api_client, unit_staff_a, application_a):
    api_client.force_login(unit_staff_a)

    response = api_client.post(f"/api/v1/applications/{application_a.pk}/status/", {"to": "nonsense"}, format="json")

    body = response.json()
    assert (response.status_code, body["error"]["code"], body["error"]["message"], list(body["error"]["details"])) == (
        400, "invalid", "提交的数据有误，请检查后重试。", ["to"]
    )


@pytest.mark.django_db
def test_api_answers_a_domain_refusal_with_its_code_and_message(api_client, unit_staff_a, application_a):
    api_client.force_login(unit_staff_a)

    response = api_client.post(f"/api/v1/applications/{application_a.pk}/status/", {"to": "returned"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"error": {
            "code": "reason_required", "message": "变更为“已退回修改”须填写原因。", "details": None,
        }},
    )


@pytest.mark.django_db
def test_api_answers_a_forbidden_move_with_permission_denied_body(api_client, applicant_a, application_a):
    api_client.force_login(applicant_a)

    response = api_client.post(f"/api/v1/applications/{application_a.pk}/status/", {"to": "forwarded"}, format="json")

    assert (response.status_code, response.json()) == (
        403,
        {"error": {"code": "permission_denied", "message": "您没有执行该操作的权限。", "details": None}},
    )


@pytest.mark.django_db
def test_api_accepts_token_authentication(api_client, applicant_a):
    token = Token.objects.create(user=applicant_a)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api_client.get("/api/v1/me/")

    body = response.json()
    assert (response.status_code, body["username"], body["role"]) == (200, "applicant_a", "applicant")


@pytest.mark.django_db
def test_api_refuses_an_unknown_token(api_client, applicant_a):
    Token.objects.create(user=applicant_a)
    api_client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = api_client.get("/api/v1/me/")

    assert (response.status_code, response.json()) == (
        401,
        {"error": {"code": "authentication_failed", "message": "身份认证失败。", "details": None}},
    )


@pytest.mark.django_db
def test_api_refuses_the_token_of_a_deactivated_user(api_client, applicant_a):
    token = Token.objects.create(user=applicant_a)
    applicant_a.is_active = False
    applicant_a.save()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api_client.get("/api/v1/me/")

    assert (response.status_code, response.json()["error"]["code"]) == (401, "authentication_failed")


@pytest.mark.django_db
def test_api_me_shows_the_phone_masked(api_client, applicant_a):
    applicant_a.phone = "13812345678"
    applicant_a.save()
    api_client.force_login(applicant_a)

    response = api_client.get("/api/v1/me/")

    assert (response.json()["phone"], "13812345678" in response.content.decode()) == ("138****5678", False)


@pytest.mark.django_db
def test_api_notice_list_is_paginated(api_client, applicant_a, applicant_b):
    make_notices(applicant_b, 1)
    newest_first = list(reversed(make_notices(applicant_a, 3)))
    api_client.force_login(applicant_a)

    first = api_client.get("/api/v1/notices/", {"page_size": 2}).json()
    second = api_client.get("/api/v1/notices/", {"page_size": 2, "page": 2}).json()

    assert (
        first["count"], first["next"], first["previous"], [row["id"] for row in first["results"]],
        second["next"], second["previous"], [row["id"] for row in second["results"]],
    ) == (
        3, "http://testserver/api/v1/notices/?page=2&page_size=2", None, [n.pk for n in newest_first[:2]],
        None, "http://testserver/api/v1/notices/?page_size=2", [newest_first[2].pk],
    )


@pytest.mark.django_db
def test_api_page_beyond_the_last_is_not_found(api_client, applicant_a):
    make_notices(applicant_a, 1)
    api_client.force_login(applicant_a)

    response = api_client.get("/api/v1/notices/", {"page": 5})

    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


@pytest.mark.django_db
def test_api_page_size_is_capped(api_client, applicant_a):
    make_notices(applicant_a, 101)
    api_client.force_login(applicant_a)

    response = api_client.get("/api/v1/notices/", {"page_size": 500})

    assert (response.json()["count"], len(response.json()["results"])) == (101, 100)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_api_notice_list_query_count(api_client, applicant_a, count, django_assert_num_queries):
    make_notices(applicant_a, count)
    api_client.force_login(applicant_a)

    # session, user, count, page (no session write: apps/core/sessions.py renews at most once a minute)
    with django_assert_num_queries(4):
        response = api_client.get("/api/v1/notices/")

    assert len(response.json()["results"]) == count
