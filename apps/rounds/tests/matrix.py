"""Permission matrix rows of the rounds app: the office's desk, the rounds API and the admin of rounds,
with its phase action (see tests/matrix.py for the format)."""
from apps.rounds.models import Quota, Round
from tests.matrix import ADMIN_LOGIN, F, GET, LOGIN, POST, R, AdminPages, Redirect, Row, Shows

TO_ADVANCE_PAGE = Redirect("admin:rounds_round_advance", kwargs=lambda world: {"object_id": world.round.pk})
TO_ROUND_ADMIN = Redirect("admin:rounds_round_change", with_row_kwargs=True)


def round_object_id(world):
    return {"object_id": world.round.pk}


def round_status(world):
    return Round.objects.values_list("status", flat=True).get(pk=world.round.pk)


def quota_places(world):
    return list(Quota.objects.order_by("pk").values_list("unit_id", "places", "override_reason"))


def round_pk(world):
    return {"pk": world.round.pk}


QA = "quota_a"
OFFICE = frozenset({"programme_staff", "superuser"})


def advance_action(world):
    return {"action": "advance_to_next_phase", "_selected_action": [world.round.pk]}


# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("rounds:dashboard", GET, (                   LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN)),
    # The office's list of forwarded applications: a merely submitted one is not on it.
    Row("rounds:applications", GET, (                LOGIN,             403,               403,               403,               403,               403,               Shows(F),          Shows(F),          LOGIN)),

    Row("api:round-list", GET, (                     401,               Shows(R),          Shows(R),          Shows(R),          Shows(R),          Shows(R),          Shows(R),          Shows(R),          401)),
    Row("api:round-detail", GET, (                   401,               200,               200,               200,               200,               200,               200,               200,               401),
        kwargs=lambda world: {"pk": world.round.pk}),
    # Quotas: the office sees every unit's, a unit's staff only their own (unit B has none in the world).
    Row("api:round-quotas", GET, (                   401,               403,               403,               Shows(QA),         Shows(),           403,               Shows(QA),         Shows(QA),         401),
        kwargs=round_pk),
    Row("api:round-allocate-quotas", POST, (         401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=round_pk, snapshot=quota_places, changes_for=OFFICE),
    # Outside the caller's reach the quota is not found; unit A's staff see theirs but may not override it.
    Row("api:quota-override", POST, (                401,               404,               404,               403,               404,               404,               200,               200,               401),
        kwargs=lambda world: {"pk": world.quota_a.pk}, data={"places": 3, "reason": "重点产业集中，适当增加"},
        snapshot=quota_places, changes_for=OFFICE),

    # The desk's phase change: the page, and its POST. In the world application A still awaits its unit
    # before the deadline, so the move is blocked: the office sees the blockers again, nothing moves.
    Row("rounds:advance", GET, (                     LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk),
    Row("rounds:advance", POST, (                    LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk, data={"to": "reviewing"}, snapshot=round_status),
    Row("api:round-phase-check", GET, (              401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=round_pk),
    # Blocked in the world (application A awaits its unit): the office is told why (400), nothing moves.
    Row("api:round-advance", POST, (                 401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, data={"to": "reviewing"}, json=True, snapshot=round_status),

    # The admin action "推进到下一阶段" moves nothing in one click: it leads to the confirmation page.
    Row("admin:rounds_round_changelist", POST, (     ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_ADVANCE_PAGE,   TO_ADVANCE_PAGE,   ADMIN_LOGIN),
        data=advance_action, snapshot=round_status),
    # A phase change: the confirmation page, and its POST (the only request that moves the round). Here the
    # move's guard refuses for the office too (application A still awaits its unit before the deadline);
    # apps/rounds/tests cover the confirmed move.
    Row("admin:rounds_round_advance", GET, (         ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       200,               200,               ADMIN_LOGIN),
        kwargs=round_object_id),
    Row("admin:rounds_round_advance", POST, (        ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_ROUND_ADMIN,    TO_ROUND_ADMIN,    ADMIN_LOGIN),
        kwargs=round_object_id, data={"to": "reviewing"}, snapshot=round_status),
)

# Who of the office opens each admin page:   (programme_staff, superuser)
ADMIN = (
    # The office runs rounds (view, add, change); only the superuser holds the delete permission.
    AdminPages("rounds.round", obj=lambda world: world.round,
        changelist=(200, 200), add=(200, 200), change=(200, 200), delete=(403, 200), history=(200, 200)),
    # Quotas are read only in the admin: they change through allocation and the audited override.
    AdminPages("rounds.quota", obj=lambda world: world.quota_a,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
)
# fmt: on
