import pytest

from apps.accounts.models import User
from apps.accounts.tests.factories import PASSWORD
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
    assert (response.status_code, "新增推荐单位" in content, 'name="action"' in content) == (
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


# The user admin: read-only except is_active, which goes through accounts.services.set_user_active.


def user_change_url(user):
    return f"/admin/accounts/user/{user.pk}/change/"


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_admin_user_page_offers_only_is_active(client, request, role, applicant_a):
    client.force_login(request.getfixturevalue(role))

    response = client.get(user_change_url(applicant_a))

    context = response.context
    assert (
        response.status_code, list(context["adminform"].form.fields),
        (context["has_add_permission"], context["has_change_permission"], context["has_delete_permission"]),
    ) == (200, ["is_active"], (False, True, False))


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_admin_user_change_post_deactivates_with_one_audit_entry(client, request, role, applicant_a):
    by = request.getfixturevalue(role)
    client.force_login(by)

    # An unticked checkbox is absent from the POST.
    response = client.post(user_change_url(applicant_a), {})

    applicant_a.refresh_from_db()
    entries = list(AuditEntry.objects.values_list("action", "actor", "object_id"))
    assert (response.status_code, response.url, applicant_a.is_active, entries) == (
        302, "/admin/accounts/user/", False, [("accounts.user.deactivated", by.pk, str(applicant_a.pk))]
    )


def test_admin_user_change_post_activates_with_one_audit_entry(client, programme_staff, applicant_a):
    applicant_a.is_active = False
    applicant_a.save()
    client.force_login(programme_staff)

    response = client.post(user_change_url(applicant_a), {"is_active": "on"})

    applicant_a.refresh_from_db()
    entries = list(AuditEntry.objects.values_list("action", "actor", "object_id"))
    assert (response.status_code, applicant_a.is_active, entries) == (
        302, True, [("accounts.user.activated", programme_staff.pk, str(applicant_a.pk))]
    )


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_admin_user_change_post_changes_nothing_but_is_active(client, request, role, applicant_a, unit_a):
    client.force_login(request.getfixturevalue(role))

    response = client.post(user_change_url(applicant_a), {
        "is_active": "on", "username": "renamed", "display_name": "冒名", "email": "x@example.com",
        "role": "programme_staff", "unit": unit_a.pk, "is_staff": "on", "is_superuser": "on",
        "password": "plain-text-password", "groups": "1", "user_permissions": "1",
    })

    applicant_a = User.objects.get(pk=applicant_a.pk)
    assert (
        response.status_code, applicant_a.username, applicant_a.display_name, applicant_a.email, applicant_a.role,
        applicant_a.unit, applicant_a.is_staff, applicant_a.is_superuser, applicant_a.is_active,
        applicant_a.check_password(PASSWORD), AuditEntry.objects.count(),
    ) == (302, "applicant_a", "王建国", "", "applicant", None, False, False, True, True, 0)


def test_admin_user_change_post_refuses_deactivating_yourself(client, programme_staff):
    client.force_login(programme_staff)

    response = client.post(user_change_url(programme_staff), {})
    page = client.get(response.url)

    programme_staff.refresh_from_db()
    assert (
        response.status_code, response.url, [str(message) for message in page.context["messages"]],
        programme_staff.is_active, AuditEntry.objects.count(),
    ) == (302, user_change_url(programme_staff), ["不能停用自己的账号。"], True, 0)


def test_admin_user_change_post_by_programme_staff_cannot_deactivate_a_superuser(client, programme_staff, superuser):
    client.force_login(programme_staff)

    response = client.post(user_change_url(superuser), {})

    superuser.refresh_from_db()
    assert (response.status_code, superuser.is_active, AuditEntry.objects.count()) == (403, True, 0)


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_admin_user_add_is_refused(client, request, role):
    client.force_login(request.getfixturevalue(role))

    page = client.get("/admin/accounts/user/add/")
    post = client.post("/admin/accounts/user/add/", {
        "username": "intruder", "password1": "Lathe-Welder-2027", "password2": "Lathe-Welder-2027",
    })

    created = User.objects.filter(username="intruder").exists()
    assert (page.status_code, post.status_code, created, AuditEntry.objects.count()) == (403, 403, False, 0)


def test_admin_user_has_no_password_setting_page(client, superuser, applicant_a):
    client.force_login(superuser)

    response = client.post(
        f"/admin/accounts/user/{applicant_a.pk}/password/",
        {"password1": "Lathe-Welder-2027", "password2": "Lathe-Welder-2027"},
    )

    applicant_a.refresh_from_db()
    # The admin takes "<pk>/password" for an object id it cannot find.
    assert (response.status_code, response.url, applicant_a.check_password(PASSWORD)) == (
        302, f"/admin/accounts/user/{applicant_a.pk}/password/change/", True
    )


def test_admin_user_list_refuses_filtering_on_the_password(client, superuser, applicant_a):
    client.force_login(superuser)

    response = client.get("/admin/accounts/user/", {"password__startswith": "md5$"})

    assert response.status_code == 400
