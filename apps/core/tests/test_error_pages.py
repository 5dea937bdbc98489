"""Error answers: Chinese pages for people, the JSON error body for the API."""
import pytest
from django.test import Client
from django.urls import path


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), path("api/boom/", _boom)]
handler500 = "apps.core.views.server_error"


@pytest.mark.django_db
def test_unknown_page_answers_with_the_chinese_404_page(client, applicant_a):
    client.force_login(applicant_a)

    response = client.get("/no-such-page/")

    assert (response.status_code, "页面不存在" in response.content.decode()) == (404, True)


@pytest.mark.django_db
def test_unknown_api_path_answers_with_the_json_error_body(client, applicant_a):
    client.force_login(applicant_a)

    response = client.get("/api/v1/no-such-endpoint/")

    assert (response.status_code, response.json()) == (
        404, {"error": {"code": "not_found", "message": "未找到该对象。", "details": None}}
    )


@pytest.mark.django_db
def test_wrong_role_sees_the_chinese_403_page(client, applicant_a):
    client.force_login(applicant_a)

    response = client.get("/office/")

    assert (response.status_code, "无权访问" in response.content.decode()) == (403, True)


@pytest.mark.urls("apps.core.tests.test_error_pages")
@pytest.mark.parametrize(
    ("url", "content_type", "marker"),
    [("/boom/", "text/html", "系统繁忙"), ("/api/boom/", "application/json", '"code": "server_error"')],
)
def test_a_crash_answers_500_without_leaking_details(url, content_type, marker):
    client = Client(raise_request_exception=False)

    response = client.get(url)

    body = response.content.decode()
    assert (response.status_code, response["Content-Type"].startswith(content_type), marker in body, "a bug" in body) == (
        500, True, True, False
    )
