"""Permission matrix rows of the units app: the unit's desk, its list and balance panel, its decisions on an
application, its ranking, the recommendation form, integrity flags, and the admin of units (see tests/matrix.py)."""
from apps.applicants.models import Application
from apps.applicants.tests.matrix import FORWARD, TO_DETAIL, application_a_pk, application_state, forwarded_a_state
from apps.units.models_forms import RecommendationForm
from apps.units.tests.world_forms import stored_form
from tests.matrix import A, B, F, GET, LOGIN, POST, AdminPages, Redirect, Row, Shows

REASON = {"reason": "请补充技能等级证书"}
TO_RANKING = Redirect("units:ranking")


def unit_a_ranks(world):
    return list(Application.objects.filter(unit=world.unit_a).order_by("pk").values_list("pk", "unit_rank"))


def rank_numbers(world):
    """Unit A's two standing candidates, the forwarded one first, as the page's rank inputs post them."""
    return {f"rank-{world.forwarded_a.pk}": "1", f"rank-{world.application_a.pk}": "2"}


def ordered_ids(world):
    return {"ordered_ids": [world.forwarded_a.pk, world.application_a.pk]}


def ranking_lists_only_the_own_unit(client, role, world):
    if role.startswith("unit_staff"):
        response = client.get("/unit/ranking/")
        listed = sorted(candidate.pk for candidate in response.context["candidates"])
        expected = sorted([world.application_a.pk, world.forwarded_a.pk]) if role == "unit_staff_a" else [world.application_b.pk]
        assert listed == expected



def form_a_pk(world):
    """Application A, its ready form's file written into this cell's MEDIA_ROOT."""
    stored_form(world.form_a)
    return {"pk": world.application_a.pk}


def forwarded_a_pk(world):
    return {"pk": world.forwarded_a.pk}


def forms_state(world):
    return list(RecommendationForm.objects.order_by("pk").values_list("pk", "application_id", "status", "input_hash"))

# fmt: off
ROWS = (
    # name, method                                   anonymous          applicant_a        applicant_b        unit_staff_a       unit_staff_b       expert             programme_staff    superuser          inactive
    Row("units:dashboard", GET, (                    LOGIN,             403,               403,               Shows(A, F),       Shows(B),          403,               403,               403,               LOGIN)),
    # Forwarding is the unit's named action; the office could see a forwarded application but never forwards.
    Row("units:forward", POST, (                     LOGIN,             403,               404,               TO_DETAIL,         404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data=FORWARD, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    # The unit's list and its balance panel (views_list.py, api.py): its own unit's submitted applications only.
    Row("units:applications", GET, (                 LOGIN,             403,               403,               Shows(A, F),       Shows(B),          403,               403,               403,               LOGIN)),
    Row("units:balance", GET, (                      LOGIN,             403,               403,               200,               200,               403,               403,               403,               LOGIN)),
    Row("api:unit-applications", GET, (              401,               403,               403,               Shows(A, F),       Shows(B),          403,               403,               403,               401)),
    Row("api:unit-balance", GET, (                   401,               403,               403,               200,               200,               403,               403,               403,               401)),
    # The recommendation form (views_forms.py, api_forms.py): the unit's staff, and the office once forwarded.
    # Applicant A sees the application but not its form (the unit's opinion and rank): 403.
    Row("units:form-request", POST, (                LOGIN,             403,               404,               TO_DETAIL,         404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data={}, snapshot=forms_state, changes_for=frozenset({"unit_staff_a"})),
    Row("units:form-status", GET, (                  LOGIN,             403,               404,               200,               404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk),
    Row("units:form-status", GET, (                  LOGIN,             404,               404,               200,               404,               404,               200,               200,               LOGIN),
        kwargs=forwarded_a_pk, case="forwarded"),
    Row("units:form-download", GET, (                LOGIN,             403,               404,               200,               404,               404,               404,               404,               LOGIN),
        kwargs=form_a_pk),
    # Nothing rendered yet for the forwarded application: 404 for those who may have it too.
    Row("units:form-download", GET, (                LOGIN,             404,               404,               404,               404,               404,               404,               404,               LOGIN),
        kwargs=forwarded_a_pk, case="forwarded"),
    Row("api:application-recommendation-form", GET, (401,              403,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk),
    Row("api:application-recommendation-form", POST, (401,             403,               404,               202,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data={}, snapshot=forms_state, changes_for=frozenset({"unit_staff_a"})),
    Row("api:application-recommendation-form-download", GET, (401,     403,               404,               200,               404,               404,               404,               404,               401),
        kwargs=form_a_pk),
    # Integrity flags: the unit's page (its own applications), the office's per round, and the API for both.
    Row("units:integrity", GET, (                    LOGIN,             403,               403,               200,               200,               403,               403,               403,               LOGIN)),
    Row("units:office-integrity", GET, (             LOGIN,             403,               403,               403,               403,               403,               200,               200,               LOGIN),
        kwargs=lambda world: {"pk": world.round.pk}),
    Row("api:integrity-flags", GET, (                401,               403,               403,               200,               200,               403,               200,               200,               401)),
    # Return and reject: the unit's; applicant A sees the application but may not (403); nobody else sees it.
    Row("units:return", POST, (                      LOGIN,             403,               404,               TO_DETAIL,         404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data=REASON, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    Row("units:reject", POST, (                      LOGIN,             403,               404,               TO_DETAIL,         404,               404,               404,               404,               LOGIN),
        kwargs=application_a_pk, data=REASON, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    # The recall of a forward: the office sees the forwarded application (403), its applicant is the inactive user.
    Row("units:withdraw-forward", POST, (            LOGIN,             404,               404,               TO_DETAIL,         404,               404,               403,               403,               LOGIN),
        kwargs=forwarded_a_pk, data=REASON, snapshot=forwarded_a_state, changes_for=frozenset({"unit_staff_a"})),
    # The ranking: each unit's staff rank their own candidates; unit B posting unit A's ids is refused (a message).
    Row("units:ranking", GET, (                      LOGIN,             403,               403,               200,               200,               403,               403,               403,               LOGIN),
        then=ranking_lists_only_the_own_unit),
    Row("units:ranking", POST, (                     LOGIN,             403,               403,               TO_RANKING,        TO_RANKING,        403,               403,               403,               LOGIN),
        data=rank_numbers, snapshot=unit_a_ranks, changes_for=frozenset({"unit_staff_a"})),
    Row("api:unit-ranking", GET, (                   401,               403,               403,               200,               200,               403,               403,               403,               401)),
    Row("api:unit-ranking", POST, (                  401,               403,               403,               200,               400,               403,               403,               403,               401),
        data=ordered_ids, json=True, snapshot=unit_a_ranks, changes_for=frozenset({"unit_staff_a"})),
    # The same decisions in the API (apps/applicants/api.py), the same services.
    Row("api:application-return-for-fixes", POST, (  401,               403,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data=REASON, json=True, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    Row("api:application-reject", POST, (            401,               403,               404,               200,               404,               404,               404,               404,               401),
        kwargs=application_a_pk, data=REASON, json=True, snapshot=application_state, changes_for=frozenset({"unit_staff_a"})),
    Row("api:application-withdraw-forward", POST, (  401,               404,               404,               200,               404,               404,               403,               403,               401),
        kwargs=forwarded_a_pk, data=REASON, json=True, snapshot=forwarded_a_state, changes_for=frozenset({"unit_staff_a"})),
)

# Who of the office opens each admin page:   (programme_staff, superuser)
ADMIN = (
    # The office keeps the list of units; units are deactivated, never deleted.
    AdminPages("units.recommendingunit", obj=lambda world: world.unit_a,
        changelist=(200, 200), add=(200, 200), change=(200, 200), delete=(403, 403), history=(200, 200)),
    # Renderings are rows of the service: view-only, within the office's scope (the forwarded application's).
    AdminPages("units.recommendationform", obj=lambda world: world.form_forwarded,
        changelist=(200, 200), add=(403, 403), change=(200, 200), delete=(403, 403), history=(200, 200)),
)
# fmt: on
