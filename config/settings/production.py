"""Production: everything from the environment, failing fast on what is missing."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, DATABASES, MIDDLEWARE, REDIS_URL, STORAGES, env, env_bool, env_list

DEBUG = False

if not env("SECRET_KEY"):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: production needs a long random secret in the environment "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
SECRET_KEY = env("SECRET_KEY")

if not env_list("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the site's host names, comma-separated.")

if not env("SITE_URL"):
    raise ImproperlyConfigured(
        "SITE_URL is not set: every e-mail links to it (sign-up, reminders, decisions) and the admin names it; "
        "give the address people use, e.g. SITE_URL=https://relieve.example."
    )

if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL is not set: production runs several workers, and rate limits, login throttling and the "
        "search circuit breaker must count in one shared cache (e.g. REDIS_URL=redis://127.0.0.1:6379/0)."
    )

# gunicorn's sync workers serve one request at a time: each keeps its database connection for a
# minute instead of opening one per request (a TCP and auth round trip on PostgreSQL, SQLite's
# set-up on the embedded database), checked before reuse so a restarted server costs no error.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Background work (index updates, image renditions) leaves the request: a database queue that
# `manage.py db_worker` drains, so a slow or failing search engine never slows an editor's save.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# WhiteNoise serves the collected, hashed, compressed static files straight after security.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# --- Security headers (the policy itself is in base.py) -------------------------------------
# Behind HTTPS, have browsers fetch any stray http:// subresource over https instead.
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},
}
