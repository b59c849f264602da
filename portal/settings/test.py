"""Test run: fast hashing, local cache, temporary media; the database and channel layer
still follow DATABASE_URL and REDIS_URL so the same suite runs on the real services."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import CHANNEL_LAYERS, REDIS_URL, STORAGES

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Tests of the admin switch it on where they check it.
ADMIN_REQUIRES_MFA = False

# Parallel test workers sharing one Redis must not hear each other's groups, nor
# other runs on the same Redis: pub/sub channels ignore the database number. The
# servers a test starts inherit this environment, so they share the prefix.
if "CONFIG" in CHANNEL_LAYERS["default"]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8]
    database = REDIS_URL.rsplit("/", 1)[-1]
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = (
        f"portal-test-{database}-{run}-{worker}"
    )
