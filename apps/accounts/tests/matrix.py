"""Permission matrix rows of the accounts app: the portal's sign-in pages, `api:me`, and the admin of users,
groups, API tokens and login attempts (see tests/matrix.py for the format)."""
from rest_framework.authtoken.models import Token

from apps.accounts.models import User
from apps.accounts.tests.factories import PASSWORD
from tests.matrix import ADMIN_LOGIN, GET, HOME, LOGIN, POST, TO_LOGIN_PAGE, AdminPages, Redirect, Row

TO_APPLICANT_DESK = Redirect("applicants:dashboard")
TO_UNIT_DESK = Redirect("units:dashboard")
TO_EXPERT_DESK = Redirect("reviews:dashboard")
TO_OFFICE_DESK = Redirect("rounds:dashboard")
TO_PASSWORD_DONE = Redirect("accounts:password-change-done")
TO_USERS = Redirect("admin:accounts_user_changelist")
TO_RESET_SENT = Redirect("accounts:password-reset-done")
TO_OFFICE_ACCOUNTS = Redirect("accounts:office-accounts")
NEW_EXPERT = {"username": "new_expert", "display_name": "新专家", "email": "new_expert@example.com", "role": "expert"}

NEW_PASSWORD = "Another-Craft-2027!"
PASSWORD_CHANGE = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def applicant_a_password(world):
    return User.objects.values_list("password", flat=True).get(pk=world.applicant_a.pk)


def applicant_a_is_active(world):
    return User.objects.values_list("is_active", flat=True).get(pk=world.applicant_a.pk)


def unit_staff_b_active(world):
    return User.objects.values_list("is_active", flat=True).get(pk=world.unit_staff_b.pk)


def account_count(world):
    return User.objects.count()


def applicant_a_token(world):
    return list(Token.objects.filter(user=world.applicant_a).values_list("key", flat=True))


def unit_staff_b_pk(world):
    return {"pk": world.unit_staff_b.pk}


def signed_out(client, role, world):
    assert "_auth_user_id" not in client.session, f"{role} is still signed in after logging out"


# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("accounts:home", GET, (                      LOGIN,             TO_APPLICANT_DESK, TO_APPLICANT_DESK, TO_UNIT_DESK,      TO_UNIT_DESK,      TO_EXPERT_DESK,    TO_OFFICE_DESK,    TO_OFFICE_DESK,    LOGIN)),
    Row("accounts:login", GET, (                     200,               HOME,              HOME,              HOME,              HOME,              HOME,              HOME,              HOME,              200)),
    Row("accounts:logout", POST, (                   TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE,     TO_LOGIN_PAGE),
        then=signed_out),
    Row("accounts:password-change", GET, (           LOGIN,             200,               200,               200,               200,               200,               200,               200,               LOGIN)),
    # Everyone changes their own password; nobody but applicant A changes applicant A's.
    Row("accounts:password-change", POST, (          LOGIN,             TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  TO_PASSWORD_DONE,  LOGIN),
        data=PASSWORD_CHANGE, snapshot=applicant_a_password, changes_for=frozenset({"applicant_a"})),
    Row("accounts:password-change-done", GET, (      LOGIN,             200,               200,               200,               200,               200,               200,               200,               LOGIN)),

    # Password reset is public; the answer is the same whether or not the address has an account.
    Row("accounts:password-reset", GET, (            200,               200,               200,               200,               200,               200,               200,               200,               200)),
    Row("accounts:password-reset", POST, (           TO_RESET_SENT,     TO_RESET_SENT,     TO_RESET_SENT,     TO_RESET_SENT,     TO_RESET_SENT,     TO_RESET_SENT,     TO_RESET_SENT,     TO_RESET_SENT,     TO_RESET_SENT),
        data={"email": "nobody@example.com"}),
    Row("accounts:password-reset-done", GET, (       200,               200,               200,               200,               200,               200,               200,               200,               200)),
    # A link with a wrong token shows the "link no longer valid" page, to everyone.
    Row("accounts:password-reset-confirm", GET, (    200,               200,               200,               200,               200,               200,               200,               200,               200),
        kwargs=lambda world: {"uidb64": "MQ", "token": "wrong-token"}),
    Row("accounts:password-reset-complete", GET, (   200,               200,               200,               200,               200,               200,               200,               200,               200)),
    # The office's account pages: only the programme office.
    Row("accounts:office-accounts", GET, (           LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN)),
    Row("accounts:office-account-create", GET, (     LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN)),
    Row("accounts:office-account-create", POST, (    LOGIN,             403,               403,               403,               403,               403,               TO_OFFICE_ACCOUNTS, TO_OFFICE_ACCOUNTS, LOGIN),
        data=NEW_EXPERT, snapshot=account_count, changes_for=frozenset({"programme_staff", "superuser"})),
    Row("accounts:office-account-deactivate", POST, (LOGIN,             403,               403,               403,               403,               403,               TO_OFFICE_ACCOUNTS, TO_OFFICE_ACCOUNTS, LOGIN),
        kwargs=unit_staff_b_pk, data={}, snapshot=unit_staff_b_active, changes_for=frozenset({"programme_staff", "superuser"})),
    Row("accounts:office-account-activate", POST, (  LOGIN,             403,               403,               403,               403,               403,               TO_OFFICE_ACCOUNTS, TO_OFFICE_ACCOUNTS, LOGIN),
        kwargs=unit_staff_b_pk, data={}, snapshot=unit_staff_b_active),
    Row("accounts:office-account-unlock", POST, (    LOGIN,             403,               403,               403,               403,               403,               TO_OFFICE_ACCOUNTS, TO_OFFICE_ACCOUNTS, LOGIN),
        kwargs=unit_staff_b_pk, data={}, snapshot=unit_staff_b_active),
    Row("accounts:office-account-send-reset", POST, (LOGIN,             403,               403,               403,               403,               403,               TO_OFFICE_ACCOUNTS, TO_OFFICE_ACCOUNTS, LOGIN),
        kwargs=unit_staff_b_pk, data={}, snapshot=unit_staff_b_active),

    Row("api:me", GET, (                             401,               200,               200,               200,               200,               200,               200,               200,               401)),
    # Everyone signed in may issue themselves a token; only applicant A's own call replaces applicant A's.
    Row("api:me-token", POST, (                      401,               201,               201,               201,               201,               201,               201,               201,               401),
        data={}, json=True, snapshot=applicant_a_token, changes_for=frozenset({"applicant_a"})),
    Row("api:account-list", GET, (                   401,               403,               403,               403,               403,               403,               200,               200,               401)),
    Row("api:account-list", POST, (                  401,               403,               403,               403,               403,               403,               201,               201,               401),
        data=NEW_EXPERT, json=True, snapshot=account_count, changes_for=frozenset({"programme_staff", "superuser"})),
    Row("api:account-detail", GET, (                 401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=unit_staff_b_pk),
    Row("api:account-deactivate", POST, (            401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=unit_staff_b_pk, data={}, json=True, snapshot=unit_staff_b_active, changes_for=frozenset({"programme_staff", "superuser"})),
    Row("api:account-activate", POST, (              401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=unit_staff_b_pk, data={}, json=True, snapshot=unit_staff_b_active),
    Row("api:account-unlock", POST, (                401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=unit_staff_b_pk, data={}, json=True, snapshot=unit_staff_b_active),
    Row("api:account-send-reset", POST, (            401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=unit_staff_b_pk, data={}, json=True, snapshot=unit_staff_b_active),

    # The office (de)activates accounts in the admin, through set_user_active; nobody else reaches the form.
    Row("admin:accounts_user_change", POST, (        ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_USERS,          TO_USERS,          ADMIN_LOGIN),
        kwargs=lambda world: {"object_id": world.applicant_a.pk}, data={"_save": "保存"},
        snapshot=applicant_a_is_active, changes_for=frozenset({"programme_staff", "superuser"})),
)

# Who of the office opens each admin page:   (programme_staff, superuser)
ADMIN = (
    # View and (de)activate only (ROLE_PERMISSIONS); accounts are never added or deleted in the admin.
    AdminPages("accounts.user", obj=lambda world: world.applicant_a,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
    # Roles live in code, not in groups: the office has no right on groups; the superuser has every right.
    AdminPages("auth.group", obj=lambda world: world.group,
        changelist=(403, 200), add=(403, 200), change=(403, 200), delete=(403, 200), history=(403, 200)),
    AdminPages("authtoken.tokenproxy", obj=lambda world: world.token,  # a TokenProxy: its pk is the user's
        changelist=(403, 200), add=(403, 200), change=(403, 200), delete=(403, 200), history=(403, 200)),
    AdminPages("axes.accessattempt", obj=lambda world: world.access_attempt,
        changelist=(403, 200), add=(403, 403), change=(403, 200), delete=(403, 200), history=(403, 200)),
    AdminPages("axes.accesslog", obj=lambda world: world.access_log,
        changelist=(403, 200), add=(403, 403), change=(403, 200), delete=(403, 200), history=(403, 200)),
    AdminPages("axes.accessfailurelog", obj=lambda world: world.access_failure_log,
        changelist=(403, 200), add=(403, 403), change=(403, 200), delete=(403, 200), history=(403, 200)),
)
# fmt: on
