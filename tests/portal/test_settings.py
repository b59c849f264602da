"""Settings honour each environment variable; production refuses an insecure start."""

import asyncio
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]

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
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "CHANNELS_PREFIX",
    "CACHE_URL",
    "DATABASE_POOL",
    "CONN_MAX_AGE",
)


@pytest.fixture
def load_settings(monkeypatch):
    """Import a settings module afresh under the given environment.

    The modules are evaluated again (not Django's configured settings), then the
    originals are put back so the rest of the run is unaffected.
    """

    def load(module: str = "portal.settings.dev", **env: str) -> dict:
        for key in ENV_KEYS:
            monkeypatch.delenv(key, raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        saved = {
            name: sys.modules.pop(name)
            for name in list(sys.modules)
            if name.startswith("portal.settings.")
        }
        try:
            loaded = importlib.import_module(module)
            return {name: getattr(loaded, name) for name in dir(loaded)}
        finally:
            for name in list(sys.modules):
                if name.startswith("portal.settings."):
                    del sys.modules[name]
            sys.modules.update(saved)

    return load


def test_embedded_defaults_need_no_server(load_settings):
    values = load_settings()
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert str(database["NAME"]).endswith("var/portal.sqlite3")
    assert values["CHANNEL_LAYERS"]["default"]["BACKEND"] == (
        "channels.layers.InMemoryChannelLayer"
    )
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    assert values["ELASTICSEARCH_URL"] == ""
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_selects_postgresql(load_settings):
    values = load_settings(DATABASE_URL="postgres://u:p@db.internal:5432/portal")
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"]) == ("portal", "db.internal")
    assert database["CONN_HEALTH_CHECKS"] is True


def test_postgresql_connections_come_from_a_pool(load_settings):
    url = "postgres://u:p@db.internal:5432/portal"
    database = load_settings(DATABASE_URL=url, CONN_MAX_AGE="60")["DATABASES"][
        "default"
    ]
    assert (
        database["OPTIONS"]["pool"]["max_size"]
        >= database["OPTIONS"]["pool"]["min_size"]
    )
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool otherwise
    database = load_settings(DATABASE_URL=url, DATABASE_POOL="False")["DATABASES"][
        "default"
    ]
    assert "pool" not in database.get("OPTIONS", {})


def test_redis_url_moves_channel_layer_and_cache_to_redis(load_settings):
    values = load_settings(REDIS_URL="redis://cache.internal:6379/2")
    layer = values["CHANNEL_LAYERS"]["default"]
    assert layer["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert layer["CONFIG"]["hosts"] == ["redis://cache.internal:6379/2"]
    assert layer["CONFIG"]["prefix"] == "portal-2-portal"
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "portal.redis_cache.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"


def test_elasticsearch_url_is_read(load_settings):
    values = load_settings(ELASTICSEARCH_URL="http://search.internal:9200")
    assert values["ELASTICSEARCH_URL"] == "http://search.internal:9200"


def test_email_url_and_email_host_select_smtp(load_settings):
    values = load_settings(EMAIL_URL="smtp://user:secret@mail.internal:2525")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mail.internal", 2525)
    assert values["EMAIL_HOST_USER"] == "user"
    values = load_settings(EMAIL_HOST="relay.internal")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "relay.internal"


def test_hosts_origins_debug_and_secret_are_read(load_settings):
    values = load_settings(
        "portal.settings.production",
        SECRET_KEY="a-production-secret-that-is-long-enough-0123456789-xyz",
        ALLOWED_HOSTS="portal.example.org,www.portal.example.org",
        CSRF_TRUSTED_ORIGINS="https://portal.example.org",
        DEBUG="true",
    )
    assert values["ALLOWED_HOSTS"] == ["portal.example.org", "www.portal.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://portal.example.org"]
    assert values["SECRET_KEY"].startswith("a-production-secret")
    # Production never runs in debug mode, whatever the environment says.
    assert values["DEBUG"] is False
    assert load_settings(DEBUG="false")["DEBUG"] is False
    assert load_settings(DEBUG="true")["DEBUG"] is True


def test_production_refuses_to_start_without_secret_key(load_settings):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        load_settings("portal.settings.production")


def test_production_settings_pass_check_deploy():
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    clean.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
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


def test_channels_prefix_is_a_setting_derived_from_redis_and_database(load_settings):
    values = load_settings(
        REDIS_URL="redis://cache.internal:6379/11",
        DATABASE_URL="postgres://u:p@db.internal:5432/portal_staging",
    )
    assert values["CHANNELS_PREFIX"] == "portal-11-portal_staging"
    assert values["CHANNEL_LAYERS"]["default"]["CONFIG"]["prefix"] == (
        "portal-11-portal_staging"
    )
    values = load_settings(
        REDIS_URL="redis://cache.internal:6379/11", CHANNELS_PREFIX="training-site"
    )
    assert values["CHANNEL_LAYERS"]["default"]["CONFIG"]["prefix"] == "training-site"


def test_test_settings_keep_a_prefix_per_test_worker(load_settings):
    url = "redis://cache.internal:6379/7"
    first = load_settings(
        "portal.settings.test", REDIS_URL=url, PYTEST_XDIST_WORKER="gw0"
    )
    second = load_settings(
        "portal.settings.test", REDIS_URL=url, PYTEST_XDIST_WORKER="gw1"
    )
    prefixes = [
        values["CHANNEL_LAYERS"]["default"]["CONFIG"]["prefix"]
        for values in (first, second)
    ]
    assert prefixes[0] != prefixes[1]
    assert all(prefix.startswith("portal-test-7-") for prefix in prefixes)


async def test_deployments_sharing_one_redis_do_not_hear_each_other(
    load_settings, redis_server
):
    """Two sites on databases 11 and 12 of one Redis server: pub/sub ignores the
    database number, so only the prefixes keep them apart."""
    from channels_redis.pubsub import RedisPubSubChannelLayer

    def layer(db: int):
        values = load_settings(REDIS_URL=redis_server.url(db))
        return RedisPubSubChannelLayer(**values["CHANNEL_LAYERS"]["default"]["CONFIG"])

    site_11, other_process_of_11, site_12 = layer(11), layer(11), layer(12)
    try:
        same_site = await other_process_of_11.new_channel()
        await other_process_of_11.group_add("public", same_site)
        other_site = await site_12.new_channel()
        await site_12.group_add("public", other_site)
        await site_11.group_send("public", {"type": "announcement.published"})
        heard = await asyncio.wait_for(other_process_of_11.receive(same_site), 5)
        assert heard["type"] == "announcement.published"
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(site_12.receive(other_site), 0.5)
    finally:
        for each in (site_11, other_process_of_11, site_12):
            await each.flush()
