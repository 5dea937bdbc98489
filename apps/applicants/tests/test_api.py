"""/api/v1/applications/: the caller's scope, and status changes through the same service as the pages."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.applicants.completeness import checklist
from apps.applicants.tests.complete import complete_application
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.models import AuditEntry
from apps.rounds.tests.factories import RoundFactory

S = ApplicationStatus


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def applications(round, unit_a, unit_b, applicant_a, application_a, application_b):
    """Application A and B plus one of each kind a scope must include or leave out, in creation order."""
    draft_a = ApplicationFactory(round=round, unit=unit_a, status=S.DRAFT)
    forwarded_a = ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    earlier_a = ApplicationFactory(round=RoundFactory(year=2025), unit=unit_a, applicant=applicant_a, status=S.PUBLISHED)
    forwarded_b = ApplicationFactory(round=round, unit=unit_b, status=S.FORWARDED)
    return {
        "application_a": application_a,
        "application_b": application_b,
        "draft_a": draft_a,
        "forwarded_a": forwarded_a,
        "earlier_a": earlier_a,
        "forwarded_b": forwarded_b,
    }


def _state(application):
    return Application.objects.values("status", "status_reason", "submitted_at", "updated_at").get(pk=application.pk)


def _status_url(application):
    return reverse("api:application-change-status", args=[application.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("applicant_a", ["earlier_a", "application_a"]),
        ("applicant_b", ["application_b"]),
        ("unit_staff_a", ["earlier_a", "forwarded_a", "application_a"]),
        ("unit_staff_b", ["forwarded_b", "application_b"]),
        ("programme_staff", ["forwarded_b", "earlier_a", "forwarded_a"]),
        ("expert", []),
    ],
)
def test_application_list_returns_exactly_the_callers_scope(request, api, applications, user, expected):
    api.force_login(request.getfixturevalue(user))

    response = api.get(reverse("api:application-list"))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [applications[name].pk for name in expected]


@pytest.mark.django_db
def test_application_list_refuses_anonymous_callers(api, application_a):
    response = api.get(reverse("api:application-list"))

    assert (response.status_code, response.json()["error"]["code"]) == (401, "not_authenticated")


@pytest.mark.django_db
def test_application_list_filters_by_status_within_scope(api, applications, unit_staff_a):
    api.force_login(unit_staff_a)

    response = api.get(reverse("api:application-list"), {"status": ["forwarded", "published"]})

    assert [row["id"] for row in response.json()["results"]] == [
        applications["earlier_a"].pk, applications["forwarded_a"].pk
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_application_list_query_count(api, round, unit_a, unit_staff_a, count, django_assert_num_queries):
    ApplicationFactory.create_batch(count, round=round, unit=unit_a, status=S.SUBMITTED)
    api.force_login(unit_staff_a)

    with django_assert_num_queries(4):
        response = api.get(reverse("api:application-list"))

    assert response.json()["count"] == count


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_b", "unit_staff_b", "expert", "programme_staff"])
def test_application_detail_endpoint_hides_applications_out_of_reach(request, api, application_a, user):
    api.force_login(request.getfixturevalue(user))

    response = api.get(reverse("api:application-detail", args=[application_a.pk]))

    assert (response.status_code, response.json()) == (
        404, {"error": {"code": "not_found", "message": "未找到该对象。", "details": None}}
    )


@pytest.mark.django_db
def test_forward_endpoint_forwards_for_the_units_staff(api, application_a, unit_staff_a):
    api.force_login(unit_staff_a)

    response = api.post(reverse("api:application-forward", args=[application_a.pk]), {"opinion": "同意推荐", "political_quality": True, "craftsman_spirit": True}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["status_display"], body["status_reason"]) == (
        application_a.pk, "forwarded", "已推荐报送", "同意推荐"
    )
    application_a.refresh_from_db()
    assert (application_a.status, application_a.forwarded_at is not None) == (S.FORWARDED, True)
    assert list(AuditEntry.objects.values_list("action", "actor")) == [("applicants.application.forwarded", unit_staff_a.pk)]


@pytest.mark.django_db
def test_submit_endpoint_submits_for_the_applicant(api, round, unit_a, applicant_a):
    draft = complete_application(ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT))
    api.force_login(applicant_a)

    response = api.post(reverse("api:application-submit", args=[draft.pk]), {"version": checklist(draft).version}, format="json")

    draft.refresh_from_db()
    assert (response.status_code, response.json()["status"], draft.status) == (200, "submitted", S.SUBMITTED)
    assert list(AuditEntry.objects.values_list("action", "actor")) == [("applicants.application.submitted", applicant_a.pk)]


@pytest.mark.django_db
def test_forward_endpoint_refuses_the_applicant_and_changes_nothing(api, application_a, applicant_a):
    api.force_login(applicant_a)
    state_before = _state(application_a)

    response = api.post(reverse("api:application-forward", args=[application_a.pk]), {}, format="json")

    assert (response.status_code, response.json()["error"]["code"]) == (403, "permission_denied")
    assert (_state(application_a), AuditEntry.objects.count()) == (state_before, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "data", "http_status", "error"),
    [
        pytest.param(
            "unit_staff_a", {"to": "under_review"}, 400,
            {"code": "transition_not_allowed", "message": "当前状态“已提交”不能变更为“专家评审中”。", "details": None},
            id="not-in-table",
        ),
        pytest.param(
            "unit_staff_a", {"to": "returned"}, 400,
            {"code": "reason_required", "message": "变更为“已退回修改”须填写原因。", "details": None},
            id="reason-missing",
        ),
        pytest.param(
            "unit_staff_a", {"to": "unit_rejected", "reason": "   "}, 400,
            {"code": "reason_required", "message": "变更为“推荐单位未通过”须填写原因。", "details": None},
            id="reason-blank",
        ),
        pytest.param(
            "applicant_a", {"to": "forwarded"}, 403,
            {"code": "permission_denied", "message": "您没有执行该操作的权限。", "details": None},
            id="wrong-actor",
        ),
        pytest.param(
            "unit_staff_b", {"to": "forwarded"}, 404,
            {"code": "not_found", "message": "未找到该对象。", "details": None},
            id="other-units-object",
        ),
        pytest.param(
            "applicant_b", {"to": "withdrawn"}, 404,
            {"code": "not_found", "message": "未找到该对象。", "details": None},
            id="other-applicants-object",
        ),
    ],
)
def test_change_status_endpoint_refuses_and_changes_nothing(request, api, application_a, user, data, http_status, error):
    api.force_login(request.getfixturevalue(user))
    state_before = _state(application_a)

    response = api.post(_status_url(application_a), data, format="json")

    assert (response.status_code, response.json()) == (http_status, {"error": error})
    assert _state(application_a) == state_before
    assert list(AuditEntry.objects.all()) == []


@pytest.mark.django_db
def test_change_status_endpoint_rejects_an_unknown_status(api, application_a, unit_staff_a):
    api.force_login(unit_staff_a)
    state_before = _state(application_a)

    response = api.post(_status_url(application_a), {"to": "flying"}, format="json")

    body = response.json()
    assert (response.status_code, body["error"]["code"], list(body["error"]["details"])) == (400, "invalid", ["to"])
    assert _state(application_a) == state_before


@pytest.mark.django_db
def test_change_status_endpoint_refuses_anonymous_callers(api, application_a):
    state_before = _state(application_a)

    response = api.post(_status_url(application_a), {"to": "forwarded"}, format="json")

    assert (response.status_code, response.json()["error"]["code"]) == (401, "not_authenticated")
    assert _state(application_a) == state_before
