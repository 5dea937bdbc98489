"""Deploy checks: `manage.py check --deploy` warns while development keys are in use."""
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_personal_data_and_audit_keys(app_configs, **kwargs):
    problems = []
    if not settings.PII_ENCRYPTION_KEYS or not all(_is_fernet_key(key) for key in settings.PII_ENCRYPTION_KEYS):
        problems.append(Warning("PII_ENCRYPTION_KEYS must list one or more Fernet keys.", hint="Generate one with cryptography.fernet.Fernet.generate_key().", id="core.W004"))
    if len(settings.PII_HASH_KEY) < 32:
        problems.append(Warning("PII_HASH_KEY is shorter than 32 characters.", id="core.W005"))
    if settings.DEV_PII_ENCRYPTION_KEY in settings.PII_ENCRYPTION_KEYS:
        problems.append(Warning("PII_ENCRYPTION_KEYS uses the development key.", hint="Set PII_ENCRYPTION_KEYS from a secret store.", id="core.W001"))
    if settings.PII_HASH_KEY == settings.DEV_PII_HASH_KEY:
        problems.append(Warning("PII_HASH_KEY uses the development key.", hint="Set PII_HASH_KEY from a secret store.", id="core.W002"))
    if settings.AUDIT_HMAC_KEY == settings.DEV_AUDIT_HMAC_KEY:
        problems.append(Warning("AUDIT_HMAC_KEY uses the development key.", hint="Set AUDIT_HMAC_KEY from a secret store, never from the database.", id="core.W006"))
    elif len(settings.AUDIT_HMAC_KEY) < 32:
        problems.append(Warning("AUDIT_HMAC_KEY is shorter than 32 characters.", id="core.W007"))
    if not settings.REDIS_URL:
        problems.append(Warning("REDIS_URL is not set: Celery tasks run inside web requests.", id="core.W003"))
    return problems


def _is_fernet_key(key):
    from cryptography.fernet import Fernet

    try:
        Fernet(key)
    except (ValueError, TypeError):
        return False
    return True
