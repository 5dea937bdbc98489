"""Time the allocation for 1,000 units and the fan-out of one notice to 5,000 recipients; print the figures.

    .venv/bin/python benchmarks/fanout.py --database-url postgres://portal:portal@127.0.0.1:5432/portal_bench \\
        [--redis-url redis://127.0.0.1:6379/3] [--recipients 5000] [--units 1000] [--no-allocation]

1. The allocation: runs `benchmarks/quotas.py --units N` on the same database (its figures, unchanged).
2. The fan-out, `notices.services.queue_notices_to_many` of one notice to `--recipients` users with an
   email address (one INSERT, one `send_notice_batch` task after commit, mailed in batches of
   NOTICE_BATCH_SIZE over one connection each), timed twice:
   - eager: the task runs in this process at commit;
   - through Redis: a real worker, `celery -A craftsman_portal worker --pool solo`, started here as a
     subprocess on the same database and broker; the time runs until every row is marked sent.
   "rows" is the time to write the notice rows (the caller's share); "total" adds the mail. Mail goes
   to Django's locmem backend in both (no SMTP server: it measures our side, not a mail relay).
The worker needs a database both processes share: PostgreSQL, whose URL is given on the command line.
Each run removes its benchmark users and notices first and after. Figures are for comparing changes
on one machine, not promises.

Figures (PostgreSQL 15, Redis, 2 cores shared with five other engineers' test runs: a busy machine;
2026-12-02, one run each):
    allocate_quotas for 1,000 units (3,000 places): first 0.62 s (creates rows), unchanged again 0.24 s,
        after a weight change 1.31 s (updates every row); quota_proposal 0.20 s
    fan-out to 5,000, eager:          rows 0.69 s (7,253 rows/s), total 19.8 s (253 rows/s)
    fan-out to 5,000, Redis + worker: rows 0.54 s (9,332 rows/s), total 15.6 s (321 rows/s)
    (before each batch was claimed in one transaction, `_claim_many`: eager total 60.7 s, worker 40.0 s)
Writing the rows is the caller's cost and stays under a second. The mail dominates: each notice is
still marked sent by its own statement right after its message left (a courier that dies mid-batch
resends at most the one in flight), about 3 ms a notice here.
"""
import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

PREFIX = "bench_fanout_"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL (the worker subprocess shares it)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--no-allocation", action="store_true", help="skip quotas.py")
    parser.add_argument("--timeout", type=int, default=900, help="seconds to wait for the worker to mail everything")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be PostgreSQL: the worker subprocess and this process share it")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DJANGO_SETTINGS_MODULE": "craftsman_portal.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)

    if not args.no_allocation:
        print(f"allocation ({args.units} units, benchmarks/quotas.py):", flush=True)
        subprocess.run(
            [sys.executable, str(BASE_DIR / "benchmarks" / "quotas.py"), "--units", str(args.units), "--repeat", "3"],
            env=env, check=True,
        )

    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.db import connection

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)

    from apps.accounts.models import User
    from apps.accounts.roles import Role
    from apps.notices.kinds import NoticeKind
    from apps.notices.models import Notice
    from craftsman_portal.celery import app as celery_app

    def clean():
        Notice.objects.filter(recipient__username__startswith=PREFIX).delete()
        User.objects.filter(username__startswith=PREFIX).delete()

    clean()
    User.objects.bulk_create(
        User(username=f"{PREFIX}{n:05d}", email=f"{PREFIX}{n:05d}@example.cn", role=Role.APPLICANT, display_name=f"基准{n}")
        for n in range(args.recipients)
    )
    recipients = list(User.objects.filter(username__startswith=PREFIX).order_by("pk"))
    print(f"fan-out: database {connection.vendor}; {len(recipients)} recipients; broker {args.redis_url}", flush=True)

    try:
        celery_app.conf.task_always_eager = True
        fan_out("eager", recipients, NoticeKind.ROUND_PHASE, wait=lambda key, timeout: None, timeout=args.timeout)
        celery_app.conf.task_always_eager = False
        celery_app.control.purge()
        worker = start_worker(env)
        try:
            fan_out("Redis + worker", recipients, NoticeKind.ROUND_PHASE, wait=all_sent, timeout=args.timeout)
        finally:
            worker.send_signal(signal.SIGTERM)  # warm shutdown: the task in hand finishes first
            worker.wait(60)
    finally:
        clean()


def fan_out(label, recipients, kind, *, wait, timeout):
    from django.db import transaction

    from apps.notices.models import Notice
    from apps.notices.services import queue_notices_to_many

    key = f"bench:fanout:{label}:{time.time_ns()}"
    context = {"round": "基准测试年度", "phase": "推荐中", "what_now": "请在截止前完成推荐。", "deadline_note": ""}
    started = time.perf_counter()
    with transaction.atomic():
        notices = queue_notices_to_many(recipients, kind=kind, context=context, event_key=key)
        written = time.perf_counter() - started
    # Eager: the batch task ran at commit, above. Through Redis: wait for the worker to mail every row.
    wait(key, timeout)
    total = time.perf_counter() - started
    sent = Notice.objects.filter(event_key=key, sent_at__isnull=False).count()
    n = len(notices)
    print(
        f"  fan-out to {n}, {label + ':':<16} rows {written:6.2f} s ({n / written:7.0f} rows/s), "
        f"total {total:6.2f} s ({n / total:7.0f} rows/s); {sent} marked sent",
        flush=True,
    )


def all_sent(key, timeout):
    from apps.notices.models import Notice

    deadline = time.monotonic() + timeout
    while Notice.objects.filter(event_key=key, sent_at__isnull=True).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"the worker did not mail every notice within {timeout} s")
        time.sleep(0.2)


def start_worker(env, name="fanout"):
    """`celery worker --pool solo` as a subprocess; returns once it answers a ping. Its log: a temporary file.

    Also the worker of benchmarks/pdf_forms.py (`name` tells their logs apart)."""
    import tempfile

    from craftsman_portal.celery import app as celery_app

    log = tempfile.NamedTemporaryFile(prefix=f"bench-{name}-worker-", suffix=".log", delete=False)

    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [str(celery), "-A", "craftsman_portal", "worker", "--pool", "solo", "--loglevel", "WARNING", "--without-heartbeat",
         "--without-gossip", "--without-mingle", "-n", f"bench-{name}-{os.getpid()}@%h"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    deadline = time.monotonic() + 60
    while not celery_app.control.ping(timeout=1.0):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise SystemExit(f"the Celery worker did not start; see {log.name}")
    return worker


if __name__ == "__main__":
    main()
