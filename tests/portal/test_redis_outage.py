"""A Redis outage costs the cache, never a page: pages, sign-in and My
registrations keep answering, /healthz names the cache as down, and a change made
meanwhile is not hidden by listings cached before it. Each test has its own
redis-server (tests/announcements/servers.py), stopped and restarted at will."""

import asyncio
import json
import time
import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from django.utils import timezone

from announcements.consumers import CLOSE_TRY_AGAIN
from events.models import EventIndexPage
from tests.announcements.servers import DaphneServer, shared_database_url
from tests.factories import AgencyFactory, NewsPageFactory, UserFactory
from tests.registrations.conftest import build_event

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

PASSWORD = "correct-horse-battery"  # noqa: S105 (tests.factories.UserFactory's)


@pytest.fixture
def redis_cache(redis_server, settings):
    """The site's cache on the private Redis, as production configures it, with a
    one-second pause after an error so the tests need not wait long."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.ResilientRedisCache",
            "LOCATION": redis_server.url(0),
            "KEY_PREFIX": "portal",
            "RETRY_SECONDS": 1,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    return redis_server


@pytest.fixture
def portal_pages(site_tree):
    calendar = EventIndexPage(title="Calendario", slug="events")
    site_tree.homes["es"].add_child(instance=calendar)
    calendar.save_revision().publish()
    agency = AgencyFactory(slug="snm", name_es="Servicio Nacional de Migración")
    training = build_event(calendar, agency, title="Taller sobre tráfico")
    NewsPageFactory(parent=site_tree.news["es"], title="Primera noticia")
    return [
        "/es/",
        "/es/news/",
        "/es/events/",
        training.url,
        "/es/search/?q=taller",
        reverse("account_login"),
    ]


def health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def test_pages_sign_in_and_my_registrations_answer_while_redis_is_down(
    client, redis_cache, portal_pages
):
    for path in portal_pages:
        assert client.get(path).status_code == 200, path
    status, report = health(client)
    assert status == 200 and report["checks"]["cache"]["status"] == "ok"

    redis_cache.stop()
    for path in portal_pages:
        assert client.get(path).status_code == 200, path
    person = UserFactory()
    signed_in = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("registrations:list")).status_code == 200
    status, report = health(client)
    assert status == 503
    assert report["status"] == "degraded"
    assert report["checks"]["cache"]["status"] == "down"
    assert report["checks"]["database"]["status"] == "ok"

    redis_cache.start()
    status, report = health(client)
    assert status == 200 and report["checks"]["cache"]["status"] == "ok"
    # Still signed in: the session never lived in Redis.
    assert client.get(reverse("registrations:list")).status_code == 200


def test_news_published_while_redis_was_away_shows_once_it_is_back(
    client, redis_cache, site_tree
):
    assert "Primera" not in client.get("/es/news/").content.decode()
    # Redis comes back with the data it had (a partition, a restart with its
    # dump): the listings cached before the outage among them.
    redis_cache.save()
    redis_cache.stop()
    NewsPageFactory(
        parent=site_tree.news["es"],
        title="Primera noticia",
        date=timezone.localdate(),
    )
    assert "Primera noticia" in client.get("/es/news/").content.decode()
    redis_cache.start()
    time.sleep(1.1)  # RETRY_SECONDS: the cache is asked again
    assert "Primera noticia" in client.get("/es/news/").content.decode()


def http_get(url: str) -> tuple[int, bytes]:
    # Loopback http only: the URL is built from the test server's own port.
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


async def first_frame(server) -> tuple[str, object]:
    """("hello", frame) or ("closed", close code) of a new announcements socket."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    async with connect(server.ws_url, origin=server.url) as socket:
        try:
            return "hello", json.loads(await asyncio.wait_for(socket.recv(), 10))
        except ConnectionClosed as closed:
            return "closed", closed.rcvd.code if closed.rcvd else None


@pytest.mark.django_db(transaction=True)
def test_a_daphne_server_serves_through_a_redis_outage(
    site_tree, redis_server, tmp_path
):
    """The whole stack on its own Redis (cache and channel layer): pages answer
    200 while Redis is stopped, /healthz says which dependencies are down, a new
    socket is closed with 4503 (the client retries), and all recovers."""
    server = DaphneServer(
        database_url=shared_database_url(),
        redis_url=redis_server.url(0),
        log_dir=tmp_path,
    )
    server.env["CACHE_URL"] = redis_server.url(0)
    server.start()
    try:
        assert http_get(f"{server.url}/es/")[0] == 200
        assert http_get(f"{server.url}/healthz")[0] == 200

        redis_server.stop()
        for path in ("/es/", "/es/news/", "/es/accounts/login/"):
            assert http_get(f"{server.url}{path}")[0] == 200, path
        status, body = http_get(f"{server.url}/healthz")
        report = json.loads(body)
        assert status == 503
        assert report["checks"]["cache"]["status"] == "down"
        assert report["checks"]["channel_layer"]["status"] == "down"
        assert report["checks"]["database"]["status"] == "ok"
        assert asyncio.run(first_frame(server)) == ("closed", CLOSE_TRY_AGAIN)

        redis_server.start()
        deadline = time.monotonic() + 15
        while http_get(f"{server.url}/healthz")[0] != 200:
            assert time.monotonic() < deadline, "did not recover"
            time.sleep(0.2)
        kind, hello = asyncio.run(first_frame(server))
        assert kind == "hello" and hello["type"] == "hello"
    finally:
        server.stop()
