"""Permission matrix rows of the rounds app: the office's desk, the rounds API and the admin of rounds,
with its phase action (see tests/matrix.py for the format)."""
from apps.rounds.models import Round
from tests.matrix import ADMIN_LOGIN, F, GET, LOGIN, POST, R, AdminPages, Redirect, Row, Shows

TO_ROUNDS = Redirect("admin:rounds_round_changelist")


def round_status(world):
    return Round.objects.values_list("status", flat=True).get(pk=world.round.pk)


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

    # The admin action "推进到下一阶段" goes through advance_round, for the office only; here its guard
    # refuses (recommending cannot end before its deadline while application A awaits its unit).
    Row("admin:rounds_round_changelist", POST, (     ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       ADMIN_LOGIN,       TO_ROUNDS,         TO_ROUNDS,         ADMIN_LOGIN),
        data=advance_action, snapshot=round_status),
)

# Who of the office opens each admin page:   (programme_staff, superuser)
ADMIN = (
    # The office runs rounds (view, add, change); only the superuser holds the delete permission.
    AdminPages("rounds.round", obj=lambda world: world.round,
        changelist=(200, 200), add=(200, 200), change=(200, 200), delete=(403, 200), history=(200, 200)),
)
# fmt: on
