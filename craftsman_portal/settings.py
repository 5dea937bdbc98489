"""Settings of the craftsman portal: one module, read from the environment.

Development defaults need no servers (SQLite, eager Celery tasks, console email).
Production sets the variables listed in README.md.
"""
from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Development-only fallbacks. A deploy check (apps.core.checks) warns when they are used.
DEV_SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production"
DEV_PII_ENCRYPTION_KEY = "ZGV2LW9ubHktcGlpLWtleS1kby1ub3QtdXNlLTEyMzQ="
DEV_PII_HASH_KEY = "dev-only-pii-hash-key-do-not-use-in-production"
DEV_AUDIT_HMAC_KEY = "dev-only-audit-hmac-key-do-not-use-in-production"

SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Personal data (resident ID numbers, phones): Fernet keys, newest first, so keys can rotate.
PII_ENCRYPTION_KEYS = env.list("PII_ENCRYPTION_KEYS", default=[DEV_PII_ENCRYPTION_KEY])
PII_HASH_KEY = env.str("PII_HASH_KEY", default=DEV_PII_HASH_KEY)

# The audit trail (apps.core.audit): entry hashes are HMACs with this key, which never enters the
# database; the signed chain head is appended to AUDIT_ANCHOR_PATH, a file kept outside it.
AUDIT_HMAC_KEY = env.str("AUDIT_HMAC_KEY", default=DEV_AUDIT_HMAC_KEY)
AUDIT_ANCHOR_PATH = Path(env.str("AUDIT_ANCHOR_PATH", default=str(BASE_DIR / "var" / "audit-anchors.jsonl")))
# Lets the owner TRUNCATE the audit tables (PostgreSQL). Only the test suite sets it (conftest.py),
# to empty its databases between tests; everywhere else the triggers refuse TRUNCATE.
AUDIT_ALLOW_TRUNCATE = env.bool("AUDIT_ALLOW_TRUNCATE", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "csp",
    "django_celery_beat",
    "apps.core",
    "apps.accounts",
    "apps.units",
    "apps.rounds",
    "apps.applicants",
    "apps.reviews",
    "apps.publicity",
    "apps.cultivation",
    "apps.notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews the 30-minute idle expiry at most once a minute (apps/core/sessions.py), not on every request.
    "apps.core.sessions.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.middleware.RequestContextMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "craftsman_portal.urls"
WSGI_APPLICATION = "craftsman_portal.wsgi.application"
ASGI_APPLICATION = "craftsman_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent audit writers queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "apps.accounts.backends.RolePermissionBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Links in mail (password reset) point here: the address users reach the portal at.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")
# A reset link works once (its token depends on the password hash) and for three days at most.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
# An applicant's email-verification link (self-registration) and a unit's invitation link: signed,
# used once (apps.applicants.registration), valid this long.
REGISTRATION_LINK_TIMEOUT = env.int("REGISTRATION_LINK_TIMEOUT", default=2 * 24 * 3600)
INVITATION_LINK_TIMEOUT = env.int("INVITATION_LINK_TIMEOUT", default=7 * 24 * 3600)
# A referee's one-time link (apps.applicants.referees): a random token stored only as an HMAC, valid this many days.
REFEREE_LINK_DAYS = env.int("REFEREE_LINK_DAYS", default=14)
# The version of the personal-information processing rules (templates/applicants/privacy_policy.html):
# a new text needs a new version, and every applicant consents again at their next application.
PRIVACY_POLICY_VERSION = "2026.1"
# Integrity flags before forwarding (apps/units/integrity.py: what each number means). Flags, not blocks.
INTEGRITY = {
    "shingle_size": env.int("INTEGRITY_SHINGLE_SIZE", default=5),  # characters per shingle, 5..8
    "threshold": env.float("INTEGRITY_THRESHOLD", default=0.4),  # near-duplicate similarity, flagged at or above
    "min_passage": env.int("INTEGRITY_MIN_PASSAGE", default=20),  # shortest shared passage shown, in characters
    "referee_many": env.int("INTEGRITY_REFEREE_MANY", default=3),  # applicants per referee in a round that make a flag
}
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 30 idle minutes: a request renews the 30-minute expiry once the session was last
# renewed a minute ago or more (apps.core.sessions.SessionRenewalMiddleware), not with a write per request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login lockout (apps.accounts.lockout): 5 failures lock the username for 30 minutes; an address is
# stopped only after 50 failures over any usernames, so one person's typos do not lock out the
# colleagues behind the same office address.
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 50
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "apps.accounts.lockout.LoginLockoutHandler"
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
# Public HTML pages throttled per client address (apps.core.throttling; DRF throttles only the API),
# and the reset mail per address asked for, and password changes per user.
PAGE_THROTTLE_RATES = {
    "login": "60/min",
    "password-reset": "20/hour",
    "password-reset-email": "3/hour",
    "password-change": "10/hour",
    "register": "20/hour",
    "register-email": "3/hour",
    "registration-link": "30/hour",
    "invite": "60/hour",
    # A referee's link page (apps.applicants.views_referees) and the applicant's invitations and resends (mail).
    "referee-link": "30/hour",
    "referee-mail": "30/hour",
    # Public objections (apps.publicity.objections): filing per address and per phone, status look-ups per address.
    "objection": "10/hour",
    "objection-phone": "5/day",
    "objection-lookup": "20/hour",
}
# Never reset on success: a success would also clear failures an attacker made from the same
# address (guess four times, log in to one's own account, repeat). A user's own successful login
# clears only the failures against their own username (apps.accounts.signals).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# One rule for the client's address, shared by the login lockout and the audit trail.
AXES_CLIENT_IP_CALLABLE = "apps.core.request_context.client_ip_of"

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = ""  # no public URL: uploads are served only through permission-checking views
FILE_UPLOAD_PERMISSIONS = 0o640
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Redis is optional: without it tasks run eagerly in-process and the cache is local memory.
# Redis is a courier, never the record: a request must not wait on it. Connections give up
# within REDIS_SOCKET_TIMEOUT seconds and are not retried inside a request; the cache treats an
# unreachable Redis as a miss (throttles then let requests through), a task that cannot be
# published stays an unsent row for `reconcile_notices`, and no task keeps a result in Redis.
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
# After a failure, skip Redis for this many seconds instead of paying the timeout on every call.
REDIS_DOWN_BACKOFF = env.float("REDIS_DOWN_BACKOFF", default=5.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "craftsman_portal.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://localhost/"  # a host named, so kombu does not warn that it picked one
    CELERY_TASK_ALWAYS_EAGER = True
# Desk bodies are cached for this many seconds per user, page and data version (apps/core/fragments.py;
# 0 turns it off). The version changes with the data, so this bounds only the memory, never staleness.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)
# Every task is fire-and-forget: its effect is a row, so there is no result backend to wait on.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Publishing happens inside requests: one quick try, no retry loop, short socket timeouts.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 0,
}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Beat copies these into its database schedule at start; staff may add more in the admin.
CELERY_BEAT_SCHEDULE = {
    "reconcile-notices": {"task": "apps.notices.tasks.reconcile_notices", "schedule": 10 * 60, "kwargs": {"minutes": 10}},
    "reconcile-recommendation-forms": {
        "task": "apps.units.tasks.reconcile_recommendation_forms", "schedule": 10 * 60, "kwargs": {"minutes": 10},
    },
    # A tail cut off between two anchors goes unseen: anchor often.
    "anchor-audit": {"task": "apps.core.tasks.anchor_audit", "schedule": 10 * 60},
    # Each reminder is due from an exact instant (7, 3, 1 × 24 h before a deadline): hourly, it arrives within the hour.
    "send-deadline-reminders": {"task": "apps.rounds.tasks.send_deadline_reminders", "schedule": 60 * 60},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep LOGGING's handlers, and their personal-data mask, in workers

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Seconds an SMTP connection or command may take before the attempt counts as failed.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# A notice whose mail failed this many times is marked failed and listed for staff, not re-queued.
NOTICE_MAX_ATTEMPTS = env.int("NOTICE_MAX_ATTEMPTS", default=5)
# Recipients per batch when one task mails a notice to many people.
NOTICE_BATCH_SIZE = env.int("NOTICE_BATCH_SIZE", default=50)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="大国工匠人才培养工程 <noreply@craftsman.example.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS hardening, switched on together in production (HTTPS=true); `check --deploy` is then silent.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy: every script and style comes from our own static files (no CDN, no inline script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # the Django admin sets a few inline styles
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
CSRF_COOKIE_HTTPONLY = False

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Evidence files (apps/applicants/filechecks.py): each file, and all of one application's together.
# A larger upload is a temporary file on disk (FILE_UPLOAD_MAX_MEMORY_SIZE above), never held in memory.
EVIDENCE_MAX_FILE_BYTES = 20 * 1024 * 1024
EVIDENCE_MAX_APPLICATION_BYTES = 200 * 1024 * 1024
# No uploaded file is stored beyond this (apps/core/uploads.py): the rest of its bytes are read and dropped.
FILE_UPLOAD_MAX_FILE_SIZE = EVIDENCE_MAX_FILE_BYTES
FILE_UPLOAD_HANDLERS = [
    "apps.core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "apps.core.parsers.JSONParser",  # deep nesting and lone surrogates answer 400, not 500
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # the same client address as the lockout and the audit trail
}
SPECTACULAR_SETTINGS = {
    "TITLE": "大国工匠人才培养工程 API",
    "DESCRIPTION": (
        "大国工匠人才培养工程遴选与培育管理平台的接口（第 1 版）。每个接口与网页调用同一业务服务，"
        "按您的角色只返回您有权查看的数据；请先登录，或在请求头中携带令牌（Authorization: Token …）。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.api.document_error_responses",  # 400/401/403/404/429 with the error body
    ],
    # Operation tags are set on each view (extend_schema(tags=[...])); these give their order and descriptions.
    "TAGS": [
        {"name": "账号", "description": "当前登录用户及其接口令牌"},
        {"name": "账号管理", "description": "全总工作人员管理推荐单位工作人员和评审专家的账号"},
        {"name": "遴选年度", "description": "遴选年度及其评价指标；全总工作人员的年度设置、名额分配因素与推荐名额"},
        {"name": "申报", "description": "申报的查询与状态办理"},
        {"name": "通知", "description": "站内通知"},
        {"name": "形式审查", "description": "全总工作人员对推荐人选的形式审查：系统核对结果、通过与不通过"},
        {"name": "专家评审", "description": "评审专家本人的评审任务（仅含无利益冲突的候选人）"},
        {"name": "推荐单位", "description": "推荐单位的审核推荐；推荐报送前的诚信提示（仅作提示，不阻止操作）"},
        {"name": "公示", "description": "培育对象公示与公布（公示名单和公布名单无需登录），全总工作人员发布公示、公布名单"},
        {"name": "公示异议", "description": "实名提出异议和凭受理编号查询（无需登录），全总工作人员办理异议"},
        {"name": "工匠人才库", "description": "全总工作人员查询和导出各年度已公布的培育对象"},
        {"name": "评审会议", "description": "全总工作人员：评分排名、建议名单、专家评审会议、党组审议决定与核验、会议材料导出"},
        {"name": "专家评审组织", "description": "全总工作人员组织专家评审：专家库、专家组、随机抽取、人工调整分配、退回评分表"},
    ],
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "apps.applicants.enums.ApplicationStatus",
        "RoundStatusEnum": "apps.rounds.enums.RoundStatus",
        "RoleEnum": "apps.accounts.roles.Role",
        "OfficeCreatedRoleEnum": "apps.accounts.serializers.OFFICE_CREATED_ROLE_CHOICES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_pii": {"()": "apps.core.log_filters.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_pii"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF (the recommendation form) at INFO: its warnings are enough.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
