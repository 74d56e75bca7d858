"""Settings for the test suite: fast hashing, in-memory mail, media in a temp folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="relieve-test-media-"))
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# Login throttling is switched on only by the tests that exercise it (tests/portal/test_login_throttling.py),
# so no other test can lock out the shared test client's address; Client.login() needs it off too.
AXES_ENABLED = False
# allauth's per-address limits on sign-ups and e-mails would trip across many tests from one IP.
ACCOUNT_RATE_LIMITS = False

# Every search is in the report's table as soon as it is made (tests read it right after).
SEARCH_LOG_FLUSH_SECONDS = 0
