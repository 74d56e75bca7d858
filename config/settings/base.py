"""Settings shared by every environment.

Every deploy-specific value is read from the environment here, in one place; the README lists
each variable with its default. ``dev``, ``test`` and ``production`` only adjust what differs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------------------

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps, in the one direction imports flow: articles <- directory <- search.
    "home",
    "articles",
    "directory",
    "search",
    "portal",
    "demo",  # on top of them all: demo content as data, loaded by load_demo; no feature app imports it
    # The public, read-only API (/api/v1/): on top of search, imported by nothing but the URLs.
    "api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
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
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files
    "corsheaders",
    "django_tasks",
    # The database task queue (its table exists everywhere; only production's worker drains it).
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Therapists' accounts (e-mail login, verification, password reset) and login throttling.
    "allauth",
    "allauth.account",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before sessions, CSRF and authentication: a cached anonymous page skips all of them (home/page_cache.py).
    "home.page_cache.PageCacheMiddleware",
    # Wagtail's pages start from their site and page kept in the cache, not a query a path segment (home/routing.py).
    "home.routing.CachedRoutingMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks; it acts on /api/ only (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: turns a lockout during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
                "home.context_processors.page_cache_vary",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user@127.0.0.1:5432/relieve; default: a SQLite file in var/.

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'relieve.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Axes first: it refuses locked-out clients before any backend checks a password. Editors sign in
# to the admin with a username (ModelBackend); therapists sign in on the site with their e-mail
# address (allauth's backend).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth, accounts only (no social login). E-mail is the login; it must be verified by a
# signed link (HMAC: nothing stored, expires after ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_HMAC = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# One address per account; a new one replaces the old only once it is verified.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Relieve] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
# The generated username is no name to greet anyone by: a person's name or e-mail address instead.
ACCOUNT_USER_DISPLAY = "portal.accounts.user_display"
# Failed logins are throttled by django-axes alone (one rule, one place); allauth keeps its
# limits on sign-ups, password-reset and confirmation e-mails.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
LOGIN_REDIRECT_URL = "portal:dashboard"

# django-axes: lock out the combination of account and client address after LOGIN_FAILURE_LIMIT
# failed logins (env AXES_FAILURE_LIMIT), for AXES_COOLOFF_MINUTES. Never the account alone, nor the
# address alone: anyone could then lock a known account (the superuser's) or a shared address out.
# The account alone is slowed instead (portal.accounts.failure_limit). Behind a reverse proxy set the
# number of proxies (TRUSTED_PROXY_COUNT) so the client's own address (X-Forwarded-For) is counted.
LOGIN_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_FAILURE_LIMIT = "portal.accounts.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "portal.accounts.login_identifier"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "portal.accounts.client_ip"

# --- I18n -----------------------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = env("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor posts many fields for pages with long StreamFields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_URL-style settings kept as plain variables so each is documented on its own.

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Relieve <no-reply@relieve.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
# Wagtail 8 queues search-index updates and image renditions through django-tasks. The
# immediate backend runs them in-process; production may choose the database worker.

# TASKS_BACKEND: the immediate backend runs tasks in-process (the embedded run, tests); production
# defaults to django-tasks-db's database queue, drained by `manage.py db_worker` (see deploy/).
IMMEDIATE_TASKS_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", IMMEDIATE_TASKS_BACKEND)}}

# --- Cache ----------------------------------------------------------------------------------
# REDIS_URL (e.g. redis://127.0.0.1:6379/0): the cache every worker shares, so rate limits, login
# throttling and the search circuit breaker count across processes. Unset: a per-process memory
# cache, correct only for a single process (the embedded `make run`); production.py requires it.

REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "relieve")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": CACHE_KEY_PREFIX}}

# The page cache (home/page_cache.py): anonymous pages, search results and autocomplete answers
# are kept in the cache above for PAGE_CACHE_SECONDS, or until the content they show changes.
# Browsers and a CDN may keep them PAGE_CACHE_MAX_AGE seconds (they cannot see content changes,
# so keep it short, or configure the CDN purge below).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_MAX_AGE = int(env("PAGE_CACHE_MAX_AGE", "60"))
# What a cached answer still has to count (the view does not run): a response names one of these
# (``response.page_cache_on_hit = (name, args)``), called with the args on every hit. Dotted paths,
# so the page cache (home) needs no import of the apps above or beside it.
PAGE_CACHE_HIT_RECORDERS = {"search-log": "search.analytics.record_search"}
# Searches are counted in memory and written to the search report's table at most this often per
# process (a cached search costs no query): the report is at most this many seconds behind.
SEARCH_LOG_FLUSH_SECONDS = float(env("SEARCH_LOG_FLUSH_SECONDS", "10"))

# A CDN in front of the site: Wagtail purges a page's URLs from it when the page is published or
# unpublished (wagtail.contrib.frontend_cache). Off unless FRONTEND_CACHE_BACKEND is set to one of:
# "cloudflare" (CLOUDFLARE_BEARER_TOKEN, CLOUDFLARE_ZONEID), "cloudfront"
# (CLOUDFRONT_DISTRIBUTION_ID), or "http" (FRONTEND_CACHE_PURGE_URL: a Varnish/Fastly-style
# endpoint that accepts PURGE requests).
FRONTEND_CACHE_BACKEND = (env("FRONTEND_CACHE_BACKEND", "") or "").lower()
_FRONTEND_CACHE_BACKENDS = {
    "cloudflare": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONEID"),
    },
    "cloudfront": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    },
    "http": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    },
}
if FRONTEND_CACHE_BACKEND:
    if FRONTEND_CACHE_BACKEND not in _FRONTEND_CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND={FRONTEND_CACHE_BACKEND!r} is not one of: {', '.join(_FRONTEND_CACHE_BACKENDS)}"
        )
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]
    WAGTAILFRONTENDCACHE = {"default": _FRONTEND_CACHE_BACKENDS[FRONTEND_CACHE_BACKEND]()}

# --- Search ---------------------------------------------------------------------------------
# SEARCH_ENGINE unset: the database back end (SQLite FTS5 / PostgreSQL FTS), no services.
# SEARCH_ENGINE=elasticsearch or opensearch, with SEARCH_URL: that engine, for both Wagtail's
# editorial search and the directory search (search/backends/).

SEARCH_ENGINE = (env("SEARCH_ENGINE", "database") or "database").lower()
SEARCH_URL = env("SEARCH_URL", "http://127.0.0.1:9200")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "relieve_")
SEARCH_TIMEOUT = float(env("SEARCH_TIMEOUT", "2"))
# Index updates and rebuilds may wait longer, and retry; a search never retries (it falls back).
SEARCH_INDEXING_TIMEOUT = float(env("SEARCH_INDEXING_TIMEOUT", "30"))
SEARCH_INDEXING_RETRIES = int(env("SEARCH_INDEXING_RETRIES", "2"))
# The circuit breaker (search/backends/engine/breaker.py): after this many failures in a row the
# engine is skipped by every worker for the cool-off, then probed again.
SEARCH_BREAKER_FAILURES = int(env("SEARCH_BREAKER_FAILURES", "3"))
SEARCH_BREAKER_COOL_OFF = float(env("SEARCH_BREAKER_COOL_OFF", "30"))
# A failed index update is retried by the task worker after this many seconds, doubling each time
# (capped at an hour), so the index catches up by itself once the engine is back.
SEARCH_INDEX_RETRY_SECONDS = float(env("SEARCH_INDEX_RETRY_SECONDS", "10"))

# Elasticsearch 8 and 9 servers both take the 8.x client (see requirements.txt), so Wagtail's
# editorial search uses its elasticsearch8 back end for either; OpenSearch 2 and 3 servers both
# take opensearch-py 3 and the opensearch3 back end.
_WAGTAIL_SEARCH_BACKENDS = {
    "database": {"BACKEND": "wagtail.search.backends.database"},
    "elasticsearch": {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": [SEARCH_URL],
        "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
        "TIMEOUT": SEARCH_TIMEOUT,
    },
    "opensearch": {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": [SEARCH_URL],
        "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
        "TIMEOUT": SEARCH_TIMEOUT,
    },
}
if SEARCH_ENGINE not in _WAGTAIL_SEARCH_BACKENDS:
    raise ImproperlyConfigured(f"SEARCH_ENGINE={SEARCH_ENGINE!r} is not one of: {', '.join(_WAGTAIL_SEARCH_BACKENDS)}")
WAGTAILSEARCH_BACKENDS = {"default": _WAGTAIL_SEARCH_BACKENDS[SEARCH_ENGINE]}

# --- Wagtail --------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Relieve"
WAGTAILADMIN_BASE_URL = env("SITE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Decompression bombs: refuse images above this many pixels (also checked by Pillow).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Refuses files with image magic bytes that Pillow cannot decode (a 500 in Wagtail 8.0.1).
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.image_forms.ImageForm"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"webp": "webp", "avif": "avif"}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

# Map tiles for the profile and search results maps; OpenStreetMap's usage policy requires the attribution.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Wagtail and django-tasks log every task and publish at INFO; keep the console for ours.
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        app: {"level": env("APP_LOG_LEVEL", "INFO")}
        for app in ("home", "articles", "directory", "search", "portal", "api")
    },
}

# --- Security headers -----------------------------------------------------------------------
# Content Security Policy (django-csp 4). Scripts come only from our own origin (plus a
# per-request nonce, added to the header only on responses whose template used
# ``request.csp_nonce``); never 'unsafe-inline'. Images may also come from data: URIs and the
# map tile server. The Wagtail admin needs a looser policy; config/security_headers.py scopes
# that to /admin/ only. HSTS and secure cookies live in production.py (they need HTTPS).

from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONCE, NONE, SELF  # noqa: E402


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _origin(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
MIDDLEWARE += ["config.security_headers.ContentSecurityPolicyMiddleware"]
INSTALLED_APPS += ["csp"]  # the {% csp_nonce %} template tag and the settings checks
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No Gravatar: the admin would send a hash of each editor's e-mail to a third party (and the
# CSP blocks the images anyway); Wagtail then shows its own default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Clickjacking: no framing of our pages; Wagtail's preview views opt back in to SAMEORIGIN.
X_FRAME_OPTIONS = "DENY"

# Availability that expires (directory/availability.py): "accepting new clients" counts for this many
# days after the therapist last confirmed it; reminder e-mails carry one-action links valid this long.
AVAILABILITY_STALE_AFTER_DAYS = int(env("AVAILABILITY_STALE_AFTER_DAYS", "30"))
AVAILABILITY_LINK_MAX_AGE_DAYS = int(env("AVAILABILITY_LINK_MAX_AGE_DAYS", "14"))

# --- The apps' own settings (not environment variables; the apps read them here, with no fallback) --

# The geocoder: any implementation of directory.geocoding.Geocoder, by dotted path.
GEOCODER_CLASS = "directory.geocoding.OfflineGeocoder"
# The countries the directory lists therapists in; autocomplete suggests places only there.
DIRECTORY_COUNTRIES = ("CA", "GB", "US")
# A therapist's contact form: at most this many messages per client address in this many seconds.
DIRECTORY_CONTACT_RATE_LIMIT = (5, 3600)
# Portal photo uploads: the largest file and the most pixels accepted.
PORTAL_PHOTO_MAX_BYTES = 5 * 1024 * 1024
PORTAL_PHOTO_MAX_PIXELS = 25_000_000
# --- Public API (api/) ----------------------------------------------------------------------
# Read-only JSON at /api/v1/. Only schema generation is set globally: renderers, errors, paging
# and throttling belong to the API's own views (api/views.py), so Wagtail's admin API is untouched.

REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Relieve API",
    "DESCRIPTION": (
        "Registered massage therapists for sciatica, clinically reviewed articles and the taxonomy they "
        "share. Read-only, public, JSON. Only what the public site shows: listed therapists, published "
        "articles. Errors are application/problem+json (RFC 9457), with one message per bad parameter."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Only the public API: not the Wagtail admin's internal endpoints.
    "PREPROCESSING_HOOKS": ["api.schema.public_endpoints_only"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.empty_means_absent"],
    "ENUM_NAME_OVERRIDES": {
        "RestrictionKindEnum": "api.serializers.RESTRICTION_KINDS",
        "MatchReasonKindEnum": "api.serializers.MATCH_REASON_KINDS",
        "AvailabilityStateEnum": "api.serializers.AVAILABILITY_STATES",
    },
    # The documentation page's files come from our static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
# Requests per client address per window (seconds), counted in the shared cache; 429 beyond.
API_RATE_LIMIT = (int(env("API_RATE_LIMIT", "120")), int(env("API_RATE_LIMIT_WINDOW", "60")))
# Cross-origin GETs from any site, under /api/ only; no credentials (the API has no sessions).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Link"]
CORS_PREFLIGHT_MAX_AGE = 86400
# Rich text in API answers is display HTML (links resolved to public URLs), not Wagtail's stored form.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
