"""Permission matrix rows of registration, invitation, consent, `新建申报` and the profile (see tests/matrix.py)."""
from apps.accounts.models import User
from apps.applicants.models import Application, Consent, Registration
from apps.core.models import AuditEntry
from tests.matrix import GET, HOME, LOGIN, POST, Redirect, Row

PUT = "PUT"  # sent as JSON (tests/test_permission_matrix.py)

TO_REGISTER_DONE = Redirect("applicants:register-done")
TO_UNIT_DESK = Redirect("units:dashboard")
TO_PROFILE_A = Redirect("applicants:profile", kwargs=lambda world: {"pk": world.application_a.pk})
TO_PROFILE_B = Redirect("applicants:profile", kwargs=lambda world: {"pk": world.application_b.pk})
ANONYMOUS_ONLY = frozenset({"anonymous", "inactive"})  # the inactive column's session no longer signs anyone in

REGISTER = {
    "name": "周明", "email": "matrix.register@example.com", "mobile": "13900012345",
    "password1": "Lathe-Master-2026", "password2": "Lathe-Master-2026", "consent": "on",
}
INVITE = {"name": "李华", "email": "matrix.invite@example.com"}
PROFILE = {"version": "0", "post": "焊工", "frontline_years": "12"}
BAD_TOKEN = {"token": "not-a-signed-token"}


def accounts_and_consents(world):
    return (User.objects.count(), Consent.objects.count(), Registration.objects.count())


def registrations(world):
    return Registration.objects.count()


def applications(world):
    return Application.objects.count()


def profile_a(world):
    return Application.objects.values_list("post", "frontline_years", "profile_version").get(pk=world.application_a.pk)


def audit_count(world):
    return AuditEntry.objects.count()


def application_a_pk(world):
    return {"pk": world.application_a.pk}


def forwarded_a_pk(world):
    return {"pk": world.forwarded_a.pk}


# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    # Registration is for people without an account; the signed in go to their desk.
    Row("applicants:register", GET, (                200,               HOME,              HOME,              HOME,              HOME,              HOME,              HOME,              HOME,              200)),
    Row("applicants:register", POST, (               TO_REGISTER_DONE,  HOME,              HOME,              HOME,              HOME,              HOME,              HOME,              HOME,              TO_REGISTER_DONE),
        data=REGISTER, snapshot=accounts_and_consents, changes_for=ANONYMOUS_ONLY),
    Row("applicants:register-done", GET, (           200,               HOME,              HOME,              HOME,              HOME,              HOME,              HOME,              HOME,              200)),
    # A link is its own credential: whoever holds it sees the same page (here: an invalid link's).
    Row("applicants:verify-email", GET, (            200,               200,               200,               200,               200,               200,               200,               200,               200),
        kwargs=lambda world: BAD_TOKEN),
    Row("applicants:verify-email", POST, (           200,               200,               200,               200,               200,               200,               200,               200,               200),
        kwargs=lambda world: BAD_TOKEN, data={}, snapshot=accounts_and_consents),
    Row("applicants:accept-invitation", GET, (       200,               200,               200,               200,               200,               200,               200,               200,               200),
        kwargs=lambda world: BAD_TOKEN),
    Row("applicants:accept-invitation", POST, (      200,               200,               200,               200,               200,               200,               200,               200,               200),
        kwargs=lambda world: BAD_TOKEN, data={"password1": "Welder-Pride-2026", "password2": "Welder-Pride-2026", "consent": "on"},
        snapshot=accounts_and_consents),
    Row("applicants:privacy-policy", GET, (          200,               200,               200,               200,               200,               200,               200,               200,               200)),
    # Unit staff invite applicants to their own unit.
    Row("applicants:invite", GET, (                  LOGIN,             403,               403,               200,               200,               403,               403,               403,               LOGIN)),
    Row("applicants:invite", POST, (                 LOGIN,             403,               403,               TO_UNIT_DESK,      TO_UNIT_DESK,      403,               403,               403,               LOGIN),
        data=INVITE, snapshot=registrations, changes_for=frozenset({"unit_staff_a", "unit_staff_b"})),
    # Both world applicants already apply this year: 新建申报 sends them to that application's profile.
    Row("applicants:start", GET, (                   LOGIN,             TO_PROFILE_A,      TO_PROFILE_B,      403,               403,               403,               403,               403,               LOGIN)),
    Row("applicants:start", POST, (                  LOGIN,             TO_PROFILE_A,      TO_PROFILE_B,      403,               403,               403,               403,               403,               LOGIN),
        data={"unit": "0", "consent": "on"}, snapshot=applications),
    # Application A is submitted: its owner and its unit read the profile, nobody edits it.
    Row("applicants:profile", GET, (                 LOGIN,             200,               404,               200,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk),
    Row("applicants:profile", POST, (                LOGIN,             403,               404,               403,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data=PROFILE, snapshot=profile_a),
    # The full ID number: its owner (not audited), the office (audited); the unit never.
    Row("applicants:profile-reveal-id", POST, (      LOGIN,             200,               404,               403,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data={}, snapshot=audit_count),
    Row("applicants:profile-reveal-id", POST, (      LOGIN,             404,               404,               403,               404,               404,               200,               200,               LOGIN),
        kwargs=forwarded_a_pk, data={}, snapshot=audit_count, changes_for=frozenset({"programme_staff", "superuser"}), case="forwarded"),

    # 新建申报 in the API: both world applicants already apply this year (400 from the service); others may not (403).
    Row("api:application-list", POST, (              401,               400,               400,               403,               403,               403,               403,               403,               401),
        data=lambda world: {"unit": world.unit_a.pk, "consent": True}, json=True, snapshot=applications, case="start"),
    Row("api:application-profile", GET, (            401,               200,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk),
    # Submitted: not editable by its owner (400), never by its unit (403).
    Row("api:application-profile", PUT, (            401,               400,               404,               403,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data=PROFILE | {"version": 0}, snapshot=profile_a),
    Row("api:application-resident-id", POST, (       401,               200,               404,               403,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data={}, json=True, snapshot=audit_count),
    Row("api:application-resident-id", POST, (       401,               404,               404,               403,               404,               404,               200,               200,               401),
        kwargs=forwarded_a_pk, data={}, json=True, snapshot=audit_count, changes_for=frozenset({"programme_staff", "superuser"}), case="forwarded"),
)
# fmt: on
