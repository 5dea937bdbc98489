"""Permission matrix rows of the units app: the unit's desk and the admin of units (see tests/matrix.py)."""
from apps.applicants.tests.matrix import FORWARD, TO_DETAIL, application_a_pk, application_state
from tests.matrix import A, B, F, GET, LOGIN, POST, AdminPages, Row, Shows

# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("units:dashboard", GET, (                    LOGIN,             403,               403,               Shows(A, F),       Shows(B),          403,               403,               403,               LOGIN)),
    # Forwarding is the unit's named action; the office could see a forwarded application but never forwards.
    Row("units:forward", POST, (                     LOGIN,             403,               404,               TO_DETAIL,         404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data=FORWARD, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    # Integrity flags: the unit's page (its own applications), the office's per round, and the API for both.
    Row("units:integrity", GET, (                    LOGIN,             403,               403,               200,               200,               403,               403,               403,               LOGIN)),
    Row("units:office-integrity", GET, (             LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=lambda world: {"pk": world.round.pk}),
    Row("api:integrity-flags", GET, (                401,               403,               403,               200,               200,               403,               200,               200,               401)),
)

# Who of the office opens each admin page:   (programme_staff, superuser)
ADMIN = (
    # The office keeps the list of units; units are deactivated, never deleted.
    AdminPages("units.recommendingunit", obj=lambda world: world.unit_a,
        changelist=(200, 200), add=(200, 200), change=(200, 200), delete=(403, 403), history=(200, 200)),
)
# fmt: on
