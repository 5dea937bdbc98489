"""Time `manage.py seed_demo --scale national` on a fresh database; it must stay under two minutes.

    .venv/bin/python benchmarks/seed_national.py
    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal_seed .venv/bin/python benchmarks/seed_national.py

Always on SQLite (a temporary file); also on PostgreSQL when DATABASE_URL names one. The named
PostgreSQL database is only the way in: the run happens in a scratch database beside it
(`<name>_bench`, so the role needs CREATEDB), created fresh and dropped afterwards. Per database:
migrate (not timed as seeding), seed_demo --scale national, then the same again (an idempotent
rerun, which should create nothing and be quick). Each step is a new process, as a user runs it.
`--scale default` times the default set the same way.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 120


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("national", "default"), default="national")
    parser.add_argument("--applications", type=int, default=1000, help="national scale only")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as directory:
        results.append(("SQLite", run(f"sqlite:///{directory}/seed.sqlite3", args)))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        with scratch_postgres(url, keep=args.keep) as scratch_url:
            results.append(("PostgreSQL", run(scratch_url, args)))
    report(results, args.scale)
    return 0 if all(figures["seed"] < LIMIT_SECONDS and figures["chain_ok"] for _, figures in results) else 1


def run(url, args):
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    seed = ["seed_demo", "--scale", args.scale]
    if args.scale == "national":
        seed += ["--applications", str(args.applications)]
    migrate_seconds, _ = manage(["migrate", "--verbosity", "0"], env)
    seed_seconds, output = manage(seed, env)
    rerun_seconds, rerun_output = manage(seed, env)
    return {
        "migrate": migrate_seconds,
        "seed": seed_seconds,
        "rerun": rerun_seconds,
        "created": counts(output, column=1),
        "rerun_created": counts(rerun_output, column=1),
        "chain_ok": "审计链校验通过" in output and "审计链校验通过" in rerun_output,
    }


def manage(arguments, env):
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{completed.stdout}\n{completed.stderr}")
    return elapsed, completed.stdout


def counts(output, *, column):
    """{label: number} from seed_demo's table of created (column 1) and existing (column 2) rows."""
    rows = re.findall(r"^\s+(推荐单位|用户|遴选年度|申报|审计记录)\s+(\d+)\s+(\d+)", output, re.MULTILINE)
    return {row[0]: int(row[column]) for row in rows}


class scratch_postgres:
    """A fresh database `<name>_bench` on the server of `url`, dropped on exit unless `keep`."""

    def __init__(self, url, *, keep):
        self.parts, self.keep = urlsplit(url), keep
        self.name = self.parts.path.lstrip("/") + "_bench"

    def __enter__(self):
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')
        return urlunsplit(self.parts._replace(path=f"/{self.name}"))

    def __exit__(self, *exc_info):
        if not self.keep:
            self._execute(f'DROP DATABASE IF EXISTS "{self.name}"')

    def _execute(self, *statements):
        import psycopg2

        connection = psycopg2.connect(urlunsplit(self.parts))
        connection.autocommit = True  # CREATE and DROP DATABASE refuse to run inside a transaction
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()


def report(results, scale):
    print(f"seed_demo --scale {scale} on a fresh database (limit {LIMIT_SECONDS} s; wall time, process start included)")
    print(f"{'database':<12}{'migrate':>9}{'seed':>9}{'rerun':>9}  created by the first run / by the rerun")
    for name, figures in results:
        created = ", ".join(f"{label} {number}" for label, number in figures["created"].items())
        rerun = sum(figures["rerun_created"].values())
        verdict = "ok" if figures["seed"] < LIMIT_SECONDS else "TOO SLOW"
        print(
            f"{name:<12}{figures['migrate']:>8.1f}s{figures['seed']:>8.1f}s{figures['rerun']:>8.1f}s"
            f"  {created} / {rerun} new; audit chain {'verified' if figures['chain_ok'] else 'BROKEN'}; {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
