"""Permission matrix rows of cultivation (see tests/matrix.py): the talent pool and its export are the office's;
cultivation records are read-only in the admin. The world holds one cultivation (`world.cultivation`, applicant B's
published application of 2025)."""
from tests.matrix import GET, LOGIN, AdminPages, Row

OFFICE_ONLY = (LOGIN, 403, 403, 403, 403, 403, 200, 200, LOGIN)
API_OFFICE_ONLY = (401, 403, 403, 403, 403, 403, 200, 200, 401)


def cultivation(world):
    return world.cultivation


# fmt: off
ROWS = (
    Row("cultivation:talent-pool", GET, OFFICE_ONLY),
    Row("cultivation:talent-pool-export", GET, OFFICE_ONLY),
    Row("api:talent-pool", GET, API_OFFICE_ONLY),
    Row("api:talent-pool-export", GET, API_OFFICE_ONLY),
)

ADMIN = (
    AdminPages("cultivation.cultivation", obj=cultivation,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
)
# fmt: on
