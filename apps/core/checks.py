"""Deploy checks: `manage.py check --deploy` warns while development keys are in use."""
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_personal_data_keys(app_configs, **kwargs):
    problems = []
    if settings.DEV_PII_ENCRYPTION_KEY in settings.PII_ENCRYPTION_KEYS:
        problems.append(Warning("PII_ENCRYPTION_KEYS uses the development key.", hint="Set PII_ENCRYPTION_KEYS from a secret store.", id="core.W001"))
    if settings.PII_HASH_KEY == settings.DEV_PII_HASH_KEY:
        problems.append(Warning("PII_HASH_KEY uses the development key.", hint="Set PII_HASH_KEY from a secret store.", id="core.W002"))
    if not settings.REDIS_URL:
        problems.append(Warning("REDIS_URL is not set: Celery tasks run inside web requests.", id="core.W003"))
    return problems
