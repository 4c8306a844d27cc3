"""Carers Hub settings: one module, driven by the environment (see README "Configuration").

Production is the default. DEBUG=true (local development) or CARERSHUB_DEMO=true (demonstration data,
`make run`) relax only what their names say; everything else stays as it would be for a council.
"""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from carershub.config.env import env_bool, env_int, env_list, env_secret, env_str

# Lets admin and querysets be written with type parameters (ModelAdmin[Model]) at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "carershub"

DEBUG = env_bool("DEBUG")
# Demo mode shows a "demonstration data" banner and lets the seeded demo accounts sign in without MFA.
DEMO_MODE = env_bool("CARERSHUB_DEMO")
IS_PRODUCTION = not (DEBUG or DEMO_MODE)

# A fixed key for local development and demonstrations only; production refuses to start without a real one.
_LOCAL_ONLY_SECRET_KEY = "local-only-carershub-key-not-for-production-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY") if IS_PRODUCTION else env_str("SECRET_KEY", _LOCAL_ONLY_SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost"])
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. List the host names this service answers to, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "carershub.core",
    "carershub.organisations",
    "carershub.accounts",
    "carershub.people",
    "carershub.referrals",
    "carershub.identification",
    "carershub.assessments",
    "carershub.emergency_response",
    "carershub.commissioning",
    "carershub.procurement",
    "carershub.support_plans",
    "carershub.support",
    "carershub.grants",
    "carershub.directory",
    "carershub.caseloads",
    "carershub.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "carershub.core.middleware.RequestIdMiddleware",
    "carershub.core.middleware.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "carershub.accounts.sessions.IdleSessionMiddleware",
    "carershub.accounts.middleware.RequireMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "carershub.config.urls"
WSGI_APPLICATION = "carershub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "carershub.core.context_processors.service",
                "carershub.accounts.context_processors.session_timeout",
            ],
            "builtins": ["carershub.core.templatetags.govuk"],
        },
    },
]
FORM_RENDERER = "carershub.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_SERVER_SIDE_BINDING", default=True
):
    # Parameters bound by the server let psycopg prepare a statement a connection sends often (its fifth time), and
    # PostgreSQL then plans it once rather than on every request: a list page's visibility subqueries took longer
    # to plan than to run. Needs a persistent connection (DATABASE_CONN_MAX_AGE) to pay off; set it false behind a
    # transaction-pooling PgBouncer older than 1.21, which cannot keep prepared statements.
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": env_int("DATABASE_PREPARE_THRESHOLD", default=5),
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, except that emptying the whole database lifts the audit log's DELETE trigger (core.sqlite).
    DATABASES["default"]["ENGINE"] = "carershub.core.sqlite"
    # SQLite has one writer at a time. A transaction that starts by reading and then writes (select_for_update is a
    # no-op there) fails at once with "database is locked" when another writer got in first; BEGIN IMMEDIATE takes
    # the write lock when the transaction starts, so a second responder waits (up to `timeout` seconds) instead.
    # WAL lets pages that only read carry on while someone writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Login throttling counts live in the cache, so it must be shared by every worker process.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "carershub_cache"}
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["carershub.accounts.backends.StaffAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: staff accounts are created by administrators; nobody signs themselves up.
ACCOUNT_ADAPTER = "carershub.accounts.adapters.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_FORMS = {"login": "carershub.accounts.forms.StaffLoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one account in five minutes locks that account's sign-in for the rest of
    # the window; twenty from one address in a minute blocks the address (credential stuffing).
    "login_failed": "20/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_ADAPTER = "carershub.accounts.adapters.StaffMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Carers Hub"
# Accept the code either side of the current one: a code typed as its 30-second window closes, or on a phone whose
# clock has drifted a little, is still the right code (RFC 6238 s.5.2 recommends allowing one step).
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10

# Sessions end after a period without activity (NHS DSPT: lock idle sessions), and when the browser closes.
# IdleSessionMiddleware pushes expiry forward while the session is in use (at most once a minute).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# How the public reaches the carers' support service: every confirmation page of a public form gives these. The demo
# uses Ofcom's numbers for drama (0117 496 0xxx) and an example.org address; a deployment sets its own.
CARERSHUB_SERVICE_CONTACT = {
    "phone": env_str("SERVICE_CONTACT_PHONE", "0117 496 0123" if DEMO_MODE else ""),
    "email": env_str("SERVICE_CONTACT_EMAIL", "carers-support@example.org" if DEMO_MODE else ""),
    "hours": env_str("SERVICE_CONTACT_HOURS", "Monday to Friday, 9am to 5pm" if DEMO_MODE else ""),
}
# Pages warn this long before the idle sign-out and offer to stay signed in (WCAG 2.2.1; accounts.sessions).
SESSION_TIMEOUT_WARNING_SECONDS = env_int("SESSION_TIMEOUT_WARNING_SECONDS", default=120)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Transport and browser security. These are on by default; a deployment behind a TLS-terminating proxy sets
# SECURE_PROXY_SSL_HEADER_ENABLED so Django can tell the original request was HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=IS_PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=IS_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=IS_PRODUCTION)
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind proxies, the client's address is in X-Forwarded-For: say how many proxies to trust, or every rate limit
# (sign-in throttling, public forms, the rules APIs, self-assessment links) would count all visitors as one.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "carershub.core.views.csrf_failure"

# Content Security Policy: scripts only from us or carrying this response's nonce; no inline styles at all.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # data: is for the TOTP QR code, which allauth renders as an inline SVG image.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic fills STATIC_ROOT for production; demo and development serve straight from the source folders.
STATIC_ROOT = BASE_DIR / "staticfiles" if IS_PRODUCTION else None
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=IS_PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

MAILERS = {
    "default": {
        "BACKEND": (
            "django.core.mail.backends.console.EmailBackend"
            if not IS_PRODUCTION
            else env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
        )
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "carers-hub@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"}},
    "filters": {"request_id": {"()": "carershub.core.middleware.RequestIdLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each step of laying out a PDF at INFO (and its own stylesheets at start-up): only its warnings.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Service navigation: (label, URL name, roles that see it; empty means every signed-in member of staff).
# Each domain app adds its entries here when it lands.
CARERSHUB_NAVIGATION: list[tuple[str, str, tuple[str, ...]]] = [
    ("Home", "core:home", ()),
    ("Referrals", "referrals:inbox", ("practitioner", "manager")),
    ("Find a person", "people:search", ("practitioner", "manager")),
    ("Assessments", "assessments:list", ("practitioner", "manager")),
    ("Contingency plans", "emergency_response:plans", ("practitioner", "manager")),
    ("Support plans", "support_plans:list", ("practitioner", "manager")),
    ("Emergency card lookup", "emergency_response:lookup", ("emergency_responder",)),
    ("Commissioning", "commissioning:home", ("commissioner", "manager")),
    ("Identification partners", "identification:partners", ("practitioner", "manager", "commissioner")),
    ("Organisations", "organisations:list", ("administrator", "commissioner")),
    ("Buying care", "procurement:home", ("commissioner", "supplier")),
    ("Everyday support", "support:home", ("practitioner", "manager")),
    ("Directory entries", "directory:entries", ("manager", "administrator")),
]
# A caseworker's own list comes straight after Home.
CARERSHUB_NAVIGATION.insert(1, ("My work", "caseloads:my_work", ("practitioner", "manager")))

# Demo seeders run in order by `manage.py seed_demo`; each domain app appends its own.
CARERSHUB_DEMO_SEEDERS = [
    "carershub.organisations.demo.seed",
    "carershub.identification.demo.seed",
    "carershub.accounts.demo.seed",
    "carershub.referrals.demo.seed_routing_rules",
    "carershub.referrals.demo.seed",
    "carershub.assessments.demo.seed",
    "carershub.emergency_response.demo.seed",
    "carershub.caseloads.demo.seed",
    "carershub.commissioning.demo.contracts.seed",
    "carershub.commissioning.demo.monitoring.seed",
    "carershub.procurement.demo.seed",
    "carershub.support_plans.demo.seed",
    "carershub.support.demo.seed",
    "carershub.grants.demo.seed",
    "carershub.support.demo.seed_kpi_targets",
    "carershub.directory.demo.seed",
]

# Background work (review reminders, Notify messages) runs through Django's task framework. Production keeps tasks in
# the database and runs them with `manage.py db_worker`; local development and the demo (one `make run`, no worker)
# run them at once, as the test suite does.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "CARERSHUB_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend" if IS_PRODUCTION else "django.tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# Fernet keys (comma-separated, newest first) for fields encrypted at rest: key safe details, Notify API keys.
# Listing an old key after a new one lets stored values be read while they are re-encrypted (key rotation).
_LOCAL_ONLY_ENCRYPTION_KEY = "bG9jYWwtb25seS1jYXJlcnNodWIta2V5LTAxMjM0NTY="  # not for production: see below
CARERSHUB_ENCRYPTION_KEYS = (
    env_list("CARERSHUB_ENCRYPTION_KEYS", default=[])
    if IS_PRODUCTION
    else env_list("CARERSHUB_ENCRYPTION_KEYS", default=[_LOCAL_ONLY_ENCRYPTION_KEY])
)
if IS_PRODUCTION and not CARERSHUB_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "CARERSHUB_ENCRYPTION_KEYS is not set. Generate one with: "
        "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
    )
for _key in CARERSHUB_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "CARERSHUB_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe base64-encoded bytes)."
        ) from None

# The wording of the MACA-YC18 and PANOC-YC20 questionnaires is copyright (Joseph, Becker and Becker 2009) and is not
# in this repository: a deployment with permission points this at its licensed JSON file. The default file holds
# neutral placeholder text for development and the demo (see carershub/assessments/instruments.py).
CARERSHUB_QUESTIONNAIRE_TEXT_FILE = env_str(
    "CARERSHUB_QUESTIONNAIRE_TEXT_FILE", str(PACKAGE_DIR / "assessments" / "questionnaires" / "placeholder.json")
)

# The public rules API (/api/v1/rules/) answers this many requests a minute from one address.
CARERSHUB_RULES_API_REQUESTS_PER_MINUTE = env_int("CARERSHUB_RULES_API_REQUESTS_PER_MINUTE", default=300)
# Each organisation's API key answers this many requests a minute (organisations.api.ApiKeyRateLimit).
CARERSHUB_API_KEY_REQUESTS_PER_MINUTE = env_int("CARERSHUB_API_KEY_REQUESTS_PER_MINUTE", default=600)

# Commissioning dashboards show live KPI figures at most this many seconds old (a county contract's counts take about
# a second to compute); monitoring returns are always generated afresh. 0 computes every view afresh.
CARERSHUB_KPI_CACHE_SECONDS = env_int("CARERSHUB_KPI_CACHE_SECONDS", default=300)

# Assessment timeliness. Neither the Care Act 2014 s.10 nor the Care and Support (Assessment) Regulations 2014 set a
# deadline for an assessment; the council sets its own target.
# Reviews: light-touch 6 to 8 weeks after support starts, then at least yearly (Care Act statutory guidance ch.13).
# Young carers caring for an adult: a s.63 transition assessment is considered from this age (a prompt, not a rule).
CARERSHUB_ASSESSMENT_TARGET_DAYS = env_int("CARERSHUB_ASSESSMENT_TARGET_DAYS", default=28)
CARERSHUB_LIGHT_TOUCH_REVIEW_WEEKS = env_int("CARERSHUB_LIGHT_TOUCH_REVIEW_WEEKS", default=7)
CARERSHUB_REVIEW_REMINDER_DAYS = env_int("CARERSHUB_REVIEW_REMINDER_DAYS", default=14)
# How long before a contingency plan's review date the practitioners working with the carer are reminded.
CARERSHUB_PLAN_REVIEW_REMINDER_DAYS = env_int("CARERSHUB_PLAN_REVIEW_REMINDER_DAYS", default=30)
CARERSHUB_TRANSITION_PROMPT_AGE = env_int("CARERSHUB_TRANSITION_PROMPT_AGE", default=17)

# GOV.UK Notify's API. Each area's own API key and templates are stored (encrypted) in the emergency response
# settings; only the address is global, so tests and a local double can point it elsewhere.
CARERSHUB_NOTIFY_BASE_URL = env_str("CARERSHUB_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")

# Support plans: a personal budget (Care Act 2014 s.26) above this many pounds needs a second person's approval.
CARERSHUB_PERSONAL_BUDGET_APPROVAL_THRESHOLD = env_int("CARERSHUB_PERSONAL_BUDGET_APPROVAL_THRESHOLD", default=1000)

# Service directory (Open Referral UK). Editors are reminded to check an entry this many months after it was last
# checked ("assured"); the public API pages hold at most this many services.
CARERSHUB_DIRECTORY_ASSURANCE_MONTHS = env_int("CARERSHUB_DIRECTORY_ASSURANCE_MONTHS", default=6)
CARERSHUB_DIRECTORY_MAX_PER_PAGE = env_int("CARERSHUB_DIRECTORY_MAX_PER_PAGE", default=100)
CARERSHUB_PROCUREMENT_RATING_RECHECK_MONTHS = env_int("CARERSHUB_PROCUREMENT_RATING_RECHECK_MONTHS", default=12)
