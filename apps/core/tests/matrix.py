"""Permission matrix rows of what the project shares: health check, API schema and docs, the admin site's
own pages, and the admin of the audit trail and of the beat schedules (see tests/matrix.py for the format)."""
from django.contrib.contenttypes.models import ContentType

from apps.core.models import AuditEntry
from tests.matrix import ADMIN_LOGIN, GET, LOGIN, POST, TO_ADMIN_INDEX, TO_LOGIN_PAGE, AdminPages, Row

OFFICE = frozenset({"programme_staff", "superuser"})


def audit_entries(world):
    return list(AuditEntry.objects.order_by("seq").values_list("seq", "hash"))


def delete_audit_entry(world):
    return {"action": "delete_selected", "_selected_action": [world.audit_entry.pk], "post": "yes"}


def signed_out_if_staff(client, role, world):
    signed_in = "_auth_user_id" in client.session
    if role in OFFICE:
        assert not signed_in, f"{role} is still signed in after the admin's logout"
    elif role not in ("anonymous", "inactive"):
        assert signed_in, f"the admin's logout signed {role} out of the portal, though the admin turned them away"


# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("api-schema", GET, (                         401,               200,               200,               200,               200,               200,               200,               200,               401)),
    # The docs are a page: an anonymous visitor (and an inactive user) is sent to the login page, not answered 401.
    Row("api-docs", GET, (                           LOGIN,             200,               200,               200,               200,               200,               200,               200,               LOGIN)),
    Row("healthz", GET, (                            200,               200,               200,               200,               200,               200,               200,               200,               200)),

    # The admin site's own pages. Anyone signed in but not staff still sees the admin's login form.
    Row("admin:index", GET, (                        ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200,               200,               ADMIN_LOGIN)),
    Row("admin:login", GET, (                        200,               200,               200,               200,               200,               200,               TO_ADMIN_INDEX,    TO_ADMIN_INDEX,    200)),
    Row("admin:logout", POST, (                      TO_ADMIN_INDEX,    TO_ADMIN_INDEX,    TO_ADMIN_INDEX,    TO_ADMIN_INDEX,    TO_ADMIN_INDEX,    TO_ADMIN_INDEX,    TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_ADMIN_INDEX),
        data={}, then=signed_out_if_staff),
    Row("admin:password_change", GET, (              ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200,               200,               ADMIN_LOGIN)),
    Row("admin:password_change_done", GET, (         ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200,               200,               ADMIN_LOGIN)),
    Row("admin:jsi18n", GET, (                       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200,               200,               ADMIN_LOGIN)),
    # Without the app, model and field it serves, the autocomplete refuses even staff.
    Row("admin:autocomplete", GET, (                 ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       403,               403,               ADMIN_LOGIN)),
    # A unit has no page of its own on the site: "view on site" has nowhere to go.
    Row("admin:view_on_site", GET, (                 ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       404,               404,               ADMIN_LOGIN),
        kwargs=lambda world: {"content_type_id": ContentType.objects.get_for_model(world.unit_a).pk, "object_id": world.unit_a.pk}),
    # The office has no right in the API tokens app, so its index "does not exist" for them.
    Row("admin:app_list", GET, (                     ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       404,               200,               ADMIN_LOGIN),
        kwargs=lambda world: {"app_label": "authtoken"}),
    Row("admin/(?P<url>.*)$", GET, (                 ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       404,               404,               ADMIN_LOGIN),
        path=lambda world: "/admin/no-such-page/"),

    # The audit trail is never deleted, not even by the superuser: the admin offers no delete action
    # (the changelist answers "no action selected").
    Row("admin:core_auditentry_changelist", POST, (  ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200,               200,               ADMIN_LOGIN),
        data=delete_audit_entry, snapshot=audit_entries),
)

# Who of the office opens each admin page:   (programme_staff, superuser)
ADMIN = (
    # The audit trail: view only, for everyone.
    AdminPages("core.auditentry", obj=lambda world: world.audit_entry,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
    # Beat schedules are the operators' (the superuser's); the office has no right on them.
    AdminPages("django_celery_beat.periodictask", obj=lambda world: world.periodic_task,
        changelist=(403, 200), add=(403, 200), change=(403, 200), delete=(403, 200), history=(403, 200)),
    AdminPages("django_celery_beat.intervalschedule", obj=lambda world: world.interval_schedule,
        changelist=(403, 200), add=(403, 200), change=(403, 200), delete=(403, 200), history=(403, 200)),
    AdminPages("django_celery_beat.crontabschedule", obj=lambda world: world.crontab_schedule,
        changelist=(403, 200), add=(403, 200), change=(403, 200), delete=(403, 200), history=(403, 200)),
    AdminPages("django_celery_beat.solarschedule", obj=lambda world: world.solar_schedule,
        changelist=(403, 200), add=(403, 200), change=(403, 200), delete=(403, 200), history=(403, 200)),
    AdminPages("django_celery_beat.clockedschedule", obj=lambda world: world.clocked_schedule,
        changelist=(403, 200), add=(403, 200), change=(403, 200), delete=(403, 200), history=(403, 200)),
    # Guardian's object permissions: shown to the superuser only, read-only (grants are made in code).
    AdminPages("guardian.userobjectpermission", obj=lambda world: world.user_object_permission,
        changelist=(403, 200), add=(403, 403), change=(403, 200), delete=(403, 403), history=(403, 200)),
    AdminPages("guardian.groupobjectpermission", obj=lambda world: world.group_object_permission,
        changelist=(403, 200), add=(403, 403), change=(403, 200), delete=(403, 403), history=(403, 200)),
)
# fmt: on
