"""Time the quota allocation for 1,000 units; print the figures.

    .venv/bin/python benchmarks/quotas.py                  # SQLite in a temporary directory
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/quotas.py

Builds a round (target 2,000, ratio 1.50: 3,000 places, minimum 1) and `--units` active units with
plausible factor values (apps/rounds/demo.demo_factors), then times: the pure apportionment of the
scores, the proposal selector, the first `allocate_quotas` (creates every row), a recomputation that
changes nothing (idempotent: no write) and one after a weight change (updates every row). Figures are
for comparing changes on one machine, not promises; don't take them while the test suite runs.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def timed(label, fn, repeat=1):
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    print(f"  {label:<44} {statistics.median(runs) * 1000:9.1f} ms" + (f"  (median of {repeat})" if repeat > 1 else ""))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='portal-bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftsman_portal.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")

    import django

    django.setup()
    import logging
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)

    from apps.accounts.models import User
    from apps.accounts.roles import Role
    from apps.rounds import quotas, selectors
    from apps.rounds.apportionment import apportion
    from apps.rounds.demo import demo_factors
    from apps.rounds.enums import RoundStatus
    from apps.rounds.models import Quota, QuotaFactors, Round
    from apps.rounds.services import allocate_quotas
    from apps.units.enums import UnitKind
    from apps.units.models import RecommendingUnit

    office, _ = User.objects.get_or_create(username="bench_office", defaults={"role": Role.PROGRAMME_STAFF})
    round, _ = Round.objects.get_or_create(year=2099, defaults={"national_target": 2000, "status": RoundStatus.DRAFT})
    Quota.objects.filter(round=round).delete()
    QuotaFactors.objects.filter(round=round).delete()
    RecommendingUnit.objects.filter(name__startswith="基准测试单位").delete()
    RecommendingUnit.objects.bulk_create(
        RecommendingUnit(name=f"基准测试单位{i:04d}", kind=UnitKind.NATIONAL_INDUSTRIAL_UNION) for i in range(args.units)
    )
    units = list(RecommendingUnit.objects.filter(is_active=True))
    QuotaFactors.objects.bulk_create(QuotaFactors(round=round, unit=u, **demo_factors(u.name, provincial=False)) for u in units)
    total = quotas.place_total(round)
    print(f"database: {connection.vendor}; {len(units)} active units; {total} places; minimum {round.minimum_places}")

    rows = {u.pk: {name: getattr(f, name) for name, _ in quotas.FACTORS} for u, f in
            ((f.unit, f) for f in QuotaFactors.objects.filter(round=round).select_related("unit"))}
    scores = quotas.weighted_scores(quotas.weights_of(round), rows)
    timed("weighted scores (pure)", lambda: quotas.weighted_scores(quotas.weights_of(round), rows), args.repeat)
    timed("apportion (pure)", lambda: apportion(total, scores, round.minimum_places), args.repeat)
    timed("quota_proposal (one query)", lambda: selectors.quota_proposal(round), args.repeat)
    timed("allocate_quotas, first (creates rows)", lambda: allocate_quotas(round, by=office))
    timed("allocate_quotas, again (nothing changes)", lambda: allocate_quotas(round, by=office), args.repeat)
    Round.objects.filter(pk=round.pk).update(worker_count_weight=Decimal("3.00"))
    round.refresh_from_db()
    timed("allocate_quotas after a weight change", lambda: allocate_quotas(round, by=office))
    placed = sum(Quota.objects.filter(round=round).values_list("places", flat=True))
    print(f"  places stored: {placed} (expected {total})")


if __name__ == "__main__":
    main()
