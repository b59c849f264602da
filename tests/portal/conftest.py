"""Fixtures of the portal tests: a private Redis server to stop and restart."""

from tests.announcements.servers import redis_server  # noqa: F401
