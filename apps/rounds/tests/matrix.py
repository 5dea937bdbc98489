"""Permission matrix rows of the rounds app: the office's desk, the rounds API and the admin of rounds,
with its phase action (see tests/matrix.py for the format)."""
import io

from openpyxl import load_workbook

from apps.rounds import factor_sheets, selectors
from apps.rounds.models import Indicator, Quota, QuotaFactors, Round
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


def round_settings(world):
    return list(Round.objects.order_by("pk").values_list("year", "title", "national_target", *SCHEME))


def indicator_weights(world):
    return list(Indicator.objects.order_by("pk").values_list("weight", "max_score"))


def factor_values(world):
    return list(QuotaFactors.objects.order_by("pk").values_list("unit_id", "worker_count"))


SCHEME = ("region_development_weight", "industry_level_weight", "worker_count_weight", "talent_environment_weight",
          "recommendation_ratio", "minimum_places")
TO_SETTINGS = Redirect("rounds:round-settings", with_row_kwargs=True)
TO_QUOTAS = Redirect("rounds:quotas", with_row_kwargs=True)
TO_FACTORS = Redirect("rounds:quota-factors", with_row_kwargs=True)
OFFICE_PAGE = (LOGIN, 403, 403, 403, 403, 403, 200, 200, LOGIN)


def office_post(to):
    return (LOGIN, 403, 403, 403, 403, 403, to, to, LOGIN)


def seen(world):
    return Round.objects.get(pk=world.round.pk).updated_at.isoformat()


def settings_data(world):
    return {"section": "settings", "seen": seen(world), "title": "2026年度遴选（矩阵）", "national_target": 200}


def indicators_data(world):
    data = {"section": "indicators"}
    for indicator in Indicator.objects.filter(round=world.round):
        prefix = f"indicator-{indicator.pk}"
        data |= {f"{prefix}-weight": "2.00" if indicator.position == 1 else indicator.weight,
                 f"{prefix}-max_score": indicator.max_score, f"{prefix}-seen_weight": indicator.weight,
                 f"{prefix}-seen_max_score": indicator.max_score}
    return data


def scheme_data(world):
    return {"seen": seen(world), "region_development_weight": "1", "industry_level_weight": "1", "worker_count_weight": "2",
            "talent_environment_weight": "1", "recommendation_ratio": "1.5", "minimum_places": "1"}


def factors_data(world):
    unit = world.unit_a.pk
    return {"unit": [unit], f"{unit}-seen": "", f"{unit}-region_development": "80", f"{unit}-industry_level": "70",
            f"{unit}-worker_count": "1200000", f"{unit}-talent_environment": "60"}


def import_data(world):
    """The round's template with unit A's head count filled in, as a fresh upload for each cell."""
    book = load_workbook(io.BytesIO(factor_sheets.build_template(world.round, selectors.units_for_quotas(world.round))))
    sheet = book[factor_sheets.SHEET]
    for row in sheet.iter_rows(min_row=2):
        row[2].value = row[3].value = row[5].value = 50
        row[4].value = 1_500_000 if row[0].value == world.unit_a.pk else 900_000
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "factors.xlsx"
    return {"file": upload}


def round_and_quotas(world):
    return round_settings(world), quota_places(world), list(Round.objects.values_list("quotas_confirmed_at", flat=True))


API_OFFICE = (401, 403, 403, 403, 403, 403, 200, 200, 401)


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

    # The office's round and quota pages (apps/rounds/urls_office.py): the office only; unit staff never.
    Row("rounds:round-list", GET, (                  LOGIN,             403,               403,               403,               403,               403,               Shows(R),          Shows(R),          LOGIN)),
    Row("rounds:round-create", GET, OFFICE_PAGE),
    Row("rounds:round-create", POST, office_post(Redirect("rounds:round-settings", kwargs=lambda world: {"pk": Round.objects.get(year=2040).pk})),
        data={"year": 2040, "national_target": 200}, snapshot=round_settings, changes_for=OFFICE),
    Row("rounds:round-settings", GET, OFFICE_PAGE, kwargs=round_pk),
    Row("rounds:round-settings", POST, office_post(TO_SETTINGS), kwargs=round_pk, data=settings_data,
        snapshot=round_settings, changes_for=OFFICE, case="settings"),
    Row("rounds:round-settings", POST, office_post(TO_SETTINGS), kwargs=round_pk, data=indicators_data,
        snapshot=indicator_weights, changes_for=OFFICE, case="indicators"),
    Row("rounds:quota-scheme", POST, office_post(TO_SETTINGS), kwargs=round_pk, data=scheme_data,
        snapshot=round_settings, changes_for=OFFICE),
    Row("rounds:quota-factors", GET, OFFICE_PAGE, kwargs=round_pk),
    Row("rounds:quota-factors", POST, office_post(TO_FACTORS), kwargs=round_pk, data=factors_data,
        snapshot=factor_values, changes_for=OFFICE),
    Row("rounds:quota-factors-template", GET, OFFICE_PAGE, kwargs=round_pk),
    Row("rounds:quota-factors-import", POST, office_post(TO_FACTORS), kwargs=round_pk, data=import_data,
        snapshot=factor_values, changes_for=OFFICE),
    Row("rounds:quotas", GET, OFFICE_PAGE, kwargs=round_pk),
    Row("rounds:quotas-allocate", POST, office_post(TO_QUOTAS), kwargs=round_pk, snapshot=quota_places, changes_for=OFFICE),
    Row("rounds:quotas-confirm", GET, OFFICE_PAGE, kwargs=round_pk),
    # The world's round is past its draft with its quotas confirmed: confirming again changes nothing.
    Row("rounds:quotas-confirm", POST, office_post(TO_QUOTAS), kwargs=round_pk, snapshot=quota_places),
    Row("rounds:quota-override", GET, OFFICE_PAGE, kwargs=lambda world: {"pk": world.quota_a.pk}),
    Row("rounds:quota-override", POST, office_post(Redirect("rounds:quotas", kwargs=round_pk)),
        kwargs=lambda world: {"pk": world.quota_a.pk}, data={"places": 3, "reason": "重点产业集中，适当增加"},
        snapshot=quota_places, changes_for=OFFICE),

    # The office's round API (apps/rounds/api_office.py): drafts too, the office only.
    Row("api:round-list", POST, (                    401,               403,               403,               403,               403,               403,               201,               201,               401),
        data={"year": 2041, "national_target": 200}, json=True, snapshot=round_settings, changes_for=OFFICE),
    Row("api:round-settings", POST, API_OFFICE, kwargs=round_pk, data={"title": "2026年度遴选（接口）"}, json=True,
        snapshot=round_settings, changes_for=OFFICE),
    Row("api:round-quota-scheme", POST, API_OFFICE, kwargs=round_pk, data={"worker_count_weight": "2.5"}, json=True,
        snapshot=round_settings, changes_for=OFFICE),
    Row("api:round-quota-factors", GET, API_OFFICE, kwargs=round_pk),
    Row("api:round-quota-factors", POST, API_OFFICE, kwargs=round_pk, json=True, data=lambda world: {"rows": [{
        "unit": world.unit_a.pk, "region_development": "80", "industry_level": "70", "worker_count": "1200000",
        "talent_environment": "60"}]}, snapshot=factor_values, changes_for=OFFICE),
    Row("api:round-quota-factors-template", GET, API_OFFICE, kwargs=round_pk),
    Row("api:round-quota-factors-import", POST, API_OFFICE, kwargs=round_pk, data=import_data,
        snapshot=factor_values, changes_for=OFFICE),
    # The what-if saves nothing, for the office neither.
    Row("api:round-quota-preview", POST, API_OFFICE, kwargs=round_pk, data={"minimum_places": 2}, json=True,
        snapshot=round_and_quotas),
    # Already confirmed in the world (a deployed round): confirming again is a no-op.
    Row("api:round-confirm-quotas", POST, API_OFFICE, kwargs=round_pk, snapshot=round_and_quotas),

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
