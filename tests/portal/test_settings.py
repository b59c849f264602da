"""Settings honour each environment variable; production refuses an insecure start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "channel_layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "channel_hosts": settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "elasticsearch_url": settings.ELASTICSEARCH_URL,
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "email_port": getattr(settings, "EMAIL_PORT", 0),
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "csrf_trusted_origins": settings.CSRF_TRUSTED_ORIGINS,
    "secret_key": settings.SECRET_KEY,
}))
"""

ENV_KEYS = (
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "EMAIL_URL",
    "EMAIL_HOST",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
)


def run_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_settings(module: str = "portal.settings.dev", **env: str) -> dict:
    result = run_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults_need_no_server():
    values = read_settings()
    assert values["db_engine"] == "django.db.backends.sqlite3"
    assert values["db_name"].endswith("var/portal.sqlite3")
    assert values["channel_layer"] == "channels.layers.InMemoryChannelLayer"
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["elasticsearch_url"] == ""
    assert values["email_backend"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_selects_postgresql():
    values = read_settings(DATABASE_URL="postgres://u:p@db.internal:5432/portal")
    assert values["db_engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "portal"
    assert values["db_host"] == "db.internal"


def test_redis_url_moves_channel_layer_and_cache_to_redis():
    values = read_settings(REDIS_URL="redis://cache.internal:6379/2")
    assert values["channel_layer"] == "channels_redis.core.RedisChannelLayer"
    assert values["channel_hosts"] == ["redis://cache.internal:6379/2"]
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_elasticsearch_url_is_read():
    values = read_settings(ELASTICSEARCH_URL="http://search.internal:9200")
    assert values["elasticsearch_url"] == "http://search.internal:9200"


def test_email_url_and_email_host_select_smtp():
    values = read_settings(EMAIL_URL="smtp://user:secret@mail.internal:2525")
    assert values["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["email_host"], values["email_port"]) == ("mail.internal", 2525)
    values = read_settings(EMAIL_HOST="relay.internal")
    assert values["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["email_host"] == "relay.internal"


def test_hosts_origins_debug_and_secret_are_read():
    values = read_settings(
        "portal.settings.production",
        SECRET_KEY="a-production-secret-that-is-long-enough-0123456789-xyz",
        ALLOWED_HOSTS="portal.example.org,www.portal.example.org",
        CSRF_TRUSTED_ORIGINS="https://portal.example.org",
        DEBUG="true",
    )
    assert values["allowed_hosts"] == ["portal.example.org", "www.portal.example.org"]
    assert values["csrf_trusted_origins"] == ["https://portal.example.org"]
    assert values["secret_key"].startswith("a-production-secret")
    # Production never runs in debug mode, whatever the environment says.
    assert values["debug"] is False
    assert read_settings(DEBUG="false")["debug"] is False


def test_production_refuses_to_start_without_secret_key():
    result = run_settings("portal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("module", ["portal.settings.production"])
def test_production_settings_pass_check_deploy(module):
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    clean.update(
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY="k3y-" + "x9Z#q" * 12,
        ALLOWED_HOSTS="portal.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
