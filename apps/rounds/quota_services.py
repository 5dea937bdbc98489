"""The office's writes to a round's quota scheme and to the units' factor values.

Both are quota changes: refused once the quotas are frozen (`quotas.QUOTAS_EDITABLE`), and before
deployment they undo the office's confirmation (`services._quotas_changed`), like allocation and override.
"""
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from apps.core import audit
from apps.core.exceptions import DomainError
from apps.core.locking import lock_in_order

from . import quotas, selectors
from .models import QuotaFactors
from .services import _lock_round_with_editable_quotas, _quotas_changed, refuse_stale

FACTOR_NAMES = tuple(name for name, _ in quotas.FACTORS)
FACTOR_LABELS = dict(quotas.FACTORS)
FACTOR_MAX = Decimal("999999999999.99")  # max_digits=14, decimal_places=2


@transaction.atomic
def update_quota_scheme(round, *, by, seen_updated_at=None, **values):
    """Change the round's factor weights, recommendation ratio or minimum per unit (`quotas.SCHEME_FIELDS`).

    Lock order: the round, then the audit head. Refuses (DomainError) when the quotas are frozen, the
    round changed since `seen_updated_at` (a stale form), all four weights would be zero, or the total
    cannot honour the minimum; invalid values raise ValidationError. Nothing changed is a no-op.
    Audits `rounds.quota.scheme_changed` with old and new; before deployment undoes the confirmation.
    The stored quotas are not reallocated: the office runs the allocation when it wants the new scheme.
    """
    unknown = set(values) - set(quotas.SCHEME_FIELDS)
    if unknown:
        raise TypeError(f"not quota scheme fields: {sorted(unknown)}")
    stored = _lock_round_with_editable_quotas(round.pk, by=by)
    refuse_stale(stored, seen_updated_at)
    old = {name: getattr(stored, name) for name in values}
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean(exclude=[f.name for f in stored._meta.fields if f.name not in values])
    new = {name: getattr(stored, name) for name in values}
    changed = [name for name in values if Decimal(old[name]) != Decimal(new[name])]
    if not changed:
        return stored
    if not any(getattr(stored, f"{name}_weight") for name in FACTOR_NAMES):
        raise DomainError("四项因素的权重不能全部为 0。", code="weights_all_zero")
    selectors.quota_proposal(stored)  # raises ImpossibleMinimum when the total cannot honour the minimum
    stored.save(update_fields=[*changed, "updated_at"])
    _quotas_changed(stored)
    audit.record(
        by, "rounds.quota.scheme_changed", stored,
        old={name: old[name] for name in changed}, new={name: new[name] for name in changed},
    )
    return stored


def parse_factor(value):
    """A factor value from a form, a file or JSON: a Decimal >= 0 with at most 2 decimals, or None if invalid."""
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < 0 or number > FACTOR_MAX or number != number.quantize(Decimal("0.01")):
        return None
    return number.quantize(Decimal("0.01"))


class FactorRowsInvalid(DomainError):
    """Some rows of a factor save are wrong; `errors` lists each one in Chinese, `cells` the (unit pk,
    factor) pairs whose value is wrong (for a form to mark). Nothing was saved."""

    code = "factors_invalid"
    what = "名额分配因素"

    def __init__(self, errors, cells=frozenset()):
        self.errors, self.cells = errors, frozenset(cells)
        shown = "；".join(errors[:10]) + (f"；另有 {len(errors) - 10} 处错误" if len(errors) > 10 else "")
        super().__init__(f"{self.what}有 {len(errors)} 处错误，未保存任何数据：{shown}。")


@transaction.atomic
def save_quota_factors(round, *, by, rows, source="form"):
    """Save the factor values of some active units in one go: all rows or none.

    `rows`: [{"unit": unit pk, "<factor>": value, ..., "seen": `factor_stamp` the page showed (optional),
    "line": the row's number in errors (optional, default its position)}], each with all four factors. Units not in `rows` keep their values. Refuses (FactorRowsInvalid, listing every
    row's error) on an unknown, inactive or repeated unit, a value that is not a number >= 0 with at most
    2 decimals, or a row someone else changed since `seen` (a stale page); then nothing is saved.
    Lock order: the round, the unit's factor rows in pk order, the audit head. Rows whose values do
    not change are not written; nothing changed is a no-op. Audits one `rounds.quota.factors_saved`
    summary (`source`: form, import, api or demo, and every changed unit's old and new values); before
    deployment undoes the confirmation.
    """
    round = _lock_round_with_editable_quotas(round.pk, by=by)
    units = {unit.pk: unit for unit in selectors.units_for_quotas(round)}
    stored = {row.unit_id: row for row in lock_in_order(QuotaFactors.objects.filter(round=round))}
    errors, cells, parsed, seen_units = [], set(), [], set()
    for number, row in enumerate(rows, start=1):
        number = row.get("line", number)  # an imported row names its line in the sheet
        unit = units.get(_as_int(row.get("unit")))
        if unit is None:
            errors.append(f"第 {number} 行：推荐单位（{row.get('unit')}）不存在或未启用")
            continue
        if unit.pk in seen_units:
            errors.append(f"第 {number} 行：推荐单位“{unit.name}”重复")
            continue
        seen_units.add(unit.pk)
        values = {name: parse_factor(row.get(name, "")) for name in FACTOR_NAMES}
        wrong = [name for name, value in values.items() if value is None]
        errors += [f"第 {number} 行（{unit.name}）{FACTOR_LABELS[name]}：须为不小于 0 的数字，最多两位小数" for name in wrong]
        cells.update((unit.pk, name) for name in wrong)
        current = stored.get(unit.pk)
        if "seen" in row and factor_stamp(current) != (row["seen"] or ""):
            errors.append(f"第 {number} 行（{unit.name}）：该单位的数据已被他人修改，请刷新页面后重新填写")
        parsed.append((unit, values, current))
    if errors:
        raise FactorRowsInvalid(errors, cells)
    return _write_factors(round, parsed, by=by, source=source)


def _write_factors(round, parsed, *, by, source):
    now = timezone.now()
    created, changed, changes = [], [], {}
    for unit, values, current in parsed:
        if current is None:
            created.append(QuotaFactors(round=round, unit=unit, **values))
            changes[unit.name] = {"old": None, "new": values}
        elif any(getattr(current, name) != value for name, value in values.items()):
            changes[unit.name] = {"old": {name: getattr(current, name) for name in FACTOR_NAMES}, "new": values}
            for name, value in values.items():
                setattr(current, name, value)
            current.updated_at = now
            changed.append(current)
    if not changes:
        return []
    QuotaFactors.objects.bulk_update(changed, [*FACTOR_NAMES, "updated_at"])
    QuotaFactors.objects.bulk_create(created)
    changed_units = [unit.pk for unit, values, current in parsed if unit.name in changes]
    saved = list(QuotaFactors.objects.filter(round=round, unit_id__in=changed_units).order_by("pk"))
    _quotas_changed(round)
    audit.record_summary(by, "rounds.quota.factors_saved", saved, round=round.year, source=source, changes=changes)
    return saved


def _as_int(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def factor_stamp(row):
    """The token a page carries for a unit's factor row (`seen`): its updated_at as ISO text, "" without a row.

    `row` is a QuotaFactors or a datetime (the `factors_updated_at` annotation)."""
    stamp = getattr(row, "updated_at", row)
    return stamp.isoformat() if stamp is not None else ""
