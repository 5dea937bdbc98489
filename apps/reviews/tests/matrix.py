"""Permission matrix rows of the reviews app: the expert's desk and the expert's assignments API (see
tests/matrix.py for the format). The world's expert is assigned to application A and to application B,
on which a derived conflict (B's avoid list names the expert) hides the assignment: never listed, 404."""
from tests.matrix import GET, LOGIN, Row, Shows

ASSIGNMENT_A = "assignment_a"  # a world key (tests/world.py)

# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("reviews:dashboard", GET, (                  LOGIN,             403,               403,               403,               403,               200,               403,               403,               LOGIN)),
    Row("api:review-assignment-list", GET, (         401,               403,               403,               403,               403,               Shows(ASSIGNMENT_A), 403,             403,               401)),
    Row("api:review-assignment-detail", GET, (       401,               403,               403,               403,               403,               200,               403,               403,               401),
        kwargs=lambda world: {"pk": world.assignment_a.pk}),
    Row("api:review-assignment-detail", GET, (       401,               403,               403,               403,               403,               404,               403,               403,               401),
        kwargs=lambda world: {"pk": world.assignment_b_conflicted.pk}, case="conflicted"),
)
# fmt: on
