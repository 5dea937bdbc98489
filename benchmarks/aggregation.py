"""Time the expert-review aggregation and the assignment draw on PostgreSQL; print the figures side by side.

    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal_bench .venv/bin/python benchmarks/aggregation.py
    ... benchmarks/aggregation.py --sizes 1000 20000 --experts 300 --repeat 3

For each size (candidates), builds a round in its own year (2090 + i; rebuilt on every run): the 15
default indicators, `--experts` experts in four panels over the industry sections, the candidates past
formal review spread over those sections. The draw (`apps.reviews.draw.compute_draw`, N = 5) is timed
and its result stored as the assignments; every sheet is submitted with 15 scores (a candidate's level,
plus the expert's severity, plus noise) loaded with COPY (1,000 × 5 × 15 = 75,000 and 20,000 × 5 × 15
= 1.5 million scores). Then, over the same rows:

  * bare GROUP BY: one SQL query summing value × weight per candidate over the submitted sheets of
    the round's active assignments (the floor: the database reads every score row once);
  * aggregation: `apps.reviews.aggregation.aggregate` (one query grouping the scores by sheet, streamed
    with a binary COPY and read in place by NumPy; then NumPy: totals, the round's rule, both rankings,
    severity, z normalisation, Kendall's W, ICC).

Figures are medians of --repeat interleaved runs on this machine, for comparing changes; not promises.
`--reuse` skips the (minutes-long) building when the rounds of a previous run are still there.
"""
import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SECTIONS = ("CD", "EG", "AB", "IM")  # four panels' industry sections


def timed(fn, repeat):
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--experts", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse the rounds a previous run built (the draw is recomputed)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("aggregation.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftsman_portal.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")

    import django

    django.setup()
    import logging

    from django.core.management import call_command

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)

    from apps.reviews.aggregation import aggregate
    from apps.reviews.draw import compute_draw
    from apps.rounds.models import Round

    print(f"{'candidates':>10} {'scores':>10} {'draw':>10} {'GROUP BY':>10} {'aggregate':>10} {'ratio':>6}")
    for i, size in enumerate(args.sizes):
        year = 2090 + i
        round = Round.objects.filter(year=year).first() if args.reuse else None
        if round is None or round.applications.count() != size:
            round, draw_seconds = build(year, size, args.experts)
        else:
            round.experts_per_candidate = 5
            draw_seconds, _ = timed(lambda: compute_draw(round, seed=year), 1)
        # Interleaved, so both see the same load on a shared machine; the ratio is the median of the pairs'.
        bares, fulls, result = [], [], None
        for _ in range(args.repeat):
            seconds, _ = timed(lambda: bare_group_by(round), 1)
            bares.append(seconds)
            seconds, result = timed(lambda: aggregate(round), 1)
            fulls.append(seconds)
        bare, full = statistics.median(bares), statistics.median(fulls)
        ratio = statistics.median(f / b for f, b in zip(fulls, bares))
        scores = size * 5 * 15
        print(
            f"{size:>10,} {scores:>10,} {draw_seconds * 1000:>8.0f}ms {bare * 1000:>8.0f}ms {full * 1000:>8.0f}ms "
            f"{ratio:>5.2f}×   ({len(result.candidates)} ranked, {len(result.entering)} would enter the line)"
        )


def bare_group_by(round):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.application_id, SUM(s.value * i.weight)
            FROM reviews_score s
            JOIN reviews_scoresheet sh ON sh.id = s.sheet_id
            JOIN reviews_assignment a ON a.id = sh.assignment_id
            JOIN rounds_indicator i ON i.id = s.indicator_id
            WHERE a.round_id = %s AND a.status = 'active' AND sh.status = 'submitted'
            GROUP BY a.application_id
            """,
            [round.pk],
        )
        return cursor.fetchall()


def build(year, size, n_experts):
    """A round of `size` candidates, drawn and fully scored; answers (round, the draw's seconds)."""
    import numpy as np
    from django.db import connection, transaction
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.accounts.roles import Role
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.models import Application
    from apps.reviews.draw import compute_draw
    from apps.reviews.models import Assignment, ExpertProfile, Panel, ScoreSheet, SheetStatus
    from apps.rounds.enums import RoundStatus
    from apps.rounds.indicators import DEFAULT_INDICATORS
    from apps.rounds.models import Indicator, Round
    from apps.units.enums import UnitKind
    from apps.units.models import RecommendingUnit

    rng = np.random.default_rng(year)
    prefix = f"bench{year}_"
    with transaction.atomic():
        old = Round.objects.filter(year=year).first()
        if old is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM reviews_score WHERE sheet_id IN (SELECT sh.id FROM reviews_scoresheet sh JOIN "
                    "reviews_assignment a ON a.id = sh.assignment_id WHERE a.round_id = %s)", [old.pk]
                )
            ScoreSheet.objects.filter(assignment__round=old).delete()
            Assignment.objects.filter(round=old).delete()
            Panel.objects.filter(round=old).delete()
            Application.objects.filter(round=old).delete()
            Indicator.objects.filter(round=old).delete()
            old.delete()
        ExpertProfile.objects.filter(user__username__startswith=prefix).delete()
        User.objects.filter(username__startswith=prefix).delete()
    unit, _ = RecommendingUnit.objects.get_or_create(
        name="基准测试推荐单位", defaults={"kind": UnitKind.NATIONAL_INDUSTRIAL_UNION}
    )
    round = Round.objects.create(year=year, status=RoundStatus.REVIEWING, national_target=200)
    Indicator.objects.bulk_create(
        Indicator(round=round, power=power, code=f"{power}.{code}", name=name, position=i)
        for i, (power, code, name, _) in enumerate(DEFAULT_INDICATORS, start=1)
    )
    users = User.objects.bulk_create(
        [User(username=f"{prefix}e{j}", role=Role.EXPERT, display_name=f"专家{j}", password="!") for j in range(n_experts)]
        + [User(username=f"{prefix}a{j}", role=Role.APPLICANT, display_name=f"候选人{j}", password="!") for j in range(size)],
        batch_size=5000,
    )
    experts = ExpertProfile.objects.bulk_create(
        ExpertProfile(user=u, field="综合", employer_name=f"基准专家单位{j}") for j, u in enumerate(users[:n_experts])
    )
    for k, sections in enumerate(SECTIONS):
        panel = Panel.objects.create(round=round, field="综合", name=f"基准专家组{k + 1}", industries=sections)
        panel.members.set(experts[k::len(SECTIONS)])
    letters = "".join(SECTIONS)
    applications = Application.objects.bulk_create(
        (
            Application(
                round=round, applicant=u, unit=unit, status=ApplicationStatus.UNDER_REVIEW, industry=letters[j % len(letters)],
                employer_name=f"基准企业{j}", full_name=f"候选人{j}", submitted_at=timezone.now(), forwarded_at=timezone.now(),
            )
            for j, u in enumerate(users[n_experts:])
        ),
        batch_size=5000,
    )
    round.experts_per_candidate = 5
    from apps.reviews.draw import DRAW_STATUSES

    assert ApplicationStatus.UNDER_REVIEW in DRAW_STATUSES
    started = time.perf_counter()
    result = compute_draw(round, seed=year)
    draw_seconds = time.perf_counter() - started

    assignments = Assignment.objects.bulk_create(
        (Assignment(round=round, application_id=a, expert_id=e, panel_id=p) for a, e, p in result.assignments),
        batch_size=5000,
    )
    now = timezone.now()
    sheets = ScoreSheet.objects.bulk_create(
        (ScoreSheet(assignment=a, status=SheetStatus.SUBMITTED, submitted_at=now) for a in assignments), batch_size=5000
    )
    indicator_ids = list(Indicator.objects.filter(round=round).order_by("position").values_list("pk", flat=True))
    level = dict(zip((a.pk for a in applications), rng.normal(7.0, 1.0, size)))
    severity = dict(zip((e.pk for e in experts), rng.normal(0.0, 0.6, n_experts)))
    base = np.array([level[a.application_id] + severity[a.expert_id] for a in assignments])
    values = np.clip(np.round(base[:, None] + rng.normal(0, 0.8, (len(sheets), len(indicator_ids))), 1), 0, 10)
    buffer = io.StringIO()
    sheet_ids = np.array([s.pk for s in sheets])
    for column, indicator_id in enumerate(indicator_ids):
        block = np.column_stack([sheet_ids, np.full(len(sheets), indicator_id), values[:, column]])
        np.savetxt(buffer, block, fmt=("%d", "%d", "%.1f"), delimiter=",")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert("COPY reviews_score (sheet_id, indicator_id, value) FROM STDIN WITH (FORMAT csv)", buffer)
        cursor.execute("ANALYZE reviews_score; ANALYZE reviews_scoresheet; ANALYZE reviews_assignment")
    return round, draw_seconds


if __name__ == "__main__":
    main()
