"""Serve each role's desk from gunicorn on PostgreSQL to concurrent clients; print req/s and p50/p95/p99.

    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal_bench .venv/bin/python benchmarks/desks.py
    ... benchmarks/desks.py --clients 20 --seconds 15 --workers 3 --no-seed

Seeds `seed_demo --scale national` first (idempotent; 1,000 applications) unless --no-seed, starts
gunicorn (sync workers, DEBUG off, the project's middleware) on a free loopback port, and sends each
page --seconds of requests from --clients threads, one page at a time, as the role that uses it.
Beside the desks, in the same run and through the same middleware: a bare view that returns a few
bytes without touching the database (the floor set by the stack itself) and the login page.

Each client holds its own signed-in session (made with Django's test client against the same
database), so every request pays for the session read and write as a real user's would. The
clients run in this process, on the same machine: the figures compare pages and changes on one
machine, they are not promises. Refuses SQLite: the figures would measure its write lock.
"""
import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

BARE_PATH = "/_bench/bare/"

# (label, username or None for anonymous, path)
PAGES = (
    ("bare view", None, BARE_PATH),
    ("login page", None, "/accounts/login/"),
    ("applicant desk", "applicant", "/applicant/"),
    ("unit desk", "unit_bj", "/unit/"),
    ("expert desk", "expert", "/expert/"),
    ("office desk", "office", "/office/"),
    ("office list", "office", "/office/applications/"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0, help="measured time per page, after a 2 s warm-up")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--no-seed", action="store_true", help="skip migrate and seed_demo (already loaded)")
    parser.add_argument("--only", nargs="*", help="labels of the pages to run (default: all)")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("desks.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    env = _server_environment()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    if not args.no_seed:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", scale="national", stdout=open(os.devnull, "w"))
    cookies = _session_cookies({username for _, username, _ in PAGES if username})
    query_counts = _query_counts(PAGES)

    port = _free_port()
    server = _start_gunicorn(port, args.workers, env)
    try:
        _wait_until_up(port)
        pages = [page for page in PAGES if not args.only or page[0] in args.only]
        print(
            f"gunicorn {args.workers} sync workers on PostgreSQL, {os.cpu_count()} cores; "
            f"{args.clients} concurrent clients, {args.seconds:g} s per page after a 2 s warm-up; "
            f"load average {_load_average()} at start"
        )
        print(
            f"{'page':<16}{'path':<20}{'queries':>8}{'requests':>9}{'errors':>8}"
            f"{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'cpu ms':>8}"
        )
        for label, username, path in pages:
            cookie = cookies.get(username)
            _load(port, path, cookie, args.clients, 2.0)  # warm-up: connections, caches, workers' imports
            cpu_before = _workers_cpu_seconds(server.pid)
            result = _load(port, path, cookie, args.clients, args.seconds)
            cpu_ms = (_workers_cpu_seconds(server.pid) - cpu_before) * 1000 / max(result.count + result.errors, 1)
            print(
                f"{label:<16}{path:<20}{query_counts[label]:>8}{result.count:>9}{result.errors:>8}{result.rate:>9.0f}"
                f"{result.percentile(50):>9.0f}{result.percentile(95):>9.0f}{result.percentile(99):>9.0f}{cpu_ms:>8.1f}"
            )
            if result.first_error:
                print(f"  first error: {result.first_error}")
        print(f"load average {_load_average()} at the end (other work on the machine skews the figures)")
        print("cpu ms: the gunicorn workers' CPU time per request (not PostgreSQL's, not the clients'); steadier than req/s on a busy machine")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _workers_cpu_seconds(master_pid):
    """User + system CPU seconds the gunicorn workers (the master's children) have used so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return float("nan")
    total = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / ticks


def _load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _query_counts(pages):
    """Queries per request of each page, counted once in this process through the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User

    counts = {}
    for label, username, path in pages:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        client.get(path)  # warm process-wide caches (content types, permissions)
        with CaptureQueriesContext(connection) as context:
            client.get(path)
        counts[label] = len(context.captured_queries)
    return counts


def _server_environment():
    """What gunicorn and this process both run with: production settings, minus HTTPS and the manifest."""
    static_root = tempfile.mkdtemp(prefix="portal-desks-static-")
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.desks_settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",  # testserver: the query counts
        # The manifest storage needs collectstatic; plain storage serves the same files.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    }


def _session_cookies(usernames):
    """A signed-in session cookie per username, stored in the database the server reads."""
    from django.test import Client

    from apps.accounts.models import User

    cookies = {}
    for user in User.objects.filter(username__in=usernames):
        client = Client()
        client.force_login(user)
        cookies[user.username] = f"sessionid={client.cookies['sessionid'].value}"
    missing = set(usernames) - set(cookies)
    if missing:
        sys.exit(f"no such demo users: {', '.join(sorted(missing))} (run without --no-seed)")
    return cookies


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_gunicorn(port, workers, env):
    command = [
        sys.executable, "-m", "gunicorn", "craftsman_portal.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
        "--log-level", "warning", "--backlog", "2048",
    ]
    return subprocess.Popen(command, cwd=BASE_DIR, env={**os.environ, **env})


def _wait_until_up(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _ = _get(port, BARE_PATH, None)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer within 30 s")


def _get(port, path, cookie):
    # One connection per request: gunicorn's sync workers close it after each response anyway.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read()
        return response.status, body
    finally:
        connection.close()


class Result:
    def __init__(self):
        self.timings, self.errors, self.first_error, self.elapsed = [], 0, "", 0.0
        self.lock = threading.Lock()

    @property
    def count(self):
        return len(self.timings)

    @property
    def rate(self):
        return self.count / self.elapsed if self.elapsed else 0.0

    def percentile(self, p):
        if not self.timings:
            return float("nan")
        ordered = sorted(self.timings)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    def add(self, ms, error):
        with self.lock:
            if error:
                self.errors += 1
                self.first_error = self.first_error or error
            else:
                self.timings.append(ms)


def _load(port, path, cookie, clients, seconds):
    result = Result()
    stop_at = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, body = _get(port, path, cookie)
                error = "" if status == 200 else f"HTTP {status}: {body[:120]!r}"
            except OSError as exc:
                error = repr(exc)
            result.add((time.perf_counter() - started) * 1000, error)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.monotonic() - started
    return result


if __name__ == "__main__":
    main()
