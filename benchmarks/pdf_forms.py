"""The recommendation form PDF rate: forms per minute rendered through a real Celery worker on Redis.

    .venv/bin/python benchmarks/pdf_forms.py --database-url postgres://portal:portal@127.0.0.1:5432/portal_bench \\
        [--redis-url redis://127.0.0.1:6379/6] [--forms 30] [--eager 3]

Builds `--forms` submitted applications with full profiles and 15 answers of about 400 characters each
(a round of its own, year 2098, in one benchmark unit), then:
1. eager: renders `--eager` of them in this process (`forms_pdf.render_form`), one after another,
   for the cost of one rendering without a broker;
2. through Redis: requests a form for each (`request_recommendation_form`, one committed transaction
   each, queued on commit) with a real worker, `celery -A craftsman_portal worker --pool solo`,
   started here as a subprocess on the same database and broker; the time runs from the first
   request until every row is ready.
Files go to a temporary MEDIA_ROOT. The worker needs a database both processes share: PostgreSQL.
Each run removes its forms, applications and users first and after (the round and unit stay).
Figures are for comparing changes on one machine, not promises.

Figures (PostgreSQL 15, Redis, WeasyPrint 70, 2 cores shared with six other engineers' test runs:
a busy machine; 2026-12-02, one run, `--forms 20 --eager 3`; each form 5 A4 pages):
    eager (in process):   3 forms in 7.8 s, 2.6 s a form, 23 forms/minute
    Redis + worker:       20 forms in 34.3 s (2.3 s to request them), 35 forms/minute (one solo worker)
Rendering (WeasyPrint's layout of CJK text) is the whole cost and is CPU-bound: more worker processes
scale it by the cores they get; a national round's 1,000 forms take about half an hour on one.
"""
import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from fanout import start_worker  # noqa: E402  (benchmarks/fanout.py: the same worker subprocess)

PREFIX = "bench_pdf_"
YEAR = 2098
ANSWER = (
    "在航空发动机关键零部件加工中，带领班组攻克薄壁叶片变形、深孔精密加工等技术难题，"
    "总结形成“分层切削、对称去量”操作法，加工合格率由百分之八十二提高到百分之九十九点六，"
    "累计为企业节约成本一千二百余万元。坚持师带徒，培养高级技师十二名、技师二十余名，"
    "工作室成果在全行业推广应用。"
) * 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL (the worker subprocess shares it)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--forms", type=int, default=30)
    parser.add_argument("--eager", type=int, default=3, help="forms rendered in this process first (0: none)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds to wait for the worker to render everything")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be PostgreSQL: the worker subprocess and this process share it")
    media = tempfile.mkdtemp(prefix="bench-pdf-media-")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DJANGO_SETTINGS_MODULE": "craftsman_portal.settings",
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)

    import django

    django.setup()
    import logging

    from django.core.management import call_command

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)

    from craftsman_portal.celery import app as celery_app

    clean()
    applications = build(args.forms)
    print(f"pdf forms: {len(applications)} applications of 15 answers; broker {args.redis_url}; files in {media}", flush=True)
    try:
        if args.eager:
            eager(applications[: args.eager])
            clean_forms()
        celery_app.conf.task_always_eager = False
        celery_app.control.purge()
        worker = start_worker(env, name="pdf")
        try:
            through_worker(applications, timeout=args.timeout)
        finally:
            worker.send_signal(signal.SIGTERM)  # warm shutdown: the form in hand finishes first
            worker.wait(60)
    finally:
        clean()


def build(n):
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.accounts.roles import Role
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.models import Application, StatementAnswer
    from apps.rounds.enums import RoundStatus
    from apps.rounds.indicators import DEFAULT_INDICATORS
    from apps.rounds.models import Indicator, Round
    from apps.units.enums import UnitKind
    from apps.units.models import RecommendingUnit

    round, created = Round.objects.get_or_create(year=YEAR, defaults={"title": "基准测试年度", "status": RoundStatus.RECOMMENDING})
    if created:
        Indicator.objects.bulk_create(
            Indicator(round=round, power=power, code=f"{power}.{code}", name=name, description=text, position=i)
            for i, (power, code, name, text) in enumerate(DEFAULT_INDICATORS, start=1)
        )
    unit, _ = RecommendingUnit.objects.get_or_create(name="基准测试产业工会", defaults={"kind": UnitKind.NATIONAL_INDUSTRIAL_UNION})
    User.objects.bulk_create(
        User(username=f"{PREFIX}{k:05d}", role=Role.APPLICANT, display_name=f"基准申报人{k}") for k in range(n)
    )
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            round=round, unit=unit, applicant=user, full_name=f"张{k}工", employer_name="中国航发某精密制造有限公司",
            post="数控车工", frontline_years=20, status=ApplicationStatus.SUBMITTED, submitted_at=now, unit_rank=k + 1,
        )
        for k, user in enumerate(User.objects.filter(username__startswith=PREFIX).order_by("pk"))
    )
    applications = list(Application.objects.filter(applicant__username__startswith=PREFIX).select_related("round", "unit", "applicant").order_by("pk"))
    indicators = list(round.indicators.order_by("position"))
    StatementAnswer.objects.bulk_create(
        StatementAnswer(application=application, indicator=indicator, text=ANSWER, version=1)
        for application in applications for indicator in indicators
    )
    return applications


def eager(applications):
    from apps.units import forms_pdf

    started = time.perf_counter()
    for application in applications:
        form = forms_pdf.RecommendationForm.objects.create(
            application=application, input_hash=f"eager-{application.pk}", inputs=forms_pdf.form_inputs(application)
        )
        forms_pdf.render_form(form.pk)
    elapsed = time.perf_counter() - started
    n = len(applications)
    print(f"  eager (in process):   {n} forms in {elapsed:6.2f} s, {elapsed / n:5.2f} s a form, {60 * n / elapsed:6.1f} forms/minute", flush=True)


def through_worker(applications, *, timeout):
    from apps.units import forms_pdf
    from apps.units.models_forms import FormStatus, RecommendationForm

    started = time.perf_counter()
    for application in applications:
        forms_pdf.request_recommendation_form(application, by=None)  # the system; committed, queued on commit
    requested = time.perf_counter() - started
    deadline = time.monotonic() + timeout
    pending = RecommendationForm.objects.filter(application__in=applications).exclude(status__in=[FormStatus.READY, FormStatus.FAILED])
    while pending.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"the worker did not render every form within {timeout} s")
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    ready = RecommendationForm.objects.filter(application__in=applications, status=FormStatus.READY).count()
    n = len(applications)
    print(
        f"  Redis + worker:       {n} forms in {elapsed:6.2f} s ({requested:5.2f} s to request them), "
        f"{60 * n / elapsed:6.1f} forms/minute; {ready} ready",
        flush=True,
    )


def clean_forms():
    from apps.units.models_forms import RecommendationForm

    RecommendationForm.objects.filter(application__applicant__username__startswith=PREFIX).delete()


def clean():
    from apps.accounts.models import User
    from apps.applicants.models import Application, StatementAnswer

    clean_forms()
    StatementAnswer.objects.filter(application__applicant__username__startswith=PREFIX).delete()
    Application.objects.filter(applicant__username__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()


if __name__ == "__main__":
    main()
