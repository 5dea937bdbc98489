"""Time the main pages and API lists on a national-scale round; print median and p95 per page.

    .venv/bin/python benchmarks/pages.py                      # a fresh SQLite file
    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal_bench .venv/bin/python benchmarks/pages.py

Seeds `seed_demo --scale national` first (idempotent; 1,000 applications), then requests each page
--repeat times through Django's test client as the role that uses it, in this process (no network).
Figures are for comparing changes on one machine, not promises.
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

PAGES = (
    ("applicant", "/applicant/"),
    ("unit_bj", "/unit/"),
    ("unit_bj", "/unit/?page=2"),
    ("office", "/office/"),
    ("office", "/api/v1/applications/"),
    ("unit_bj", "/api/v1/applications/"),
    ("applicant2", "/notices/"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='portal-bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftsman_portal.settings")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="portal-bench-static-"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from apps.accounts.models import User

    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale="national", stdout=open(os.devnull, "w"))
    print(f"database: {connection.vendor}; {args.repeat} requests per page after one warm-up")
    print(f"{'page':<28}{'as':<12}{'status':>7}{'queries':>9}{'median ms':>11}{'p95 ms':>9}")
    for username, url in PAGES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        queries = []
        with connection.execute_wrapper(_counting(queries)):
            response = client.get(url)
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{url:<28}{username:<12}{response.status_code:>7}{len(queries):>9}{statistics.median(timings):>11.1f}{p95:>9.1f}")


def _counting(queries):
    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


if __name__ == "__main__":
    main()
