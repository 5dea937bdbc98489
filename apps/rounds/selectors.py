from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, F, FilteredRelation, Q
from django.shortcuts import get_object_or_404

from apps.accounts.roles import Role, is_programme_staff, is_unit_staff
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.units.models import RecommendingUnit

from . import quotas
from .apportionment import apportion
from .enums import RoundStatus
from .models import Quota, Round


def current_round(rounds=None, *, columns=()):
    """The newest round that has been deployed, or None before the first deployment.

    Given `rounds` (every round, newest first: `rounds_overview()` already read for the office's desk),
    it is picked from them, without a query of its own. `columns` adds a desk's data version and menu
    count to the round's query (the `*_desk_version` selectors, `notices.selectors.unread_count_column`).
    """
    if rounds is not None:
        return next((round for round in rounds if round.status != RoundStatus.DRAFT), None)
    if not columns:
        return Round.objects.exclude(status=RoundStatus.DRAFT).order_by("-year").first()
    return next(iter(_rounds_with(columns, where=("r.status <> %s", [RoundStatus.DRAFT]), limit=1)), None)


# The desks' versions are scalar subqueries in the round's own query, written in SQL: composing the
# same subqueries with the ORM cost some 2.5 ms of CPU a request, ten times the query's own time.
# Each column is (sql, params); the round's table is aliased `r`; SQL common to PostgreSQL and SQLite.
def _rounds_with(columns, *, where=None, limit=None):
    where_sql, where_params = where or ("1 = 1", [])
    sql = (
        f"SELECT r.*, {', '.join(sql for sql, _ in columns)} FROM {_table(Round)} r WHERE {where_sql} ORDER BY r.year DESC"
        + (f" LIMIT {int(limit)}" if limit else "")
    )
    return list(Round.objects.raw(sql, [param for _, params in columns for param in params] + where_params))


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _changes(alias):
    """SQL summing the `updated_at` of the rows `alias` as seconds: it grows whenever one of them changes.

    Not MAX(updated_at): a save sets `updated_at` before its commit, so of two overlapping writes the one
    that commits last may carry the older time, and a body rendered between the commits would keep the
    newest time while missing that write. The sum moves with every row saved, in whatever order the
    commits land (an insert or a delete also moves the count beside it).
    """
    if connection.vendor == "postgresql":
        return f"SUM(EXTRACT(EPOCH FROM {alias}.updated_at))"
    return f"SUM(julianday({alias}.updated_at) * 86400.0)"


def rounds_overview():
    """Every round with its number of forwarded applications, newest first."""
    return Round.objects.annotate(
        application_count=Count("applications", filter=Q(applications__forwarded_at__isnull=False))
    ).order_by("-year")


def office_desk_rounds(columns=()):
    """`rounds_overview()` for the office desk, with its cached body's version (apps/core/fragments.py) in
    the same query: each round's applications counted with the sum of their changes (`_changes`), and
    the units' (`applications_total`, `applications_changed`, `units_total`, `units_changed`), and `columns`."""
    applications = _table(Application)
    return _rounds_with([
        (f"(SELECT COUNT(*) FROM {applications} a WHERE a.round_id = r.id AND a.forwarded_at IS NOT NULL) AS application_count", []),
        (f"(SELECT COUNT(*) FROM {applications} a WHERE a.round_id = r.id) AS applications_total", []),
        (f"(SELECT {_changes('a')} FROM {applications} a WHERE a.round_id = r.id) AS applications_changed", []),
        *_units_version(),
        *columns,
    ])


def _units_version():
    units = _table(RecommendingUnit)
    return [
        (f"(SELECT COUNT(*) FROM {units}) AS units_total", []),
        (f"(SELECT {_changes('u')} FROM {units} u) AS units_changed", []),
    ]


def unit_desk_version(unit_id):
    """Columns of the current round for the desk of unit `unit_id`: the unit's own `updated_at`
    (`desk_unit_changed`), how many of its submitted applications the round holds and the sum of their
    changes (`desk_count`, `desk_changed`, see `_changes`), and its quota places (`desk_quota_places`,
    None without a quota), which the desk shows as they are."""
    applications = _table(Application)
    submitted = f"FROM {applications} a WHERE a.round_id = r.id AND a.unit_id = %s AND a.submitted_at IS NOT NULL"
    return [
        (f"(SELECT u.updated_at FROM {_table(RecommendingUnit)} u WHERE u.id = %s) AS desk_unit_changed", [unit_id]),
        (f"(SELECT COUNT(*) {submitted}) AS desk_count", [unit_id]),
        (f"(SELECT {_changes('a')} {submitted}) AS desk_changed", [unit_id]),
        (f"(SELECT q.places FROM {_table(Quota)} q WHERE q.round_id = r.id AND q.unit_id = %s) AS desk_quota_places", [unit_id]),
    ]


def office_list_version():
    """Columns of the current round for the office's list: its applications and the units (the rows
    and the unit filter show both), counted with the sum of their changes (`_changes`)."""
    applications = _table(Application)
    return [
        (f"(SELECT COUNT(*) FROM {applications} a WHERE a.round_id = r.id) AS desk_count", []),
        (f"(SELECT {_changes('a')} FROM {applications} a WHERE a.round_id = r.id) AS desk_changed", []),
        *_units_version(),
    ]


def applicant_desk_version(user):
    """Columns of the current round for an applicant's desk: `user`'s applications of every year,
    counted, and the sums of the changes (`_changes`) of them, of their rounds and of their units (the
    list shows all three)."""
    own = f"FROM {_table(Application)} a WHERE a.applicant_id = %s"
    return [
        (f"(SELECT COUNT(*) {own}) AS desk_count", [user.pk]),
        (f"(SELECT {_changes('a')} {own}) AS desk_changed", [user.pk]),
        (f"(SELECT {_changes('ar')} FROM {_table(Round)} ar WHERE ar.id IN (SELECT a.round_id {own})) AS desk_rounds_changed", [user.pk]),
        (f"(SELECT {_changes('au')} FROM {_table(RecommendingUnit)} au WHERE au.id IN (SELECT a.unit_id {own})) AS desk_units_changed", [user.pk]),
    ]


# The five phases of a round, in order, named as the programme's rules name them.
PHASES = (
    (RoundStatus.DEPLOYED, "部署"),
    (RoundStatus.RECOMMENDING, "推荐"),
    (RoundStatus.REVIEWING, "评审"),
    (RoundStatus.PUBLICITY, "公示"),
    (RoundStatus.PUBLISHED, "公布"),
)


def round_phases(round):
    """[(label, state)] for the five phases, state "done", "current" or "" (no query)."""
    if round is None:
        return []
    order = [phase for phase, _ in PHASES] + [RoundStatus.CLOSED]
    here = order.index(round.status) if round.status in order else -1
    return [(label, "current" if i == here else "done" if i < here else "") for i, (_, label) in enumerate(PHASES)]


def deadlines_for(round, role):
    """[(label, value)] of the deadlines that bind `role` in `round`; the office sees them all (no query)."""
    if round is None:
        return []
    rows = {
        "recommend": ("推荐截止", round.recommend_deadline),
        "formal": ("形式审查截止", round.formal_review_deadline),
        "expert": ("专家评审截止", round.expert_review_deadline),
    }
    keys = {
        Role.APPLICANT: ["recommend"],
        Role.UNIT_STAFF: ["recommend"],
        Role.EXPERT: ["expert"],
    }.get(role, ["recommend", "formal", "expert"])
    deadlines = [rows[key] for key in keys]
    if role == Role.PROGRAMME_STAFF and (round.publicity_start or round.publicity_end):
        deadlines.append(("公示期", (round.publicity_start, round.publicity_end)))
    return deadlines


def unit_progress(round):
    """Every unit that forwarded an application in `round`, with its counts by office status; one query."""
    forwarded = Q(applications__round=round, applications__forwarded_at__isnull=False)
    return (
        RecommendingUnit.objects.annotate(
            forwarded_count=Count("applications", filter=forwarded),
            awaiting_formal_count=Count("applications", filter=forwarded & Q(applications__status=ApplicationStatus.FORWARDED)),
        )
        .filter(forwarded_count__gt=0)
        .order_by("kind", "region", "name")
    )


def units_for_quotas(round):
    """The active units with their factor values and stored quota in `round` (None where missing); one query.

    Each unit carries `<factor>` (the four values), `factors_updated_at`, `quota_id`, `quota_places`, `quota_computed_places`
    and `quota_override_reason`.
    """
    factor_fields = {name: F(f"round_factors__{name}") for name, _ in quotas.FACTORS}
    return (
        RecommendingUnit.objects.filter(is_active=True)
        .annotate(
            round_factors=FilteredRelation("quota_factors", condition=Q(quota_factors__round=round)),
            round_quota=FilteredRelation("quotas", condition=Q(quotas__round=round)),
        )
        .annotate(
            **factor_fields,
            factors_updated_at=F("round_factors__updated_at"),
            quota_id=F("round_quota__pk"),
            quota_places=F("round_quota__places"),
            quota_computed_places=F("round_quota__computed_places"),
            quota_override_reason=F("round_quota__override_reason"),
        )
        .order_by("kind", "region", "name")
    )


def quota_proposal(round, units=None):
    """Each active unit's weighted score, share and quota (stored and proposed now), in unit order; one query.

    `round` carries the weights, ratio and minimum to use: pass an unsaved copy with changed values for
    a what-if. The formula is in apps/rounds/quotas.py.
    """
    units = list(units_for_quotas(round) if units is None else units)
    factors = {unit.pk: {name: getattr(unit, name) for name, _ in quotas.FACTORS} for unit in units}
    scores = quotas.weighted_scores(quotas.weights_of(round), factors)
    score_sum = sum(scores.values())
    by_key = {quotas.unit_sort_key(unit): unit.pk for unit in units}
    proposed = apportion(quotas.place_total(round), {key: scores[pk] for key, pk in by_key.items()}, round.minimum_places)
    proposed = {by_key[key]: places for key, places in proposed.items()}
    return [
        quotas.ProposalRow(
            unit=unit,
            factors=factors[unit.pk],
            score=quotas.as_decimal(scores[unit.pk]),
            share=quotas.as_decimal(scores[unit.pk] / score_sum if score_sum else Fraction(1, len(units))),
            proposed_places=proposed[unit.pk],
            places=unit.quota_places,
            computed_places=unit.quota_computed_places,
            override_reason=unit.quota_override_reason or "",
        )
        for unit in units
    ]


def quota_moves(before, after):
    """Each unit's quota under the stored scheme and under a what-if (`quota_proposal` rows, one list each).

    [(row, old, new, delta)]: `old` is the stored quota (or what an allocation would give now, before the
    first), `new` what an allocation under the what-if would store (an override holds). No query.
    """
    moves = []
    for now, then in zip(before, after):
        old = now.places if now.places is not None else now.proposed_places
        new = then.places if then.override_reason else then.proposed_places
        moves.append((then, old, new, new - old))
    return moves


def quotas_visible_to(user):
    """The quotas `user` may see: the office every one, a unit's staff their own unit's; nobody else any."""
    quotas_ = Quota.objects.select_related("round", "unit").order_by("unit__kind", "unit__region", "unit__name", "pk")
    if is_programme_staff(user):
        return quotas_
    if is_unit_staff(user):
        return quotas_.filter(unit_id=user.unit_id)
    return quotas_.none()


def unit_quota_places(round, unit):
    """The places of `unit`'s quota in `round`, or None when it has none; one query. (What uses a place:
    `applicants.enums.PLACE_USING`; the unit's desk reads its places with the round, `unit_desk_version`.)"""
    return Quota.objects.filter(round=round, unit=unit).values_list("places", flat=True).first()


def get_round_for_office(user, pk):
    """The round `pk` for the office's pages (every round, drafts too); 403 for anyone else, 404 when missing."""
    if not is_programme_staff(user):
        raise PermissionDenied
    return get_object_or_404(Round, pk=pk)


def get_quota_for_office(user, pk):
    if not is_programme_staff(user):
        raise PermissionDenied
    return get_object_or_404(Quota.objects.select_related("round", "unit"), pk=pk)
