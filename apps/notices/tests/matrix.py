"""Permission matrix rows of the notices app: the inbox, the notices API and the admin of notices
(see tests/matrix.py for the format)."""
from apps.notices.models import Notice
from tests.matrix import GET, LOGIN, NA, NB, POST, AdminPages, Redirect, Row, Shows

TO_INBOX = Redirect("notices:inbox")


def notice_a_state(world):
    return Notice.objects.values_list("read_at", flat=True).get(pk=world.notice_a.pk)


# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("notices:inbox", GET, (                      LOGIN,             Shows(NA),         Shows(NB),         Shows(),           Shows(),           Shows(),           Shows(),           Shows(),           LOGIN)),
    # Opening a notice marks it read and follows its link (notice A has none: the inbox); only its recipient.
    Row("notices:open", GET, (                       LOGIN,             TO_INBOX,          404,               404,               404,               404,               404,               404,               LOGIN),
        kwargs=lambda world: {"pk": world.notice_a.pk}, snapshot=notice_a_state, changes_for=frozenset({"applicant_a"})),
    Row("notices:read-all", POST, (                  LOGIN,             TO_INBOX,          TO_INBOX,          TO_INBOX,          TO_INBOX,          TO_INBOX,          TO_INBOX,          TO_INBOX,          LOGIN),
        data={}, snapshot=notice_a_state, changes_for=frozenset({"applicant_a"})),

    Row("api:notice-list", GET, (                    401,               Shows(NA),         Shows(NB),         Shows(),           Shows(),           Shows(),           Shows(),           Shows(),           401)),
    Row("api:notice-detail", GET, (                  401,               200,               404,               404,               404,               404,               404,               404,               401),
        kwargs=lambda world: {"pk": world.notice_a.pk}),
)

# Who of the office opens each admin page:   (programme_staff, superuser)
ADMIN = (
    # Notices are personal: the office has no right on them; the superuser may read them, never edit.
    AdminPages("notices.notice", obj=lambda world: world.notice_a,
        changelist=(403, 200), add=(403, 403), change=(403, 200), delete=(403, 403), history=(403, 200)),
    # Notices whose mail failed for good: the office lists them (and may retry them by an action).
    AdminPages("notices.failednotice", obj=lambda world: world.failed_notice,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
    # Texts per kind: the office edits subject and body; kinds are never added or deleted.
    AdminPages("notices.noticetemplate", obj=lambda world: world.notice_template,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
)
# fmt: on
