"""Connections are reused: ASGI runs each request in a new thread, yet 50 requests
open neither 50 PostgreSQL sessions (the pool) nor 50 Redis connections (one pool
per process for the cache)."""

import threading
import urllib.error
import urllib.request

import pytest
import redis
from django.db import connection

from tests.announcements.servers import DaphneServer, shared_database_url

REQUESTS = 50


@pytest.mark.redis
def test_cache_objects_of_every_thread_share_one_redis_pool(redis_server, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.ResilientRedisCache",
            "LOCATION": redis_server.url(0),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    observer = redis.Redis.from_url(redis_server.url(0))
    before = observer.info("stats")["total_connections_received"]

    def request(number: int) -> None:
        # Django gives each thread a cache object of its own, as in a request.
        from django.core.cache import caches

        cache = caches["default"]
        cache.set(f"request-{number}", number)
        assert cache.get(f"request-{number}") == number

    for number in range(REQUESTS):
        thread = threading.Thread(target=request, args=(number,))
        thread.start()
        thread.join()
    opened = observer.info("stats")["total_connections_received"] - before
    assert opened <= 2, f"{opened} Redis connections for {REQUESTS} requests"


def sessions_opened() -> int:
    """PostgreSQL sessions established to the test database so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


def sessions_for_requests(tmp_path, *, pool: bool) -> int:
    server = DaphneServer(database_url=shared_database_url(), log_dir=tmp_path)
    server.env["DATABASE_POOL"] = "true" if pool else "false"
    server.env["DATABASE_POOL_MAX_SIZE"] = "4"
    server.start()
    try:
        before = sessions_opened()
        for _ in range(REQUESTS):
            # An unknown page: Wagtail looks the site up in the database. Loopback
            # http only, from our own server's port.
            try:
                urllib.request.urlopen(f"{server.url}/es/no-such-page/", timeout=10)  # noqa: S310
            except urllib.error.HTTPError as error:
                assert error.code == 404
    finally:
        # Sessions are counted when they end at the latest.
        server.stop()
    return sessions_opened() - before


@pytest.mark.django_db(transaction=True)
def test_fifty_requests_do_not_open_fifty_postgresql_sessions(tmp_path):
    pooled = sessions_for_requests(tmp_path, pool=True)
    assert pooled <= 4, f"{pooled} PostgreSQL sessions for {REQUESTS} requests"
    # The counter works: one session per request without the pool.
    assert sessions_for_requests(tmp_path, pool=False) >= REQUESTS
