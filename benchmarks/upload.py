"""Upload a 20 MB evidence PDF through the page (WSGI, multipart parsing, the checks, storage); print time and peak memory.

    .venv/bin/python benchmarks/upload.py                      # SQLite in memory
    DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/portal_bench .venv/bin/python benchmarks/upload.py --runs 3

The request body is written to a temporary file first and handed to Django's WSGI handler as
`wsgi.input`, so nothing in this process holds it whole unless the server side does: the figures are
those of Django's upload handlers (beyond FILE_UPLOAD_MAX_MEMORY_SIZE a temporary file), the content
checks (hashing in chunks, pypdf) and the default storage. Peak memory is tracemalloc's peak of Python
allocations during the request, and the growth of the process's maximum resident set (ru_maxrss).
A test database is created and dropped around the run; MEDIA_ROOT is a temporary directory.
"""
import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftsman_portal.settings")

BOUNDARY = "----craftsmanbenchmarkboundary"


def write_pdf(out, size):
    """A real PDF of exactly `size` bytes: the sample's objects, comment lines of filler, then its xref and trailer."""
    from apps.applicants.samples import pdf_bytes

    pdf = pdf_bytes("Benchmark")
    xref_start = pdf.rindex(b"\nxref\n") + 1  # not the "xref" inside "startxref"
    objects, xref = pdf[:xref_start], pdf[xref_start : pdf.rindex(b"startxref")]
    start = out.tell()
    out.write(objects)
    end_length = len(b"startxref\n%d\n%%%%EOF\n" % size)  # an upper bound on the tail's length
    filler = size - len(objects) - len(xref) - end_length
    line = b"%" + b"x" * 1022 + b"\n"
    while filler > len(line):
        out.write(line)
        filler -= len(line)
    out.write(b"%" + b"x" * max(filler - 2, 0) + b"\n")
    xref_at = out.tell() - start
    out.write(xref)
    tail = b"startxref\n%d\n%%%%EOF\n" % xref_at
    out.write(tail.ljust(end_length, b"\n"))


def write_body(path, *, csrf, indicator, size):
    """The multipart body of the upload form, written to `path` in pieces (nothing of it held whole)."""
    with open(path, "wb") as out:
        out.write(f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{csrf}\r\n".encode())
        out.write(f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"indicator\"\r\n\r\n{indicator}\r\n".encode())
        out.write(f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"大文件.pdf\"\r\n".encode())
        out.write(b"Content-Type: application/pdf\r\n\r\n")
        write_pdf(out, size)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20, help="file size in MB (default 20: the limit)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    media = tempfile.TemporaryDirectory()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            MEDIA_ROOT=media.name, ALLOWED_HOSTS=["testserver"], PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        ):
            from apps.accounts.roles import Role
            from apps.accounts.tests.factories import UserFactory
            from apps.applicants.models import EvidenceFile
            from apps.applicants.tests.factories import ApplicationFactory
            from apps.rounds.tests.factories import RoundFactory

            size = int(args.megabytes * 1024 * 1024)
            settings.EVIDENCE_MAX_APPLICATION_BYTES = size * (args.runs + 1)
            round = RoundFactory()
            applicant = UserFactory(role=Role.APPLICANT)
            application = ApplicationFactory(round=round, applicant=applicant)
            indicator = round.indicators.first()
            client = Client()
            client.force_login(applicant)
            page = reverse("applicants:evidence", args=[application.pk])
            client.get(page)
            csrf = client.cookies["csrftoken"].value
            cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; csrftoken={csrf}"
            handler = WSGIHandler()
            print(f"上传 {args.megabytes:g} MB 的PDF，经页面 {reverse('applicants:evidence-upload', args=[application.pk])}（数据库：{connection.vendor}）")
            for run in range(1, args.runs + 1):
                with tempfile.NamedTemporaryFile(suffix=".body") as body:
                    write_body(body.name, csrf=csrf, indicator=indicator.pk, size=size)
                    length = os.path.getsize(body.name)
                    before = EvidenceFile.objects.count()
                    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                    with open(body.name, "rb") as stream:
                        environ = {
                            "REQUEST_METHOD": "POST", "PATH_INFO": reverse("applicants:evidence-upload", args=[application.pk]),
                            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
                            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(length),
                            "HTTP_COOKIE": cookie, "HTTP_REFERER": "http://testserver" + page, "wsgi.input": stream, "wsgi.errors": sys.stderr,
                        }
                        statuses = []
                        tracemalloc.start()
                        started = time.perf_counter()
                        response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
                        for _ in response:
                            pass
                        response.close()  # as a WSGI server does: the request's temporary upload file is closed
                        elapsed = time.perf_counter() - started
                        _, peak = tracemalloc.get_traced_memory()
                        tracemalloc.stop()
                    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                    stored = EvidenceFile.objects.count() - before
                    print(
                        f"  第{run}次：{statuses[0]}，存入 {stored} 个文件，用时 {elapsed:.2f} 秒，"
                        f"Python 分配峰值 {peak / 1024 / 1024:.1f} MB，最大常驻内存增长 {(rss_after - rss_before) / 1024:.1f} MB"
                        f"（进程最大常驻 {rss_after / 1024:.0f} MB）"
                    )
                    if stored != 1:
                        print("  未存入：上传被拒绝，数字不代表一次成功的上传。", file=sys.stderr)
                        return 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        media.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
