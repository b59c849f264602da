"""Open sockets follow what happens while they are open: a Redis outage (clean
close at connect, heartbeats that reveal what was missed) and membership changes
(the person's groups change at once, not at the next connection)."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from agencies import services as agency_services
from agencies.models import Membership
from announcements.consumers import CLOSE_TRY_AGAIN
from announcements.models import Announcement
from announcements.relay import relay_for
from announcements.selectors import agency_group

pytestmark = pytest.mark.django_db(transaction=True)

AGENCY = Announcement.Audience.AGENCY


async def until(condition, timeout: float = 5) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def next_of_type(socket, kind: str, timeout: float = 5) -> dict:
    """The next message of that type within `timeout` (heartbeats keep coming)."""
    async with asyncio.timeout(timeout):
        while True:
            message = await socket.receive_json_from(timeout=timeout)
            if message["type"] == kind:
                return message


def hears(socket_group: str) -> bool:
    relay = relay_for(get_channel_layer())
    return bool(relay.members.get(socket_group))


async def test_a_removed_member_stops_hearing_the_agency_on_the_open_socket(
    open_socket, publish, make_agency, make_member
):
    agency = await sync_to_async(make_agency)()
    member = await sync_to_async(make_member)(agency)
    socket = await open_socket(member)
    assert hears(agency_group(agency.pk))

    membership = await sync_to_async(Membership.objects.get)(user=member)
    await sync_to_async(agency_services.membership_remove)(
        membership=membership, by=None
    )
    await until(lambda: not hears(agency_group(agency.pk)))
    await publish(title="members only", audience=AGENCY, agency=agency)
    await publish(title="sentinel")

    received = await next_of_type(socket, "announcement.published")
    assert received["announcement"]["title"] == "sentinel"


async def test_a_new_member_hears_the_agency_without_reconnecting(
    open_socket, publish, make_agency, make_user
):
    agency = await sync_to_async(make_agency)()
    person = await sync_to_async(make_user)()
    socket = await open_socket(person)

    await sync_to_async(agency_services.membership_create)(agency=agency, user=person)
    await until(lambda: hears(agency_group(agency.pk)))
    await publish(title="welcome", audience=AGENCY, agency=agency)

    received = await next_of_type(socket, "announcement.published")
    assert received["announcement"]["title"] == "welcome"


async def test_heartbeats_carry_the_newest_cursor(open_socket, publish, settings):
    settings.ANNOUNCEMENTS_HEARTBEAT_SECONDS = 0.2
    socket = await open_socket()
    await publish(title="news")
    live = await next_of_type(socket, "announcement.published")
    beat = await next_of_type(socket, "heartbeat", timeout=2)
    assert beat == {"type": "heartbeat", "cursor": live["cursor"]}


@pytest.fixture
def redis_layer(redis_server, settings):
    """The channel layer on a private Redis, as production configures it."""
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [redis_server.url(0)], "prefix": "outage-test"},
        }
    }
    settings.ANNOUNCEMENTS_HEARTBEAT_SECONDS = 0.3
    return redis_server


@pytest.mark.redis
async def test_a_socket_open_through_a_redis_outage_learns_what_it_missed(
    open_socket, publish, redis_layer, make_user
):
    person = await sync_to_async(make_user)()
    socket = await open_socket()
    seen = socket.hello_cursor
    await asyncio.to_thread(redis_layer.stop)
    try:
        # Published while the live layer is away: the broadcasts are recorded,
        # their live copies lost.
        await publish(title="first while down")
        await publish(title="second while down")
        beat = await next_of_type(socket, "heartbeat", timeout=3)
        assert beat["cursor"] > seen
        await socket.send_json_to({"type": "since", "since": seen})
        missed = [await socket.receive_json_from(timeout=5) for _ in range(3)]
        assert [m["type"] for m in missed] == [
            "announcement.published",
            "announcement.published",
            "backfill.done",
        ]
        assert [m["announcement"]["title"] for m in missed[:2]] == [
            "first while down",
            "second while down",
        ]
        assert missed[2]["cursor"] == beat["cursor"]

        # A new socket that needs a group this process has not joined yet (its
        # person's) is told to come back later, cleanly.
        refused = await open_socket(person, hello=False)
        assert refused.connected
        closed = await refused.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": CLOSE_TRY_AGAIN}
    finally:
        await asyncio.to_thread(redis_layer.start)

    # Redis is back: the same person's socket opens (its group is joined now).
    again = await open_socket(person)
    assert again.connected and again.hello_cursor == beat["cursor"]
    await get_channel_layer().flush()
