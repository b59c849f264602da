"""Test run: fast hashing, local cache, temporary media; the database and channel layer
still follow DATABASE_URL and REDIS_URL so the same suite runs on the real services."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import (
    CHANNEL_LAYERS,
    DATABASES,
    REDIS_URL,
    STORAGES,
    TASK_BACKENDS,
    env,
)

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
# A fixed Ed25519 seed for the verifiable credentials of the tests (never a real key).
CREDENTIALS_SIGNING_KEY = "dGVzdC1vbmx5LWVkMjU1MTktc2VlZC0wMTIzNDU2Nzg="
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Local memory, unless CACHE_URL is given explicitly (the Redis outage tests start
# servers with their own Redis cache).
if not env.str("CACHE_URL", default=""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No connection pool in the test process unless asked for (DATABASE_POOL): the
# test database is created, flushed and cloned, which idle pooled connections
# would hold open. Servers a test starts may turn it on in their environment.
if not env.str("DATABASE_POOL", default=""):
    DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
# A process that builds a template for the tests (tests/demo_template.py) is told
# where its files go.
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="portal-test-media-"
)
PRIVATE_MEDIA_ROOT = os.environ.get("TEST_PRIVATE_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="portal-test-private-media-"
)
# Servers and workers a test starts may be told where their mail goes.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH", "")
# Tasks run in the process unless a test (or the worker it starts) asks for the
# database backend and its worker.
if not os.environ.get("TASKS_BACKEND"):
    TASKS = {"default": {"BACKEND": TASK_BACKENDS["immediate"]}}
EFFECT_RETRY_DELAYS = [0.5, 1.0]
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
