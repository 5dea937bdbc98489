"""Permission matrix rows of the expert review pages and API (views_scoring, views_panels, api_scoring; the format
is in tests/matrix.py). The world's `expert` is assigned to application A and, on application B, hidden by a
derived conflict (B's avoid list names them): the expert column has a row for each. A and B are not forwarded,
so the office's pages of their assignments and sheets answer 404 (the office's policy: forwarded applications),
and its pages of the forwarded one answer 200. Refused cells and the office's refused inputs change nothing."""
from apps.reviews.models import Assignment, ConflictDeclaration, DrawRecord, ExpertProfile, Panel, Score, ScoreSheet
from tests.matrix import GET, LOGIN, POST, Redirect, Row

TO_SCORE = Redirect("reviews:score", with_row_kwargs=True)
TO_DESK = Redirect("reviews:dashboard")
TO_PANELS = Redirect("reviews:panels", kwargs=lambda world: {"pk": world.round.pk})
TO_FORWARDED_ASSIGNMENTS = Redirect("reviews:application-assignments", kwargs=lambda world: {"pk": world.forwarded_a.pk})


def a(world):
    return {"pk": world.assignment_a.pk}


def b(world):
    return {"pk": world.assignment_b_conflicted.pk}


def round_pk(world):
    return {"pk": world.round.pk}


def forwarded_pk(world):
    return {"pk": world.forwarded_a.pk}


def panel_pk(world):
    return {"pk": world.panel.pk}


def sheet_a(world):
    sheet, _ = ScoreSheet.objects.get_or_create(assignment=world.assignment_a)
    return {"pk": sheet.pk}


def scores_body(world):
    return {f"score_{i.pk}": "8" for i in world.round.indicators.all()} | {"version": "0", "action": "save", "comment": "矩阵"}


def api_scores_body(world):
    return {"scores": {str(i.pk): "8" for i in world.round.indicators.all()}, "version": 0}


def sheets(world):
    return (
        list(ScoreSheet.objects.order_by("pk").values_list("assignment_id", "status", "version", "comment")),
        list(Score.objects.order_by("pk").values_list("sheet_id", "indicator_id", "value")),
    )


def assignments(world):
    return (
        list(Assignment.objects.order_by("pk").values_list("pk", "expert_id", "status", "withdrawn_reason")),
        list(ConflictDeclaration.objects.order_by("pk").values_list("expert_id", "application_id")),
    )


def pool(world):
    return list(ExpertProfile.objects.order_by("pk").values_list("pk", "user_id", "field"))


def panels(world):
    return [(p.pk, p.name, p.industries, sorted(p.members.values_list("pk", flat=True))) for p in Panel.objects.order_by("pk")]


def draws(world):
    return (list(DrawRecord.objects.values_list("pk")), list(Assignment.objects.values_list("pk", "status")), world.round.__class__.objects.get(pk=world.round.pk).experts_per_candidate)


ADMIN_LIKE_403 = 403

# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    # The expert's scoring page: their assignment on A; the conflicted one on B answers 404 like any other.
    Row("reviews:score", GET, (                      LOGIN,             403,               403,               403,               403,               200,               403,               403,               LOGIN),
        kwargs=a),
    Row("reviews:score", GET, (                      LOGIN,             403,               403,               403,               403,               404,               403,               403,               LOGIN),
        kwargs=b, case="conflicted"),
    Row("reviews:score", POST, (                     LOGIN,             403,               403,               403,               403,               TO_SCORE,          403,               403,               LOGIN),
        kwargs=a, data=scores_body, snapshot=sheets, changes_for=frozenset({"expert"})),
    Row("reviews:score", POST, (                     LOGIN,             403,               403,               403,               403,               404,               403,               403,               LOGIN),
        kwargs=b, data=scores_body, snapshot=sheets, case="conflicted"),
    Row("reviews:declare-conflict", GET, (           LOGIN,             403,               403,               403,               403,               200,               403,               403,               LOGIN),
        kwargs=a),
    Row("reviews:declare-conflict", GET, (           LOGIN,             403,               403,               403,               403,               404,               403,               403,               LOGIN),
        kwargs=b, case="conflicted"),
    Row("reviews:declare-conflict", POST, (          LOGIN,             403,               403,               403,               403,               TO_DESK,           403,               403,               LOGIN),
        kwargs=a, data={"reason": "曾为同一项目组成员"}, snapshot=assignments, changes_for=frozenset({"expert"})),
    Row("reviews:declare-conflict", POST, (          LOGIN,             403,               403,               403,               403,               404,               403,               403,               LOGIN),
        kwargs=b, data={"reason": "曾为同一项目组成员"}, snapshot=assignments, case="conflicted"),
    # The office's pages. Refused inputs (400) change nothing; the members POST repeats the current members.
    Row("reviews:pool", GET, (                       LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk),
    Row("reviews:pool", POST, (                      LOGIN,             403,               403,               403,               403,               403,               400,               400,               LOGIN),
        kwargs=round_pk, data=lambda world: {"user": world.expert.pk, "field": "焊接", "employer_name": "清华大学"}, snapshot=pool),
    Row("reviews:panels", GET, (                     LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk),
    Row("reviews:panels", POST, (                    LOGIN,             403,               403,               403,               403,               403,               400,               400,               LOGIN),
        kwargs=round_pk, data={"name": "另一组", "field": "制造", "industries": ["C"]}, snapshot=panels),
    Row("reviews:panel-members", GET, (              LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=panel_pk),
    Row("reviews:panel-members", POST, (             LOGIN,             403,               403,               403,               403,               403,               TO_PANELS,         TO_PANELS,         LOGIN),
        kwargs=panel_pk, data=lambda world: {"members": [str(world.expert_profile.pk)]}, snapshot=panels),
    Row("reviews:draw", GET, (                       LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk),
    Row("reviews:draw", POST, (                      LOGIN,             403,               403,               403,               403,               403,               400,               400,               LOGIN),
        kwargs=round_pk, data={"action": "confirm", "n": "3", "seed": "1"}, snapshot=draws),
    Row("reviews:reassign", GET, (                   LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=round_pk),
    Row("reviews:application-assignments", GET, (    LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=forwarded_pk),
    Row("reviews:application-assignments", GET, (    LOGIN,             403,               403,               403,               403,               403,               404,               404,               LOGIN),
        kwargs=lambda world: {"pk": world.application_a.pk}, case="not forwarded"),
    Row("reviews:application-assignments", POST, (   LOGIN,             403,               403,               403,               403,               403,               400,               400,               LOGIN),
        kwargs=forwarded_pk, data=lambda world: {"expert": str(world.expert_profile.pk), "reason": ""}, snapshot=assignments),
    Row("reviews:assignment-withdraw", POST, (       LOGIN,             403,               403,               403,               403,               403,               404,               404,               LOGIN),
        kwargs=a, data={"reason": "出差"}, snapshot=assignments),
    Row("reviews:sheet-reopen", POST, (              LOGIN,             403,               403,               403,               403,               403,               404,               404,               LOGIN),
        kwargs=sheet_a, data={"reason": "复核"}, snapshot=sheets),
)
# fmt: on

# The API: 401 without a session or token.
# fmt: off
ROWS += (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("api:review-sheet", GET, (                   401,               403,               403,               403,               403,               200,               403,               403,               401),
        kwargs=a),
    Row("api:review-sheet", GET, (                   401,               403,               403,               403,               403,               404,               403,               403,               401),
        kwargs=b, case="conflicted"),
    Row("api:review-sheet", POST, (                  401,               403,               403,               403,               403,               200,               403,               403,               401),
        kwargs=a, json=True, data=api_scores_body, snapshot=sheets, changes_for=frozenset({"expert"})),
    Row("api:review-sheet", POST, (                  401,               403,               403,               403,               403,               404,               403,               403,               401),
        kwargs=b, json=True, data=api_scores_body, snapshot=sheets, case="conflicted"),
    Row("api:review-sheet-submit", POST, (           401,               403,               403,               403,               403,               400,               403,               403,               401),
        kwargs=a, json=True, data={"version": 0}, snapshot=sheets),
    Row("api:review-sheet-submit", POST, (           401,               403,               403,               403,               403,               404,               403,               403,               401),
        kwargs=b, json=True, data={"version": 0}, snapshot=sheets, case="conflicted"),
    Row("api:review-conflict", POST, (               401,               403,               403,               403,               403,               204,               403,               403,               401),
        kwargs=a, json=True, data={"reason": "同一项目组"}, snapshot=assignments, changes_for=frozenset({"expert"})),
    Row("api:review-conflict", POST, (               401,               403,               403,               403,               403,               404,               403,               403,               401),
        kwargs=b, json=True, data={"reason": "同一项目组"}, snapshot=assignments, case="conflicted"),
    Row("api:round-experts", GET, (                  401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=round_pk),
    Row("api:round-experts", POST, (                 401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data=lambda world: {"user": world.expert.pk, "field": "焊接", "employer_name": "清华大学"}, snapshot=pool),
    Row("api:round-panels", GET, (                   401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=round_pk),
    Row("api:round-panels", POST, (                  401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data={"name": "另一组", "field": "制造", "industries": "C"}, snapshot=panels),
    Row("api:review-panel-members", POST, (          401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=panel_pk, json=True, data=lambda world: {"members": [world.expert_profile.pk]}, snapshot=panels),
    Row("api:round-draw", POST, (                    401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=round_pk, json=True, data={"n": 3, "seed": 1, "dry_run": False}, snapshot=draws),
    Row("api:round-reassign", GET, (                 401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=round_pk),
    Row("api:application-assignments", GET, (       401,               403,               403,               403,               403,               403,               200,               200,               401),
        kwargs=forwarded_pk),
    Row("api:application-assignments", POST, (      401,               403,               403,               403,               403,               403,               400,               400,               401),
        kwargs=forwarded_pk, json=True, data=lambda world: {"expert": world.expert_profile.pk, "reason": "补充"}, snapshot=assignments),
    Row("api:review-assignment-withdraw", POST, (    401,               403,               403,               403,               403,               403,               404,               404,               401),
        kwargs=a, json=True, data={"reason": "出差"}, snapshot=assignments),
    Row("api:review-sheet-reopen", POST, (           401,               403,               403,               403,               403,               403,               404,               404,               401),
        kwargs=sheet_a, json=True, data={"reason": "复核"}, snapshot=sheets),
)
# fmt: on
