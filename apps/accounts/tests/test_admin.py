import pytest

from apps.core import audit
from apps.core.models import AuditEntry


@pytest.fixture
def audit_entry(programme_staff, unit_a):
    return audit.record(programme_staff, "units.recommendingunit.created", unit_a, reason="新增推荐单位")


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_admin_admits_programme_staff(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/")

    content = response.content.decode()
    assert (response.status_code, "大国工匠人才培养工程 管理后台" in content) == (200, True)


@pytest.mark.parametrize("role", ["applicant_a", "unit_staff_a", "expert"])
def test_admin_refuses_other_roles(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/")

    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")


@pytest.mark.django_db
def test_admin_refuses_anonymous_visitors(client):
    response = client.get("/admin/")

    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")


@pytest.mark.parametrize("role", ["applicant_a", "unit_staff_a", "expert"])
def test_admin_audit_list_refuses_other_roles(client, request, role, audit_entry):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/core/auditentry/")

    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/core/auditentry/")


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_admin_audit_list_shows_entries(client, request, role, audit_entry):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/core/auditentry/")

    content = response.content.decode()
    assert (response.status_code, "units.recommendingunit.created" in content, 'name="action"' in content) == (
        200, True, False
    )


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_admin_audit_entry_page_is_read_only(client, request, role, audit_entry):
    client.force_login(request.getfixturevalue(role))

    response = client.get(f"/admin/core/auditentry/{audit_entry.pk}/change/")

    context, content = response.context, response.content.decode()
    assert (
        response.status_code,
        (context["has_add_permission"], context["has_change_permission"], context["has_delete_permission"]),
        'name="_save"' in content,
        "新增推荐单位" in content,
    ) == (200, (False, False, False), False, True)


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_admin_audit_add_page_is_refused(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/core/auditentry/add/")

    assert response.status_code == 403


def test_admin_audit_change_post_is_refused(client, superuser, audit_entry):
    client.force_login(superuser)

    response = client.post(f"/admin/core/auditentry/{audit_entry.pk}/change/", {"action": "core.test.forged"})

    audit_entry.refresh_from_db()
    assert (response.status_code, audit_entry.action, audit.verify_chain().ok) == (
        403, "units.recommendingunit.created", True
    )


def test_admin_audit_delete_is_refused(client, superuser, audit_entry):
    client.force_login(superuser)

    page = client.get(f"/admin/core/auditentry/{audit_entry.pk}/delete/")
    post = client.post(f"/admin/core/auditentry/{audit_entry.pk}/delete/", {"post": "yes"})

    assert (page.status_code, post.status_code, AuditEntry.objects.count()) == (403, 403, 1)


def test_admin_audit_bulk_delete_is_refused(client, superuser, audit_entry):
    client.force_login(superuser)

    listing = client.get("/admin/core/auditentry/")
    post = client.post(
        "/admin/core/auditentry/", {"action": "delete_selected", "_selected_action": [audit_entry.pk], "post": "yes"}
    )

    assert ("delete_selected" in listing.content.decode(), post.status_code, AuditEntry.objects.count()) == (
        False, 200, 1
    )


def test_admin_user_page_shows_the_phone_masked(client, superuser, applicant_a):
    applicant_a.phone = "13812345678"
    applicant_a.save()
    client.force_login(superuser)

    response = client.get(f"/admin/accounts/user/{applicant_a.pk}/change/")

    content = response.content.decode()
    assert (response.status_code, "138****5678" in content, "13812345678" in content) == (200, True, False)


def test_admin_user_delete_is_refused(client, superuser, applicant_a):
    client.force_login(superuser)

    response = client.post(f"/admin/accounts/user/{applicant_a.pk}/delete/", {"post": "yes"})

    assert (response.status_code, type(applicant_a).objects.filter(pk=applicant_a.pk).exists()) == (403, True)
