"""Two daphne processes sharing one Redis: a message published through either
reaches the clients of both."""

import asyncio
import json
import os

import pytest

from tests.announcements.servers import (
    DaphneServer,
    make_superuser,
    publish_through_admin,
    session_cookie_for,
    shared_database_url,
)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def servers(tmp_path):
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        pytest.skip("needs Redis (REDIS_URL)")
    database_url = shared_database_url()
    pair = [
        DaphneServer(database_url=database_url, redis_url=redis_url, log_dir=tmp_path)
        for _ in range(2)
    ]
    try:
        for server in pair:
            server.start()
        yield pair
    finally:
        for server in pair:
            server.stop()


@pytest.fixture
def publisher_session(transactional_db) -> str:
    """A signed-in superuser's session, made here so no other thread holds a
    database connection when the test database is dropped."""
    return session_cookie_for(make_superuser())


async def next_announcement(socket) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), timeout=5))
        if message["type"].startswith("announcement."):
            return message


async def test_a_message_published_through_either_process_reaches_both(
    servers, publisher_session
):
    from websockets.asyncio.client import connect

    session = publisher_session
    first, second = servers
    async with (
        connect(first.ws_url, origin=first.url) as first_socket,
        connect(second.ws_url, origin=second.url) as second_socket,
    ):
        for socket in (first_socket, second_socket):
            hello = json.loads(await asyncio.wait_for(socket.recv(), timeout=5))
            assert hello["type"] == "hello"

        for server, title in ((first, "through the first"), (second, "through B")):
            await asyncio.to_thread(publish_through_admin, server, session, title=title)
            received = [
                await next_announcement(first_socket),
                await next_announcement(second_socket),
            ]
            assert [m["announcement"]["title"] for m in received] == [title, title]
            assert received[0]["cursor"] == received[1]["cursor"]
