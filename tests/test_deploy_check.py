"""`manage.py check --deploy` is silent with production values and speaks up otherwise.

Each case runs the real command in a fresh process, so settings are read from the
environment exactly as gunicorn would read them.
"""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent.parent

# Every variable the settings module reads; each case starts without any of them.
SETTINGS_VARIABLES = {
    "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
    "PII_ENCRYPTION_KEYS", "PII_HASH_KEY", "HTTPS", "SECURE_HSTS_SECONDS", "BEHIND_TLS_PROXY",
    "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL", "STATIC_ROOT", "MEDIA_ROOT", "STATICFILES_BACKEND",
    "WHITENOISE_USE_FINDERS", "CONN_MAX_AGE", "LOG_LEVEL", "TRUSTED_PROXY_COUNT", "PORTAL_URL",
    "AUDIT_HMAC_KEY", "AUDIT_ANCHOR_PATH", "AUDIT_ALLOW_TRUNCATE",
}

NO_ISSUES = "System check identified no issues (0 silenced).\n"

DEVELOPMENT_WARNINGS = {
    "core.W001",  # development PII encryption key
    "core.W002",  # development PII hash key
    "core.W003",  # no REDIS_URL: tasks run inside requests
    "core.W006",  # development audit HMAC key
    "security.W004",  # no HSTS
    "security.W008",  # no SSL redirect
    "security.W009",  # the django-insecure- development SECRET_KEY
    "security.W012",  # session cookie not secure
    "security.W016",  # CSRF cookie not secure
}


# settings.py reads BASE_DIR/.env for variables the environment leaves unset.
needs_development_defaults = pytest.mark.skipif(
    (BASE_DIR / ".env").exists(), reason="a local .env file replaces the development defaults"
)


def production_values():
    """What docker-compose.yml's env file holds, with freshly generated secrets."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "craftsman.example.cn",
        "CSRF_TRUSTED_ORIGINS": "https://craftsman.example.cn",
        "HTTPS": "true",
        "BEHIND_TLS_PROXY": "true",
        # Two keys: the newest encrypts, the older one still decrypts during rotation.
        "PII_ENCRYPTION_KEYS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
        "PII_HASH_KEY": secrets.token_urlsafe(32),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
        "AUDIT_ANCHOR_PATH": "/srv/audit-anchors/anchors.jsonl",
        # `check` connects to neither; a closed port makes any accidental connection fail fast.
        "DATABASE_URL": "postgres://portal:portal@127.0.0.1:1/portal",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": "/srv/static",
        "MEDIA_ROOT": "/srv/media",
    }


def run_deploy_check(values):
    # Test-only switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE) are no part of a deployment.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {name: value for name, value in inherited.items() if name not in SETTINGS_VARIABLES}
    environment.update(values, DJANGO_SETTINGS_MODULE="craftsman_portal.settings", PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )


def issue_ids(result):
    return set(re.findall(r"\(([\w.]+\.[EW]\d{3})\)", result.stdout + result.stderr))


def our_issue_ids(result):
    """The portal's and Django's security checks; other apps' issues fail the production case."""
    return {issue for issue in issue_ids(result) if issue.startswith(("core.", "security."))}


def test_check_deploy_is_silent_with_production_values():
    result = run_deploy_check(production_values())

    assert (result.returncode, result.stdout, result.stderr) == (0, NO_ISSUES, ""), result.stderr


@needs_development_defaults
def test_check_deploy_warns_with_development_defaults():
    result = run_deploy_check({})

    assert (result.returncode, our_issue_ids(result)) == (1, DEVELOPMENT_WARNINGS)


@needs_development_defaults
@pytest.mark.parametrize(
    ("left_at_default", "expected"),
    [
        pytest.param({"PII_ENCRYPTION_KEYS"}, {"core.W001"}, id="PII_ENCRYPTION_KEYS"),
        pytest.param({"PII_HASH_KEY"}, {"core.W002"}, id="PII_HASH_KEY"),
        pytest.param({"REDIS_URL"}, {"core.W003"}, id="REDIS_URL"),
        pytest.param({"AUDIT_HMAC_KEY"}, {"core.W006"}, id="AUDIT_HMAC_KEY"),
        pytest.param({"SECRET_KEY"}, {"security.W009"}, id="SECRET_KEY"),
        pytest.param(
            {"HTTPS"}, {"security.W004", "security.W008", "security.W012", "security.W016"}, id="HTTPS"
        ),
    ],
)
def test_check_deploy_names_each_production_value_left_at_its_development_default(left_at_default, expected):
    values = {name: value for name, value in production_values().items() if name not in left_at_default}

    result = run_deploy_check(values)

    assert (result.returncode, our_issue_ids(result)) == (1, expected)


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param({"PII_ENCRYPTION_KEYS": "not-a-fernet-key"}, {"core.W004"}, id="invalid-fernet-key"),
        pytest.param({"PII_HASH_KEY": "short"}, {"core.W005"}, id="short-hash-key"),
        pytest.param({"AUDIT_HMAC_KEY": "short"}, {"core.W007"}, id="short-audit-key"),
    ],
)
def test_check_deploy_refuses_unusable_personal_data_keys(override, expected):
    result = run_deploy_check({**production_values(), **override})

    assert (result.returncode, our_issue_ids(result)) == (1, expected)
