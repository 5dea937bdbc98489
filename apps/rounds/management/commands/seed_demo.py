"""`manage.py seed_demo`: demo data to try the portal with, safe to run again.

The apps seed themselves in dependency order: each has `seed(ctx, *, scale)` in its `demo.py`,
which creates what is missing through the app's services and leaves what exists alone. A later
phase of the programme (reviews, publicity, cultivation) adds its demo module and one line to
PHASES.
"""
import logging
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

from apps.accounts import demo as accounts_demo
from apps.accounts.roles import Role, dashboard_url_name
from apps.applicants import demo as applicants_demo
from apps.applicants import demo_evidence as evidence_demo
from apps.applicants import demo_referees as referees_demo
from apps.applicants.models import Application
from apps.core.audit import verify_chain
from apps.core.models import AuditEntry
from apps.cultivation import demo as cultivation_demo
from apps.reviews import demo as reviews_demo
from apps.rounds import demo as rounds_demo
from apps.units import demo as units_demo
from apps.units import demo_forms
from apps.units import demo_integrity as integrity_demo

PHASES = (
    units_demo.seed, accounts_demo.seed, rounds_demo.seed, applicants_demo.seed, evidence_demo.seed, referees_demo.seed,
    demo_forms.seed, integrity_demo.seed, reviews_demo.seed, cultivation_demo.seed,
)


@dataclass(frozen=True)
class Scale:
    name: str
    applications: int = 0  # national: applications in this year's round, the default ones included
    experts: int = 0

    @property
    def is_national(self):
        return self.name == "national"


SCALES = {"default": Scale("default"), "national": Scale("national", applications=1000, experts=60)}
SCALE_LABELS = {"default": "默认", "national": "全国规模"}


@dataclass
class SeedContext:
    """What earlier phases made, for the later ones; and what to report."""

    units: dict = field(default_factory=dict)  # unit login -> RecommendingUnit
    users: dict = field(default_factory=dict)  # username -> user, for the fixed demo logins
    unit_staff: dict = field(default_factory=dict)  # unit login -> the staff member acting for it
    office: object = None  # the programme staff member who runs the rounds
    round: object = None  # this year's round
    counts: dict = field(default_factory=dict)  # label -> [created, existing]
    warnings: list = field(default_factory=list)

    def tally(self, label, *, created=0, existing=0):
        row = self.counts.setdefault(label, [0, 0])
        row[0] += created
        row[1] += existing

    def warn(self, message):
        self.warnings.append(message)


class Command(BaseCommand):
    help = "创建演示数据（推荐单位、各角色账号、本年度遴选与各状态申报）；可重复运行，已有数据不变。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="default", help="national：全国规模（约1000份申报）")
        parser.add_argument("--applications", type=int, help="仅用于 national：本年度申报总数（默认1000，用于测试）")
        parser.add_argument("--allow-https", action="store_true", help="在 HTTPS=true 的环境中也运行（演示账号密码是公开的）")

    def handle(self, *args, scale, applications, allow_https, **options):
        if settings.HTTPS and not allow_https:
            raise CommandError("此环境启用了 HTTPS，像是生产环境：演示账号（含超级管理员）的密码是公开的。确需运行请加 --allow-https。")
        scale = SCALES[scale]
        if applications is not None:
            scale = replace(scale, applications=applications)
        ctx, audit_before, started = SeedContext(), AuditEntry.objects.count(), time.perf_counter()
        with _without_mail(), transaction.atomic():
            for seed in PHASES:
                seed(ctx, scale=scale)
        elapsed = time.perf_counter() - started
        self._report(ctx, scale, elapsed, audit_added=AuditEntry.objects.count() - audit_before)

    def _report(self, ctx, scale, elapsed, *, audit_added):
        write = self.stdout.write
        write(self.style.SUCCESS(f"演示数据已就绪（规模：{SCALE_LABELS[scale.name]}，用时 {elapsed:.1f} 秒）。"))
        for message in ctx.warnings:
            write(self.style.WARNING(message))
        report = verify_chain()
        rows = [(label, created, existing) for label, (created, existing) in ctx.counts.items()]
        rows.append(("审计记录", audit_added, report.checked - audit_added))
        write(_table(("数据", "新建", "已有"), [(label, f"{new:>4}", f"{old:>4}") for label, new, old in rows]))
        if report.ok:
            write(f"  审计链校验通过（共 {report.checked} 条）。")
        else:
            write(self.style.ERROR(f"  审计链在第 {report.broken_seq} 条处断裂：{report.problem}"))
        write("\n启动网站：bash bin/start（默认 http://127.0.0.1:8000/，管理后台 /admin/）")
        referee_link = referees_demo.demo_link_path(ctx.round)
        if referee_link:
            write(f"推荐专家确认页（无需登录，演示链接）：{referee_link}")
        write(f"\n演示账号（密码均为 {accounts_demo.DEMO_PASSWORD}）：")
        write(_table(("用户名", "角色", "单位", "密码", "登录后进入"), _login_rows(ctx, scale)))


def _login_rows(ctx, scale):
    password = accounts_demo.DEMO_PASSWORD
    applications = {a.applicant_id: a for a in Application.objects.filter(round=ctx.round).select_related("unit")}
    rows = []
    for login in accounts_demo.DEMO_LOGINS:
        user = ctx.users[login.username]
        role = "超级管理员" if user.is_superuser else Role(user.role).label
        landing = reverse(dashboard_url_name(user)) + ("，/admin/" if user.is_staff else "")
        rows.append((user.username, role, _where(user, applications.get(user.pk)), password, landing))
    if scale.is_national:
        units = f"共 {len(ctx.unit_staff)} 个单位，如 unit_gd、unit_tielu"
        rows.append(("unit_<单位代码>", Role.UNIT_STAFF.label, units, password, reverse("units:dashboard")))
        experts = f"expert01…expert{scale.experts:02d}"
        rows.append((experts, Role.EXPERT.label, "—", password, reverse("reviews:dashboard")))
    return rows


def _where(user, application):
    if user.unit is not None:
        return str(user.unit)
    if application is not None:
        return f"{application.unit}（申报{application.get_status_display()}）"
    return "全总劳动和经济工作部" if user.role == Role.PROGRAMME_STAFF else "—"


def _table(header, rows):
    """Rows as aligned text columns; Chinese characters count two columns wide."""
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = ("  ".join(_pad(cell, width) for cell, width in zip(row, widths)) for row in (header, *rows))
    return "\n".join(f"  {line}".rstrip() for line in lines)


def _width(text):
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


@contextmanager
def _without_mail():
    """Seeded notices are history: their rows stay (each inbox shows them) but no mail goes out.

    The addresses are made up, and in development the console backend would print hundreds of
    messages over the login table. Eager Celery's log line per delivered notice is muted too.
    With a real broker the worker delivers them under its own settings instead.
    """
    trace_logger = logging.getLogger("celery.app.trace")
    level = trace_logger.level
    trace_logger.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        trace_logger.setLevel(level)
