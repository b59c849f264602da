"""Settings shared by every environment; the only module that reads the environment."""

import re
import urllib.parse
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "portal",
    # Before django_tasks_db: its db_worker command tells the apps it starts.
    "core",
    "home",
    "agencies",
    "events",
    "registrations",
    "search",
    "announcements",
    "api",
    # Serves the API docs page's Swagger UI from this host's static files.
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    # wagtail-localize: the translation editor, sync of untranslatable fields,
    # per-field status; its locales app replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "channels",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for visitors without a session, before sessions, locale,
    # authentication and Wagtail's routing run (portal/cache.py). After
    # WhiteNoise: static files need no cache lookup.
    "portal.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Wagtail's site and page lookups from the caches (portal/page_routes.py).
    "portal.page_routes.PageRouteCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.QueryParameterMiddleware",
    "portal.middleware.RequestBodySizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "agencies.middleware.AdminLanguageMiddleware",
    "agencies.middleware.AdminRequiresMFAMiddleware",
    "agencies.middleware.AgencyPageRefusalMiddleware",
    "agencies.admin_scope.AdminObjectScopeMiddleware",
    # /api/v1/: anonymous answers cached, token calls logged (api/middleware.py).
    "api.middleware.ApiMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file by default, anything else through DATABASE_URL.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Under ASGI every request writes from its own thread and connection. A
    # deferred transaction that read first cannot take the write lock once another
    # writer went ahead ("database is locked" at once, whatever the timeout):
    # IMMEDIATE takes it at BEGIN, so writing transactions queue (up to the busy
    # timeout) and run one after another; WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=30),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
# PostgreSQL: a connection pool per process (psycopg_pool through Django's "pool"
# option). Under ASGI each request runs its sync code in a new thread, so without
# a pool every request opened a new PostgreSQL session (about 2 ms here, and 10 ms
# of the server's CPU) and persistent connections (CONN_MAX_AGE > 0) piled up, one
# per dead thread, until PostgreSQL refused clients. With the pool a request
# borrows a connection and gives it back when it ends; CONN_MAX_AGE must stay 0
# (Django refuses it otherwise). Size it so that processes × DATABASE_POOL_MAX_SIZE
# (plus the task workers) stays under PostgreSQL's max_connections.
# DATABASE_POOL=False goes back to one connection per request.
DATABASE_POOL = env.bool("DATABASE_POOL", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASE_POOL:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            "pool": {
                "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
                "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
                # Seconds a request waits for a free connection before failing.
                "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10),
            },
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis carries the channel layer and the cache when REDIS_URL is set; without it
# both stay in this process (one ASGI process only). The pub/sub layer keeps no
# Redis queue per connection (RedisChannelLayer polls one per socket: at 1,000
# sockets in bench/ws_fanout.py it timed out and lost frames); it keeps nothing for
# a closed connection, and clients backfill with `since` instead. Pub/sub channels
# are shared by the whole Redis server, whatever the database number: sites
# sharing one Redis need different prefixes. CHANNELS_PREFIX names it; by default
# it is made of the Redis database number and the database name, which every
# process of one deployment shares and two deployments on one Redis do not.
REDIS_URL = env.str("REDIS_URL", default="")


def channels_prefix(redis_url: str, database_name: str) -> str:
    address = urllib.parse.urlsplit(redis_url)
    redis_db = urllib.parse.parse_qs(address.query).get("db", [""])[0]
    redis_db = redis_db or address.path.strip("/") or "0"
    # A SQLite database is a file: its name without folder or extension.
    database = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(str(database_name)).stem)
    return f"portal-{redis_db}-{database}"[:60]


CHANNELS_PREFIX = env.str(
    "CHANNELS_PREFIX",
    default=channels_prefix(REDIS_URL, DATABASES["default"]["NAME"]),
)
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": CHANNELS_PREFIX},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Open announcement sockets hear the newest cursor this often, so a page that
# missed a broadcast (Redis was away when it went out) notices and backfills. The
# in-memory layer cannot carry what the task worker (another process) publishes
# (scheduled announcements, personal notices): there the beat is what delivers it.
ANNOUNCEMENTS_HEARTBEAT_SECONDS = env.float(
    "ANNOUNCEMENTS_HEARTBEAT_SECONDS", default=25.0 if REDIS_URL else 10.0
)
# The cache follows REDIS_URL unless CACHE_URL names another Redis. While Redis is
# away pages render without it (portal.redis_cache logs the error, never raises
# it), and a dead host costs at most the short timeouts below.
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "portal",
            "RETRY_SECONDS": 5,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database, never in the cache: a Redis outage must not sign
# everyone out or refuse sign-ins.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Work outside the request (django-tasks): e-mail, live notices, scheduled
# announcements, Wagtail's indexing. The database backend writes each task as a row
# in the transaction that causes it (core.effects), so a crash after commit loses
# nothing; `manage.py db_worker` runs them (one beside daphne in `make run`, N in
# production). "immediate" runs them in the process, as the tests do.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASK_BACKENDS = {
    "database": "django_tasks_db.backend.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# Seconds before each new attempt of a failed effect (core.effects.run_effect).
EFFECT_RETRY_DELAYS = env.list(
    "EFFECT_RETRY_DELAYS", cast=float, default=[30, 120, 600, 3600]
)

# The Ed25519 key that signs certificates as verifiable credentials (PEM, or the
# base64 of the 32-byte seed); see registrations.credentials. Development
# generates one into var/ once; production must set it and keep it.
CREDENTIALS_SIGNING_KEY = env.str("CREDENTIALS_SIGNING_KEY", default="")

ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# E-mail: console by default; EMAIL_URL (smtp://user:pass@host:port) or EMAIL_HOST.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
elif env.str("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (django-allauth): sign-in by e-mail only, verified before use.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
WAGTAILADMIN_LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Subjects carry no prefix: the sender shows the portal's name (core.mail.sender).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# No page tells a stranger whether an address has an account: sign-up with a taken
# address and password reset for an unknown one answer as for any other, and the
# clear message ("an account already exists", "no account uses this address") goes
# by e-mail to that address only. The rate limits below bound mail floods.
ACCOUNT_PREVENT_ENUMERATION = True
# Same cost for a taken and a new address; e-mails leave through the task worker;
# rate limits per client address.
ACCOUNT_ADAPTER = "agencies.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
}
# Rate limits count per client address (core.client_address). Behind a reverse
# proxy every request comes from the proxy's address: name the proxies here (IPs or
# CIDR networks, comma-separated) and the client is read from X-Forwarded-For, the
# rightmost hop that is not a trusted proxy. Empty: REMOTE_ADDR, the header ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Passwords of restricted pages and document collections (portal.views): per client
# address, and per restriction from everyone together.
VIEW_RESTRICTION_RATE_LIMITS = "10/m/ip,30/10m/ip,100/h/key"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Portal de Coordinación")
# Members with editing rights must enrol in two-factor authentication before the
# admin opens (agencies.middleware); dev settings may switch it off.
ADMIN_REQUIRES_MFA = env.bool("ADMIN_REQUIRES_MFA", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Spanish first (the portal's home audience), English second.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# wagtail-localize: a page submitted for translation gets a draft in the other
# language, published from the translation editor once translated (by default
# it would go live at once, still in the original's language).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation as a starting point in wagtail-localize's editor: off unless
# a translator class is named (e.g. wagtail_localize.machine_translators.deepl.
# DeepLTranslator, with MACHINE_TRANSLATOR_OPTIONS='{"AUTH_KEY": "..."}'). Readers
# see machine-translated text marked as not reviewed until an editor revises it.
MACHINE_TRANSLATOR_CLASS = env.str("MACHINE_TRANSLATOR_CLASS", default="")
if MACHINE_TRANSLATOR_CLASS:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": MACHINE_TRANSLATOR_CLASS,
        "OPTIONS": env.json("MACHINE_TRANSLATOR_OPTIONS", default={}),
    }
# locale_overrides: Spanish for strings Wagtail and wagtail-localize ship untranslated.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "America/Panama"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Documents live outside MEDIA_ROOT, in a folder no URL serves (portal.storage):
# only Wagtail's /documents/ view, which applies collection privacy, delivers them.
PRIVATE_MEDIA_ROOT = Path(
    env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media"))
)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
STORAGES = {
    "default": {"BACKEND": "portal.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies, set on purpose: a form without files holds at most 2.5 MB (a long
# page's StreamField in the admin stays far below); files come as multipart
# uploads, which Django spools to disk past 2.5 MB, and no request may exceed the
# largest upload (WAGTAILDOCS_MAX_UPLOAD_SIZE, 20 MB) plus room for its form
# (portal.middleware.RequestBodySizeMiddleware answers 413). The reverse proxy must
# refuse bigger bodies before the ASGI server buffers them (README:
# client_max_body_size 25m).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
REQUEST_BODY_MAX_SIZE = 25 * 1024 * 1024

WAGTAIL_SITE_NAME = "Portal de Coordinación"
# The portal's name in the reader's language: e-mails' sender and greeting
# (core.mail), never the host a request came from.
PORTAL_NAME = _("Coordination Portal")
# The page e-mails' footers link to: the person's account and personal data.
PORTAL_ACCOUNT_URL_NAME = "accounts:profile"
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
# Uploads: documents from an allow-list, each checked by its content (portal.uploads);
# images only in raster formats Willow opens (no SVG), sized and re-encoded for display.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "md", "xlsx", "csv"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.uploads.DocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILEMBEDS_FINDERS = []
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request may leave for another host
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Security headers that hold everywhere; production.py adds the HTTPS-only ones.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The Wagtail admin still relies on inline styles and a few inline scripts.
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
# Calls one API token may make per window (seconds), counted in the shared cache.
API_TOKEN_RATE_LIMIT = (
    env.int("API_TOKEN_RATE_LIMIT", default=120),
    env.int("API_TOKEN_RATE_WINDOW", default=60),
)
# Webhook addresses must be https:// unless this is set (local development).
WEBHOOKS_ALLOW_PLAIN_HTTP = env.bool("WEBHOOKS_ALLOW_PLAIN_HTTP", default=False)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Wagtail logs every page action and background task at INFO.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}
