"""Profile one page in-process: where a request's server time goes (cProfile top entries, SQL vs the rest).

    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal_bench .venv/bin/python \
        benchmarks/profile_page.py office /office/ --repeat 200 --top 30

Requests `path` --repeat times as `username` through Django's test client, with the settings
benchmarks/desks.py serves (DEBUG off, production middleware, the benchmark's bare view), against a
database already seeded by desks.py or `seed_demo --scale national`. Prints the mean time per
request, of which SQL (time inside the database cursor, from an execute wrapper) and the template
render (Template.render, from a wrapper), then the top entries of cProfile by cumulative time.
CPU time on a shared machine is the steadier figure; the test client skips the WSGI server and the
network, so the floor it measures is below gunicorn's.
"""
import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BATCH = 10
sys.path.insert(0, str(BASE_DIR))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--top", type=int, default=30, help="cProfile entries to print (0: only the call count; -1: no profile)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key: cumulative, tottime, ...")
    parser.add_argument("--sql", action="store_true", help="print each query of one request with its mean time")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("profile_page.py measures PostgreSQL: set DATABASE_URL=postgres://... (seeded by benchmarks/desks.py)")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.desks_settings",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "STATIC_ROOT": tempfile.mkdtemp(prefix="portal-profile-static-"),
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.db import connection
    from django.template.base import Template
    from django.test import Client

    from apps.accounts.models import User

    client = Client()
    if args.username != "-":
        client.force_login(User.objects.get(username=args.username))
    response = client.get(args.path)  # warm-up: imports, template cache, content types
    if response.status_code != 200:
        sys.exit(f"{args.path} as {args.username}: HTTP {response.status_code}")

    sql = {"seconds": 0.0, "count": 0}
    by_statement = {}

    def timed_sql(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            took = time.perf_counter() - started
            sql["seconds"] += took
            sql["count"] += 1
            by_statement.setdefault(statement, []).append(took)

    render = {"seconds": 0.0, "depth": 0}
    original_render = Template.render

    def timed_render(self, context):
        # Only the outermost render counts: includes and {% extends %} render templates inside it.
        render["depth"] += 1
        started = time.perf_counter()
        try:
            return original_render(self, context)
        finally:
            render["depth"] -= 1
            if render["depth"] == 0:
                render["seconds"] += time.perf_counter() - started

    Template.render = timed_render
    try:
        with connection.execute_wrapper(timed_sql):
            wall_started, cpu_started = time.perf_counter(), time.process_time()
            batches = []  # CPU seconds of each batch of BATCH requests
            for done in range(args.repeat):
                if done % BATCH == 0:
                    batch_started = time.process_time()
                client.get(args.path)
                if done % BATCH == BATCH - 1:
                    batches.append(time.process_time() - batch_started)
            wall, cpu = time.perf_counter() - wall_started, time.process_time() - cpu_started
    finally:
        Template.render = original_render

    per = 1000 / args.repeat
    print(f"{args.path} as {args.username}: {args.repeat} requests, {sql['count'] / args.repeat:.0f} queries each")
    print(
        f"per request: wall {wall * per:.2f} ms, this process's CPU {cpu * per:.2f} ms; "
        f"SQL (wall, incl. the database) {sql['seconds'] * per:.2f} ms; template render {render['seconds'] * per:.2f} ms "
        f"(its SQL included)"
    )
    if batches:
        batches.sort()
        print(
            f"CPU per request over batches of {BATCH}: fastest {batches[0] * 1000 / BATCH:.2f} ms, "
            f"median {batches[len(batches) // 2] * 1000 / BATCH:.2f} ms (the fastest batch is the least disturbed by other work)"
        )
    if args.sql:
        for statement, timings in by_statement.items():
            print(f"{sum(timings) * 1000 / len(timings):8.2f} ms x{len(timings) / args.repeat:g}  {statement[:300]}")
    if args.top >= 0:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(args.path)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        # Function calls are deterministic: a load-proof proxy for CPU when comparing two versions.
        print(f"function calls per request: {stats.total_calls / args.repeat:.0f}")
        if args.top > 0:
            stats.sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
