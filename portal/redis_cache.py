"""The Redis cache backend: while Redis is away the site gets slower, not broken.

Every page may touch the cache (the listings, allauth's rate limits, Wagtail's
settings), so a Redis error raised from it answered 500 everywhere. Here an error
is logged once per outage and the call answers as a miss: reads return their
default, writes are dropped, and `add` says it stored the value, so locks and
once-only guards built on it (allauth's rate limits) let the request through
rather than refusing everyone until Redis returns. After an error Redis is left
alone for `RETRY_SECONDS` (5 by default), so pages do not each wait for the
connection to fail; `ping()` always asks (the health check uses it).

One Redis connection pool per process and server: Django builds a cache object
per thread (and ASGI runs each request in a new thread), each with a pool of its
own, so every request opened a new Redis connection (about 3 ms). The pools live
at module level here and every cache object of the process borrows from them
(redis-py's pool is thread-safe and starts afresh in a forked child).
"""

from __future__ import annotations

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Server list → monotonic time until which Redis is not asked. Module-wide: Django
# builds a cache object per thread and per async context.
_unavailable_until: dict[str, float] = {}
_lock = threading.Lock()


# (server URL, pool options) → the process's connection pool to it.
_connection_pools: dict[tuple[str, str], object] = {}
_connection_pools_lock = threading.Lock()


class SharedPoolRedisCacheClient(RedisCacheClient):
    """Django's Redis client, drawing on the process's pools (module docstring)."""

    def _get_connection_pool(self, write):
        server = self._servers[self._get_connection_pool_index(write)]
        identity = (server, repr(sorted(self._pool_options.items(), key=repr)))
        pool = _connection_pools.get(identity)
        if pool is None:
            with _connection_pools_lock:
                pool = _connection_pools.get(identity)
                if pool is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    _connection_pools[identity] = pool
        return pool


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient
        self.retry_seconds = float(params.get("RETRY_SECONDS", 5))
        self._state_key = repr(self._servers)

    @property
    def available(self) -> bool:
        """False while Redis is known to be away (writes are being dropped)."""
        return time.monotonic() >= _unavailable_until.get(self._state_key, 0.0)

    def _failed(self, operation: str, error: Exception) -> None:
        with _lock:
            first = self._state_key not in _unavailable_until
            _unavailable_until[self._state_key] = time.monotonic() + self.retry_seconds
        if first:
            logger.error(
                "Cache unavailable (%s failed: %r); serving without it",
                operation,
                error,
            )

    def _succeeded(self) -> None:
        if self._state_key in _unavailable_until:
            with _lock:
                back = _unavailable_until.pop(self._state_key, None) is not None
            if back:
                logger.warning("Cache available again")

    def _call(self, operation: str, call, fallback):
        if not self.available:
            return fallback
        try:
            result = call()
        except RedisError as error:
            self._failed(operation, error)
            return fallback
        self._succeeded()
        return result

    def ping(self) -> bool:
        """Ask Redis now, whatever the last error; raises if it does not answer."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._failed("ping", error)
            raise
        self._succeeded()
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        call = functools.partial(super().add, key, value, timeout, version)
        return self._call("add", call, True)

    def get(self, key, default=None, version=None):
        return self._call(
            "get", functools.partial(super().get, key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        call = functools.partial(super().set, key, value, timeout, version)
        return self._call("set", call, None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        call = functools.partial(super().touch, key, timeout, version)
        return self._call("touch", call, False)

    def delete(self, key, version=None):
        return self._call(
            "delete", functools.partial(super().delete, key, version), False
        )

    def get_many(self, keys, version=None):
        return self._call(
            "get_many", functools.partial(super().get_many, keys, version), {}
        )

    def has_key(self, key, version=None):
        return self._call(
            "has_key", functools.partial(super().has_key, key, version), False
        )

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(
            "incr", functools.partial(super().incr, key, delta, version), missing
        )
        if result is missing:
            # What Django's backends say of a key they do not hold.
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        call = functools.partial(super().set_many, data, timeout, version)
        return self._call("set_many", call, list(data))

    def delete_many(self, keys, version=None):
        call = functools.partial(super().delete_many, keys, version)
        return self._call("delete_many", call, None)

    def clear(self):
        return self._call("clear", super().clear, None)
