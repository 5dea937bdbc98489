"""Aggregation of a round's submitted score sheets (汇总评分): the deciding ranking and the evidence beside it.

One query reads every submitted score of the round's active assignments (on PostgreSQL grouped by sheet
and streamed with a binary COPY, elsewhere `values_list`); everything else is NumPy over those arrays, never a query per score.

Definitions (w_i the indicator weights, x_si the value of indicator i on sheet s):

* Sheet total T_s = Σ_i w_i · x_si (0 to Σ_i w_i · max_i; 150 with the default 15 × 10, weight 1).
* Candidate score, by the round's rule (`Round.aggregation_rule`):
  - ``mean``: the mean of the candidate's sheet totals;
  - ``trimmed_mean``: with at least 5 sheets, drop one highest and one lowest total and average the rest;
    with fewer, the mean.
* Ranking: score descending; ties broken by (1) the plain mean of all the candidate's sheets, descending,
  (2) the number of sheets, descending, (3) the application's id, ascending (the earlier application).
  Scores compare rounded to 6 decimal places, so float noise never breaks a tie.
* Severity of an expert: the mean of (T_s − the candidate's mean total) over the expert's sheets.
  Negative is strict, positive lenient.
* Normalised totals: per expert z_s = (T_s − μ_e) / σ_e (population sd over the expert's sheets; z = 0 when
  σ_e = 0), rescaled to the panel's own scale T'_s = μ_p + σ_p · z_s (μ_p, σ_p over every sheet of the
  panel). The normalised score applies the round's rule to T'; the normalised ranking the same tie-break.
* Kendall's W per panel: each expert ranks the candidates they scored (mid-ranks for ties); the rank is
  normalised u = (r − ½) / k_e (k_e the expert's number of candidates) and averaged per candidate (ū_c);
  W = 12 n² · Var(ū) / (n² − 1) over the panel's n candidates (population variance). With every expert
  scoring every candidate this is exactly Kendall's 12 S / (m² (n³ − n)) (no tie correction); it extends
  W to the incomplete designs a draw produces. None with fewer than 2 candidates.
* ICC per indicator per panel: ICC(2,1) of Shrout & Fleiss (two-way random effects, absolute agreement,
  single rater) when the panel is complete (every member with a sheet scored every candidate),
      ICC(2,1) = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n);
  otherwise (raters differ between candidates, as after a draw) ICC(1,1), one-way random effects,
      ICC(1,1) = (MSB − MSW) / (MSB + (k0 − 1) MSW),  k0 = (N − Σ n_c² / N) / (n − 1) for unequal n_c.
  `icc_model` says which. None when undefined (fewer than 2 candidates, zero variance).
* Disagreement: a candidate whose totals span (max − min) at least `DISAGREEMENT_SHARE` of the maximum total.
* Crossing the target line: the candidates inside the top `target` by one ranking and outside by the other.
"""
import io
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import F, FloatField
from django.db.models.functions import Cast

from apps.rounds.enums import AggregationRule
from apps.rounds.models import Indicator

from .models import AssignmentStatus, Score, SheetStatus

TRIM_MINIMUM = 5
DISAGREEMENT_SHARE = 0.2
_DECIMALS = 6


@dataclass
class Aggregation:
    rule: str
    max_total: float
    target: int
    candidates: list = field(default_factory=list)  # dicts in raw rank order
    experts: dict = field(default_factory=dict)  # expert id -> {"sheets", "mean", "severity"}
    panels: dict = field(default_factory=dict)  # panel id -> {"candidates", "experts", "kendall_w", "icc_model", "icc"}
    entering: list = field(default_factory=list)  # application ids inside the line only if normalised scores decided
    leaving: list = field(default_factory=list)  # application ids inside the line only by the raw ranking
    sheet_ids: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # sorted
    totals: np.ndarray = field(default_factory=lambda: np.empty(0))  # per sheet, as sheet_ids
    normalised_totals: np.ndarray = field(default_factory=lambda: np.empty(0))

    def by_application(self):
        return {row["application_id"]: row for row in self.candidates}

    def sheet_total(self, sheet_id):
        """(total, normalised total) of one sheet."""
        i = int(np.searchsorted(self.sheet_ids, sheet_id))
        if i >= len(self.sheet_ids) or self.sheet_ids[i] != sheet_id:
            raise KeyError(sheet_id)
        return float(self.totals[i]), float(self.normalised_totals[i])


@dataclass
class Sheets:
    """The submitted sheets as arrays: one entry per sheet (sorted by id), values one column per indicator."""

    ids: np.ndarray
    application: np.ndarray
    expert: np.ndarray
    panel: np.ndarray
    indicator_ids: np.ndarray
    values: np.ndarray  # (sheets, indicators)


def score_rows(round):
    """The portable query: a row (sheet, application, expert, panel, indicator, value) per submitted score."""
    return (
        Score.objects.filter(
            sheet__status=SheetStatus.SUBMITTED,
            sheet__assignment__round=round,
            sheet__assignment__status=AssignmentStatus.ACTIVE,
        )
        .annotate(v=Cast("value", FloatField()))
        .values_list(
            "sheet_id", F("sheet__assignment__application_id"), F("sheet__assignment__expert_id"),
            F("sheet__assignment__panel_id"), "indicator_id", "v",
        )
        .order_by()
    )


def sheets_from_rows(rows, indicator_ids):
    """Sheets from (sheet, application, expert, panel, indicator, value) rows (an (N, 6) array)."""
    data = np.asarray(rows, dtype=float).reshape(-1, 6)
    ids, inverse = np.unique(data[:, 0].astype(np.int64), return_inverse=True)
    one_row = np.zeros(len(ids), dtype=np.int64)
    one_row[inverse] = np.arange(len(data))  # any row of a sheet: its candidate, expert and panel are the same on all
    columns = np.searchsorted(indicator_ids, data[:, 4].astype(np.int64))
    values = np.zeros((len(ids), len(indicator_ids)))
    values[inverse, columns] = data[:, 5]
    meta = data[one_row, 1:4].astype(np.int64)
    return Sheets(ids, meta[:, 0], meta[:, 1], meta[:, 2], indicator_ids, values)


# PostgreSQL: the database groups the scores by sheet (the same work as a bare GROUP BY) and a binary COPY
# streams one fixed-size tuple per sheet: four bigints and two arrays of k elements (indicator ids, values),
# which NumPy reads in place as a structured array. No text formatting, no Python object per score.
_GROUPED_SQL = """
SELECT sh.id::int8, a.application_id::int8, a.expert_id::int8, a.panel_id::int8,
       array_agg(s.indicator_id::int8), array_agg(s.value::float8)
FROM {score} s
JOIN {sheet} sh ON sh.id = s.sheet_id
JOIN {assignment} a ON a.id = sh.assignment_id
WHERE a.round_id = {round:d} AND a.status = '{active}' AND sh.status = '{submitted}'
GROUP BY sh.id, a.id
"""
# Both array_agg see each group's rows in the same order (PostgreSQL feeds every row to all the
# aggregates of its group in turn), so the two arrays pair up element by element.
_COPY_HEADER, _COPY_TRAILER = 19, 2  # "PGCOPY\n\377\r\n\0", flags, extension length; the -1 field count


def _binary_row(k):
    def array(name, element):
        return [
            (f"{name}_bytes", ">i4"), (f"{name}_ndim", ">i4"), (f"{name}_nulls", ">i4"), (f"{name}_oid", ">u4"),
            (f"{name}_dim", ">i4"), (f"{name}_lbound", ">i4"), (name, [("bytes", ">i4"), ("v", element)], (k,)),
        ]

    scalars = [field for name in ("sheet", "application", "expert", "panel") for field in ((f"{name}_bytes", ">i4"), (name, ">i8"))]
    return np.dtype([("fields", ">i2"), *scalars, *array("indicator", ">i8"), *array("value", ">f8")])


def _parse_binary(raw, k):
    """The sheets of a binary COPY, or None when a tuple is not the fixed shape (a sheet without all k scores)."""
    body = raw[_COPY_HEADER:-_COPY_TRAILER]
    dtype = _binary_row(k)
    if k == 0 or len(body) % dtype.itemsize:
        return None
    rows = np.frombuffer(body, dtype=dtype)
    fixed = (
        (rows["fields"] == 6).all() and (rows["indicator_dim"] == k).all() and (rows["value_dim"] == k).all()
        and (rows["indicator_nulls"] == 0).all() and (rows["value_nulls"] == 0).all()
        and (rows["value"]["bytes"] == 8).all() and (rows["indicator"]["bytes"] == 8).all()
    )
    if not fixed:
        return None
    order = np.argsort(rows["sheet"], kind="stable")
    rows = rows[order]
    return rows


def fetch_sheets(round, indicator_ids):
    """The round's submitted sheets, in one query."""
    if connection.vendor == "postgresql":
        from .models import Assignment, ScoreSheet

        sql = _GROUPED_SQL.format(
            score=Score._meta.db_table, sheet=ScoreSheet._meta.db_table, assignment=Assignment._meta.db_table,
            round=round.pk, active=AssignmentStatus.ACTIVE.value, submitted=SheetStatus.SUBMITTED.value,
        )
        buffer, statement = io.BytesIO(), f"COPY ({sql}) TO STDOUT (FORMAT binary)"
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(statement, buffer)  # the raw cursor: psycopg2's COPY
        if connection.queries_logged:  # as Django's debug cursor logs a query, so query counts see it
            connection.queries_log.append({"sql": statement, "time": f"{time.monotonic() - started:.3f}"})
        k = len(indicator_ids)
        rows = _parse_binary(buffer.getvalue(), k)
        if rows is not None:
            n = len(rows)
            values = np.zeros((n, k))
            columns = np.searchsorted(indicator_ids, rows["indicator"]["v"].astype(np.int64))
            values[np.arange(n)[:, None], columns] = rows["value"]["v"]
            ids = [rows[name].astype(np.int64) for name in ("sheet", "application", "expert", "panel")]
            return Sheets(*ids, indicator_ids, values)
        # A sheet submitted before an indicator was added: rare; read row by row.
    return sheets_from_rows(list(score_rows(round)), indicator_ids)


def aggregate(round, *, target=None, rows=None):
    """Aggregate `round` (see the module's definitions). Two queries: the indicators, and the scores (three
    in the rare case that a submitted sheet lacks an indicator, added after it was submitted).

    `rows` (sheet, application, expert, panel, indicator, value) replaces the score query, for what-ifs.
    """
    indicators = list(Indicator.objects.filter(round=round).order_by("pk").values_list("pk", "weight", "max_score"))
    indicator_ids = np.array([pk for pk, _, _ in indicators], dtype=np.int64)
    weights = np.array([float(weight) for _, weight, _ in indicators])
    max_total = float(sum(weight * max_score for _, weight, max_score in indicators))
    target = round.national_target if target is None else target
    sheets = fetch_sheets(round, indicator_ids) if rows is None else sheets_from_rows(rows, indicator_ids)
    result = Aggregation(rule=round.aggregation_rule, max_total=max_total, target=target)
    if not len(sheets.ids):
        return result

    n_sheets = len(sheets.ids)
    values, sheet_panel = sheets.values, sheets.panel
    totals = values @ weights

    app_ids, app_inv = np.unique(sheets.application, return_inverse=True)
    expert_ids, expert_inv = np.unique(sheets.expert, return_inverse=True)
    count = np.bincount(app_inv, minlength=len(app_ids))
    mean = np.bincount(app_inv, weights=totals, minlength=len(app_ids)) / count

    # Normalised totals: z per expert, rescaled to the panel's mean and sd.
    e_count = np.bincount(expert_inv, minlength=len(expert_ids))
    e_mean = np.bincount(expert_inv, weights=totals) / e_count
    e_sd = np.sqrt(np.bincount(expert_inv, weights=(totals - e_mean[expert_inv]) ** 2) / e_count)
    z = np.divide(totals - e_mean[expert_inv], e_sd[expert_inv], out=np.zeros(n_sheets), where=e_sd[expert_inv] > 0)
    panel_ids, panel_inv = np.unique(sheet_panel, return_inverse=True)
    p_count = np.bincount(panel_inv)
    p_mean = np.bincount(panel_inv, weights=totals) / p_count
    p_sd = np.sqrt(np.bincount(panel_inv, weights=(totals - p_mean[panel_inv]) ** 2) / p_count)
    normalised = p_mean[panel_inv] + p_sd[panel_inv] * z

    score, low, high = _rule_score(round.aggregation_rule, app_inv, totals, len(app_ids))
    n_score, _, _ = _rule_score(round.aggregation_rule, app_inv, normalised, len(app_ids))
    n_mean = np.bincount(app_inv, weights=normalised, minlength=len(app_ids)) / count
    raw_order = _rank_order(score, mean, count, app_ids)
    norm_order = _rank_order(n_score, n_mean, count, app_ids)
    raw_rank = np.empty(len(app_ids), dtype=np.int64)
    raw_rank[raw_order] = np.arange(1, len(app_ids) + 1)
    norm_rank = np.empty(len(app_ids), dtype=np.int64)
    norm_rank[norm_order] = np.arange(1, len(app_ids) + 1)
    sd = np.sqrt(np.bincount(app_inv, weights=(totals - mean[app_inv]) ** 2, minlength=len(app_ids)) / count)
    spread = high - low
    disagreement = spread >= DISAGREEMENT_SHARE * max_total - 1e-9

    severity = np.bincount(expert_inv, weights=totals - mean[app_inv]) / e_count

    result.sheet_ids, result.totals, result.normalised_totals = sheets.ids, totals, normalised
    result.experts = {
        e: {"sheets": c, "mean": m, "severity": sv}
        for e, c, m, sv in zip(expert_ids.tolist(), e_count.tolist(), e_mean.tolist(), severity.tolist())
    }
    app_panel = np.zeros(len(app_ids), dtype=np.int64)
    app_panel[app_inv] = sheet_panel
    columns = zip(
        *(array[raw_order].tolist() for array in (
            app_ids, app_panel, count, mean, score, raw_rank, n_score, norm_rank, sd, spread, disagreement,
        ))
    )
    keys = (
        "application_id", "panel_id", "sheets", "mean", "score", "rank", "normalised_score", "normalised_rank",
        "sd", "range", "disagreement",
    )
    result.candidates = [dict(zip(keys, row)) for row in columns]
    inside_raw = set(app_ids[raw_order[:target]].tolist())
    inside_norm = set(app_ids[norm_order[:target]].tolist())
    result.entering = [a for a in app_ids[norm_order[:target]].tolist() if a not in inside_raw]
    result.leaving = [a for a in app_ids[raw_order[:target]].tolist() if a not in inside_norm]

    u = _normalised_ranks(expert_inv, totals, len(expert_ids))
    u_mean = np.bincount(app_inv, weights=u, minlength=len(app_ids)) / count
    panel_order = np.argsort(panel_inv, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(p_count)])
    for p_index, panel_id in enumerate(panel_ids.tolist()):
        in_panel = panel_order[bounds[p_index]:bounds[p_index + 1]]
        apps_here = np.unique(app_inv[in_panel])
        experts_here = np.unique(expert_inv[in_panel])
        model, icc = _icc(values[in_panel], app_inv[in_panel], expert_inv[in_panel], len(apps_here), len(experts_here))
        result.panels[panel_id] = {
            "candidates": len(apps_here), "experts": len(experts_here),
            "kendall_w": kendall_w(u_mean[apps_here]),
            "icc_model": model,
            "icc": dict(zip(sheets.indicator_ids.tolist(), icc)),
        }
    return result


def _rule_score(rule, group, totals, n_groups):
    """The rule's score per group, with each group's lowest and highest total."""
    order = np.lexsort((totals, group))
    sorted_group, sorted_totals = group[order], totals[order]
    count = np.bincount(group, minlength=n_groups)
    ends = np.cumsum(count)
    starts = ends - count
    low, high = sorted_totals[starts], sorted_totals[ends - 1]
    total = np.bincount(sorted_group, weights=sorted_totals, minlength=n_groups)
    mean = total / count
    if rule != AggregationRule.TRIMMED_MEAN:
        return mean, low, high
    trimmed = np.divide(total - low - high, count - 2, out=mean.copy(), where=count >= TRIM_MINIMUM)
    return np.where(count >= TRIM_MINIMUM, trimmed, mean), low, high


def _rank_order(score, mean, count, ids):
    """Indices in ranking order: score desc, plain mean desc, sheets desc, id asc (lexsort: last key first)."""
    return np.lexsort((ids, -count, -np.round(mean, _DECIMALS), -np.round(score, _DECIMALS)))


def _normalised_ranks(expert_inv, totals, n_experts):
    """Each sheet's rank among its expert's sheets (1 = lowest, mid-ranks for ties), as (r − ½) / k_e."""
    order = np.lexsort((totals, expert_inv))
    e_sorted, t_sorted = expert_inv[order], totals[order]
    count = np.bincount(expert_inv, minlength=n_experts)
    starts = np.cumsum(count) - count
    ordinal = np.arange(len(order)) - starts[e_sorted] + 1.0
    # Runs of equal totals within an expert share the mean of their ordinal ranks.
    t_round = np.round(t_sorted, _DECIMALS)
    new_run = np.ones(len(order), dtype=bool)
    new_run[1:] = (e_sorted[1:] != e_sorted[:-1]) | (t_round[1:] != t_round[:-1])
    run = np.cumsum(new_run) - 1
    midrank = (np.bincount(run, weights=ordinal) / np.bincount(run))[run]
    u = np.empty(len(order))
    u[order] = (midrank - 0.5) / count[e_sorted]
    return u


def kendall_w(mean_normalised_ranks):
    """Kendall's W from the candidates' mean normalised ranks ū (see the module docstring); None for n < 2."""
    n = len(mean_normalised_ranks)
    if n < 2:
        return None
    return float(12 * n * n * np.var(mean_normalised_ranks) / (n * n - 1))


def _icc(values, app_inv, expert_inv, n, k):
    """ICC per indicator (columns of `values`): ('ICC(2,1)' | 'ICC(1,1)', list of floats or None)."""
    n_ind = values.shape[1]
    if n < 2 or len(values) < 2:
        return None, [None] * n_ind
    _, rows = np.unique(app_inv, return_inverse=True)
    _, cols = np.unique(expert_inv, return_inverse=True)
    if len(values) == n * k and k >= 2 and len(np.unique(rows * k + cols)) == n * k:
        y = np.zeros((n, k, n_ind))
        y[rows, cols] = values
        grand = y.mean(axis=(0, 1))
        ssr = k * ((y.mean(axis=1) - grand) ** 2).sum(axis=0)
        ssc = n * ((y.mean(axis=0) - grand) ** 2).sum(axis=0)
        sst = ((y - grand) ** 2).sum(axis=(0, 1))
        sse = sst - ssr - ssc
        msr, msc, mse = ssr / (n - 1), ssc / (k - 1), sse / ((n - 1) * (k - 1))
        denominator = msr + (k - 1) * mse + k * (msc - mse) / n
        return "ICC(2,1)", _ratio(msr - mse, denominator)
    # One-way random effects, unequal group sizes.
    total = len(values)
    n_c = np.bincount(rows, minlength=n).astype(float)
    if total - n < 1:
        return "ICC(1,1)", [None] * n_ind
    grand = values.mean(axis=0)
    group_mean = np.stack([np.bincount(rows, weights=values[:, j], minlength=n) for j in range(n_ind)], axis=1) / n_c[:, None]
    ssb = (n_c[:, None] * (group_mean - grand) ** 2).sum(axis=0)
    ssw = ((values - group_mean[rows]) ** 2).sum(axis=0)
    msb, msw = ssb / (n - 1), ssw / (total - n)
    k0 = (total - (n_c ** 2).sum() / total) / (n - 1)
    return "ICC(1,1)", _ratio(msb - msw, msb + (k0 - 1) * msw)


def _ratio(numerator, denominator):
    return [float(a / b) if abs(b) > 1e-12 else None for a, b in zip(numerator, denominator)]
