"""Permission matrix rows of the reviews app: the expert's desk and assignments API, and the office's formal review (see
tests/matrix.py for the format). The world's round is still recommending, so the office's decisions
are refused for the phase (400) and its bulk pass skips the one forwarded candidate: nothing changes."""
from apps.applicants.models import Application
from tests.matrix import F, GET, LOGIN, POST, Redirect, Row, Shows

ASSIGNMENT_A = "assignment_a"  # a world key (tests/world.py): the expert's assignment on A (a conflicted one on B is never listed)

TO_QUEUE = Redirect("reviews:formal-queue", kwargs=lambda world: {"pk": world.round.pk})


def round_pk(world):
    return {"pk": world.round.pk}


def forwarded_pk(world):
    return {"pk": world.forwarded_a.pk}


def statuses(world):
    return list(Application.objects.order_by("pk").values_list("status", "status_reason"))


# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("reviews:dashboard", GET, (                  LOGIN,             403,               403,               403,               403,               200,               403,               403,               LOGIN)),
    Row("reviews:formal-queue", GET, (               LOGIN,             403,               403,               403,               403,               403,               Shows(F),          Shows(F),          LOGIN),
        kwargs=round_pk),
    Row("reviews:formal-pass-clean", GET, (          LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk),
    Row("reviews:formal-pass-clean", POST, (         LOGIN,             403,               403,               403,               403,               403,               TO_QUEUE,          TO_QUEUE,          LOGIN),
        kwargs=round_pk, data=lambda world: {"application": [str(world.forwarded_a.pk)]}, snapshot=statuses),
    Row("reviews:formal-decide", GET, (              LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=forwarded_pk),
    Row("reviews:formal-decide", POST, (             LOGIN,             403,               403,               403,               403,               403,               400,               400,               LOGIN),
        kwargs=forwarded_pk, data={"to": "formal_failed", "reason": "材料不全"}, snapshot=statuses),
)
# fmt: on

# The API: the same answers, in JSON (401 without a session or token; 400 for the decision out of phase).
# fmt: off
ROWS += (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("api:round-formal-review", GET, (            401,               403,               403,               403,               403,               403,               Shows(F),          Shows(F),          401),
        kwargs=round_pk),
    Row("api:round-formal-pass-clean", POST, (       401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=round_pk, json=True, data=lambda world: {"applications": [world.forwarded_a.pk]}, snapshot=statuses),
    Row("api:application-formal-review", POST, (     401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=forwarded_pk, json=True, data={"decision": "fail", "reason": "材料不全"}, snapshot=statuses),
    Row("api:review-assignment-list", GET, (         401,               403,               403,               403,               403,               Shows(ASSIGNMENT_A), 403,             403,               401)),
    Row("api:review-assignment-detail", GET, (       401,               403,               403,               403,               403,               200,               403,               403,               401),
        kwargs=lambda world: {"pk": world.assignment_a.pk}),
    Row("api:review-assignment-detail", GET, (       401,               403,               403,               403,               403,               404,               403,               403,               401),
        kwargs=lambda world: {"pk": world.assignment_b_conflicted.pk}, case="conflicted"),
)
# fmt: on

from .matrix_ranking import ROWS as RANKING_ROWS  # noqa: E402 (the ranking and meeting rows, kept beside their code)

ROWS += RANKING_ROWS

# The expert review pages and API (views_scoring, views_panels, api_scoring).
from .matrix_scoring import ROWS as SCORING_ROWS  # noqa: E402

ROWS += SCORING_ROWS
