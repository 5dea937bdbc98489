"""Fixtures shared by every app's tests: one round, two units and a user of every role.

Unit A's staff, applicant A and application A belong together; B's are the "someone else" of
permission tests.
"""
import pytest
from django.core.signals import setting_changed
from django.dispatch import receiver
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.rounds.tests.factories import QuotaFactory, RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

pytest_plugins = ["tests.querycount", "tests.workers"]


def pytest_configure(config):
    # Test databases are emptied with TRUNCATE between transactional tests; the audit tables'
    # guard lets that through only where this is set (apps/core/migrations/0004), never by name.
    from django.conf import settings

    settings.AUDIT_ALLOW_TRUNCATE = True

# The API throttles' rates during tests: high enough that no test meets them, since every test
# client calls from 127.0.0.1 and parallel workers may share one Redis cache. Throttle tests set
# their own rates (apps/accounts/tests/test_api_throttle.py).
TEST_THROTTLE_RATES = {"anon": "100000/min", "user": "100000/min"}


@receiver(setting_changed)
def _throttles_follow_rest_framework_settings(*, setting, **kwargs):
    # DRF reloads api_settings when REST_FRAMEWORK changes, but SimpleRateThrottle copied
    # DEFAULT_THROTTLE_RATES into a class attribute at import: without this, an override of the
    # rates would not reach the throttles.
    if setting == "REST_FRAMEWORK":
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": TEST_THROTTLE_RATES}
    # Likewise the HTML pages' throttles (apps.core.throttling); their own tests set low rates.
    settings.PAGE_THROTTLE_RATES = {scope: "100000/min" for scope in settings.PAGE_THROTTLE_RATES}


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process even when REDIS_URL points the app at a real broker."""
    from craftsman_portal.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def round(db):
    return RoundFactory(year=2026)


@pytest.fixture
def unit_a(db):
    return RecommendingUnitFactory(name="北京市总工会", kind=UnitKind.PROVINCIAL_UNION, region="11")


@pytest.fixture
def unit_b(db):
    return RecommendingUnitFactory(name="上海市总工会", kind=UnitKind.PROVINCIAL_UNION, region="31")


@pytest.fixture
def applicant_a(db):
    return UserFactory(username="applicant_a", display_name="王建国", role=Role.APPLICANT)


@pytest.fixture
def applicant_b(db):
    return UserFactory(username="applicant_b", display_name="李秀英", role=Role.APPLICANT)


@pytest.fixture
def unit_staff_a(unit_a):
    return UnitStaffFactory(username="unit_a", display_name="张伟", unit=unit_a)


@pytest.fixture
def unit_staff_b(unit_b):
    return UnitStaffFactory(username="unit_b", display_name="刘洋", unit=unit_b)


@pytest.fixture
def expert(db):
    return UserFactory(username="expert", display_name="陈静", role=Role.EXPERT)


@pytest.fixture
def programme_staff(db):
    return UserFactory(username="office", display_name="赵敏", role=Role.PROGRAMME_STAFF)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", role=Role.PROGRAMME_STAFF, is_superuser=True)


@pytest.fixture
def application_a(round, unit_a, applicant_a, quota_a):
    """Applicant A's submitted application in unit A, whose quota (`quota_a`) leaves room to forward it."""
    return ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.SUBMITTED)


@pytest.fixture
def quota_a(round, unit_a):
    """Unit A's quota in the round, 2 places, as in the permission matrix's world (unit B has none)."""
    return QuotaFactory(round=round, unit=unit_a, places=2)


@pytest.fixture
def application_b(round, unit_b, applicant_b):
    return ApplicationFactory(round=round, unit=unit_b, applicant=applicant_b, status=ApplicationStatus.SUBMITTED)
