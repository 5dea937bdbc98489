"""The permission matrix's world: built once per test module, every cell rolled back to it.

Objects belong to someone: `application_a` is applicant A's submitted application in unit A,
`application_b` is B's, `forwarded_a` is an application unit A has forwarded (so the office has
something it may see) whose applicant has since been deactivated (the `inactive` column), and
`notice_a` is an unread notice to applicant A. The admin's objects are one of each registered
model. Users and objects match the root conftest's fixtures (same names and units).

`pristine_world` opens one transaction for the module and builds the world inside it; each cell
runs inside pytest-django's own transaction (a savepoint within it), rolled back after the cell,
and the outer one is rolled back when the module ends. `fingerprint()` reads every table the
cells can touch, so a test can show the world is as built.
"""
import copy
import datetime
import functools
import hashlib
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Consent
from apps.applicants.profile_enums import ConsentPurpose
from apps.applicants.tests.factories import ApplicationFactory
from apps.core import audit
from apps.notices.kinds import NoticeKind
from apps.notices.models import Notice, NoticeTemplate
from apps.rounds.models import Quota
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class World(SimpleNamespace):
    """The shared objects. Cells read them (pks, for URLs and lists) and never change them:
    snapshots query the database, and `user()` hands out a copy, since signing in writes to it."""

    def sign_in(self, client, role):
        """Give `client` the session of `role` (none for the anonymous column). The referee link holder
        has no account: they have opened their link (whatever that page leaves in the client, it keeps)."""
        if role == "referee_link_holder":
            from apps.applicants.tests.world_referees import open_referee_link

            open_referee_link(client, self)
        elif role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]

    def user(self, role):
        """A copy of the user who plays `role`, or None for the anonymous column."""
        return None if role == "anonymous" else copy.deepcopy(getattr(self, role))


def build_world():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import (
        ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule,
    )
    from guardian.shortcuts import assign_perm
    from rest_framework.authtoken.models import Token, TokenProxy

    round = RoundFactory(year=2026)
    unit_a = RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")
    unit_b = RecommendingUnitFactory(name="上海市总工会", kind=UnitKind.PROVINCIAL_UNION, region="31")
    users = {
        "applicant_a": UserFactory(username="applicant_a", display_name="王建国", role=Role.APPLICANT),
        "applicant_b": UserFactory(username="applicant_b", display_name="李秀英", role=Role.APPLICANT),
        "unit_staff_a": UnitStaffFactory(username="unit_a", display_name="张伟", unit=unit_a),
        # An address to mail a password reset link to (the office's send-reset rows).
        "unit_staff_b": UnitStaffFactory(username="unit_b", display_name="刘洋", unit=unit_b, email="unit_staff_b@example.com"),
        "expert": UserFactory(username="expert", display_name="陈静", role=Role.EXPERT),
        "programme_staff": UserFactory(username="office", display_name="赵敏", role=Role.PROGRAMME_STAFF),
        "superuser": UserFactory(username="root", display_name="钱峰", role=Role.PROGRAMME_STAFF, is_superuser=True),
        "inactive": UserFactory(username="former_applicant", display_name="孙丽", role=Role.APPLICANT, is_active=False),
    }
    # The next columns' users come here (see tests.matrix.ROLES).
    application_a = ApplicationFactory(round=round, unit=unit_a, applicant=users["applicant_a"], status=ApplicationStatus.SUBMITTED)
    application_b = ApplicationFactory(round=round, unit=unit_b, applicant=users["applicant_b"], status=ApplicationStatus.SUBMITTED)
    forwarded_a = ApplicationFactory(round=round, unit=unit_a, applicant=users["inactive"], status=ApplicationStatus.FORWARDED)
    # Unit A's quota in the round (unit B has none yet): the quota list and its override.
    quota_a = Quota.objects.create(round=round, unit=unit_a, places=2, computed_places=2)
    consent_a = Consent.objects.create(
        user=users["applicant_a"], purpose=ConsentPurpose.REGISTRATION, policy_version=settings.PRIVACY_POLICY_VERSION, accepted_at=timezone.now()
    )
    notice_a = Notice.objects.create(recipient=users["applicant_a"], kind="test", subject="致申报人A", body="正文")
    notice_b = Notice.objects.create(recipient=users["applicant_b"], kind="test", subject="致申报人B", body="正文")
    # A notice whose mail failed for good, to a user no column lists notices for (the office's failed-notice list).
    failed_notice = Notice.objects.create(
        recipient=users["inactive"], kind="test", subject="发送失败的通知", body="正文", attempts=5, failed_at=timezone.now()
    )
    notice_template, _ = NoticeTemplate.objects.get_or_create(
        kind=NoticeKind.APPLICATION_STATUS, defaults={"subject": "申报状态变更：{status}", "body": "{status}"}
    )
    audit_entry = audit.record(users["unit_staff_a"], "applicants.application.forwarded", forwarded_a, previous="submitted", reason="")
    # The statement and evidence of application A and of the forwarded one (apps/applicants/tests/matrix.py
    # writes the stored files into each cell's MEDIA_ROOT before the request).
    from apps.applicants.tests.world_content import world_content

    content = world_content(round, application_a, forwarded_a, users["applicant_a"], users["inactive"])
    # Application A's referees (one invited, with the known link WORLD_REFEREE_TOKEN; one confirmed) and the forwarded one's.
    from apps.applicants.tests.world_referees import world_referees

    content |= world_referees(application_a, forwarded_a)

    # A ready recommendation form of application A (apps/units/tests/matrix.py writes its file into each cell's MEDIA_ROOT).
    from apps.units.tests.world_forms import world_forms

    content.update(world_forms(application_a, forwarded_a, users["unit_staff_a"]))

    # The expert's review: assigned to application A, and to application B, whose applicant put the
    # expert's name on the avoid list (a derived conflict: the expert never sees B's assignment).
    from apps.reviews.tests.world_reviews import world_reviews

    reviews = world_reviews(round, users["expert"], application_a, application_b)

    # A day of the holiday calendar (the library's rows may have been flushed by a transactional test).
    from apps.publicity.models import CalendarDay, DayKind

    calendar_day, _ = CalendarDay.objects.get_or_create(date=datetime.date(2026, 10, 1), defaults={"kind": DayKind.HOLIDAY, "name": "国庆节"})

    # A cultivation (the talent pool, the admin's read-only page). On `forwarded_a` itself: another round or
    # application would show in the rows' lists; the pages only need a record to open.
    from apps.cultivation.models import Cultivation

    cultivation = Cultivation.objects.create(
        application=forwarded_a, round=round, started_on=datetime.date(2026, 7, 1), ends_on=datetime.date(2028, 7, 1)
    )

    # One object of each third-party model the admin registers.
    attempt = {"user_agent": "test", "ip_address": "203.0.113.9", "username": "applicant_a", "http_accept": "*/*", "path_info": "/accounts/login/"}
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    group = Group.objects.create(name="测试组")
    admin_objects = {
        "group": group,
        # One object permission of each kind (nothing reads them: access follows the domain's relations).
        "user_object_permission": assign_perm("units.view_recommendingunit", users["applicant_b"], unit_b),
        "group_object_permission": assign_perm("units.view_recommendingunit", group, unit_b),
        "token": TokenProxy.objects.get(key=Token.objects.create(user=users["applicant_b"]).key),
        "access_attempt": AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1),
        "access_log": AccessLog.objects.create(**attempt),
        "access_failure_log": AccessFailureLog.objects.create(**attempt),
        "interval_schedule": every_minute,
        "crontab_schedule": CrontabSchedule.objects.create(minute="0", hour="3"),
        "solar_schedule": SolarSchedule.objects.create(event="sunrise", latitude=39.9, longitude=116.4),
        "clocked_schedule": ClockedSchedule.objects.create(clocked_time=timezone.now()),
        "periodic_task": PeriodicTask.objects.create(name="测试任务", task="apps.notices.tasks.reconcile_notices", interval=every_minute),
    }
    return World(
        sessions={role: signed_in_session(user) for role, user in users.items()},
        **users, round=round, unit_a=unit_a, unit_b=unit_b, application_a=application_a,
        application_b=application_b, forwarded_a=forwarded_a, quota_a=quota_a, consent_a=consent_a, notice_a=notice_a,
        notice_b=notice_b, audit_entry=audit_entry, calendar_day=calendar_day, cultivation=cultivation, failed_notice=failed_notice, notice_template=notice_template,
        **admin_objects, **content, **reviews,
    )


FINGERPRINTED = (
    "accounts.User", "rounds.Round", "rounds.Indicator", "rounds.Quota", "rounds.QuotaFactors", "units.RecommendingUnit", "units.RecommendationForm", "applicants.Application",
    "applicants.StatementAnswer", "applicants.EvidenceFile", "applicants.ApplicationSnapshot", "applicants.Consent", "applicants.Registration", "applicants.Referee",
    "notices.Notice", "notices.NoticeTemplate", "reviews.ExpertProfile", "reviews.Panel", "reviews.Assignment",
    "reviews.AvoidEntry", "reviews.ScoreSheet", "reviews.Score", "publicity.CalendarDay", "publicity.Publicity", "publicity.Objection", "cultivation.Cultivation", "reviews.Meeting", "reviews.ProposedEntry", "reviews.ConflictDeclaration", "reviews.DrawRecord",
    "core.AuditEntry", "core.AuditChainHead", "auth.Group", "authtoken.Token", "sessions.Session",
)


@functools.cache
def _fingerprint_queries(vendor):
    """The SELECT of every fingerprinted table, compiled once (a cell runs them all before it starts)."""
    queries = []
    for label in FINGERPRINTED:
        queryset = apps.get_model(label).objects.order_by("pk").values_list()
        queries.append(queryset.query.get_compiler(using=DEFAULT_DB_ALIAS).as_sql())
    return tuple(queries)


def signed_in_session(user):
    """The key of a stored session signed in as `user`, as `login()` leaves it.

    Built once with the world: a cell sets the cookie instead of logging in (which writes a
    session, an access log row and `last_login` every time).
    """
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def fingerprint():
    """A digest of every row of the tables a cell can change, sessions included."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for sql, params in _fingerprint_queries(connection.vendor):
            cursor.execute(sql, params)
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def open_world(django_db_blocker):
    """Build the world in a transaction left open; returns (world, fingerprint, close)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        # As Django's TestCase marks its own: a durable block inside a cell stays allowed.
        outer._from_testcase = True
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                world = build_world()
            built = fingerprint()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise

    def close():
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return world, built, close
