"""The live socket: audiences stay apart, reconnects backfill, junk closes cleanly.

These run on the in-memory layer, and on Redis when REDIS_URL is set.
"""

import json

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from agencies.models import Membership
from announcements.consumers import (
    CLOSE_FLOOD,
    CLOSE_MALFORMED,
    CLOSE_TOO_LARGE,
    CLOSE_UNKNOWN_TYPE,
    AnnouncementConsumer,
)
from announcements.models import Announcement
from announcements.services import announcement_update, announcement_withdraw
from registrations.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = Announcement.Audience.PUBLIC
AGENCY = Announcement.Audience.AGENCY
EVENT = Announcement.Audience.EVENT
USER = Announcement.Audience.USER


async def titles_until_sentinel(communicator, sentinel="sentinel") -> list[str]:
    """Titles received up to the sentinel; a message sent before it arrives first."""
    titles = []
    while True:
        message = await communicator.receive_json_from(timeout=5)
        titles.append(message["announcement"]["title"])
        if titles[-1] == sentinel:
            return titles


async def close_code(communicator) -> int:
    output = await communicator.receive_output(timeout=5)
    assert output["type"] == "websocket.close"
    return output["code"]


async def test_anonymous_visitor_receives_public_announcements_only(
    open_socket, publish, make_agency, make_user, make_training
):
    agency = await sync_to_async(make_agency)()
    person = await sync_to_async(make_user)()
    training = await sync_to_async(make_training)()
    socket = await open_socket()

    await publish(title="for members", audience=AGENCY, agency=agency)
    await publish(title="for participants", audience=EVENT, event=training)
    await publish(title="for one person", audience=USER, user=person)
    await publish(title="sentinel")

    assert await titles_until_sentinel(socket) == ["sentinel"]


async def test_members_receive_their_agency_but_not_another(
    open_socket, publish, make_agency, make_member
):
    own, other = await sync_to_async(lambda: (make_agency(), make_agency()))()
    member = await sync_to_async(make_member)(own)
    socket = await open_socket(member)

    await publish(title="other agency", audience=AGENCY, agency=other)
    await publish(title="own agency", audience=AGENCY, agency=own)
    await publish(title="sentinel")

    assert await titles_until_sentinel(socket) == ["own agency", "sentinel"]


async def test_participants_receive_their_training_but_not_another(
    open_socket, publish, make_user, make_training, participants
):
    mine, other = await sync_to_async(lambda: (make_training(), make_training()))()
    participant = await sync_to_async(make_user)()
    participants[participant.pk] = {mine.pk}
    socket = await open_socket(participant)

    await publish(title="other training", audience=EVENT, event=other)
    await publish(title="my training", audience=EVENT, event=mine)
    await publish(title="sentinel")

    assert await titles_until_sentinel(socket) == ["my training", "sentinel"]


async def test_confirmed_registrations_open_their_training_to_live_messages(
    open_socket, publish, make_user, make_training
):
    """No stand-in here: seats come from events' registrations (issue 5)."""
    training = await sync_to_async(make_training)()
    confirmed, pending = await sync_to_async(lambda: (make_user(), make_user()))()
    for person, status in (
        (confirmed, Registration.Status.CONFIRMED),
        (pending, Registration.Status.PENDING),
    ):
        await sync_to_async(Registration.objects.create)(
            event=training, user=person, status=status, applied_at=timezone.now()
        )
    confirmed_socket = await open_socket(confirmed)
    pending_socket = await open_socket(pending)

    await publish(title="room B", audience=EVENT, event=training)
    await publish(title="sentinel")

    assert await titles_until_sentinel(confirmed_socket) == ["room B", "sentinel"]
    assert await titles_until_sentinel(pending_socket) == ["sentinel"]


async def test_a_personal_announcement_reaches_that_person_only(
    open_socket, publish, make_user
):
    alice, bob = await sync_to_async(lambda: (make_user(), make_user()))()
    alice_socket = await open_socket(alice)
    bob_socket = await open_socket(bob)

    await publish(title="approved", audience=USER, user=alice)
    await publish(title="sentinel")

    assert await titles_until_sentinel(alice_socket) == ["approved", "sentinel"]
    assert await titles_until_sentinel(bob_socket) == ["sentinel"]


async def test_a_page_closing_leaves_the_others_in_its_groups_listening(
    open_socket, publish, make_agency, make_member
):
    """The process relays a group to its sockets until the last one leaves."""
    agency = await sync_to_async(make_agency)()
    leaving, staying = await sync_to_async(
        lambda: (make_member(agency), make_member(agency))
    )()
    leaving_socket = await open_socket(leaving)
    staying_socket = await open_socket(staying)
    await leaving_socket.disconnect()

    await publish(title="members", audience=AGENCY, agency=agency)
    await publish(title="sentinel")

    assert await titles_until_sentinel(staying_socket) == ["members", "sentinel"]


async def test_revoked_membership_stops_delivery_at_next_connect(
    open_socket, publish, make_agency, make_member
):
    agency = await sync_to_async(make_agency)()
    member = await sync_to_async(make_member)(agency)
    first = await open_socket(member)
    await first.disconnect()
    await sync_to_async(Membership.objects.filter(user=member).delete)()

    second = await open_socket(member)
    await publish(title="members only", audience=AGENCY, agency=agency)
    await publish(title="sentinel")

    assert await titles_until_sentinel(second) == ["sentinel"]


async def test_reconnect_with_since_backfills_what_was_missed_in_order(
    open_socket, publish, make_agency, make_member
):
    agency = await sync_to_async(make_agency)()
    member = await sync_to_async(make_member)(agency)
    first = await open_socket(member)
    seen = first.hello_cursor
    await first.disconnect()

    await publish(title="one")
    await publish(title="two", audience=AGENCY, agency=agency)
    withdrawn = await publish(title="three")
    await sync_to_async(announcement_withdraw)(announcement=withdrawn, by=None)

    second = await open_socket(member)
    await second.send_json_to({"type": "since", "since": seen})
    messages = [await second.receive_json_from(timeout=5) for _ in range(4)]

    assert [(m["type"], m["announcement"].get("title")) for m in messages[:3]] == [
        ("announcement.published", "one"),
        ("announcement.published", "two"),
        ("announcement.withdrawn", None),
    ]
    assert messages[2]["announcement"]["id"] == withdrawn.pk
    cursors = [m["cursor"] for m in messages[:3]]
    assert cursors == sorted(cursors)
    assert messages[3] == {
        "type": "backfill.done",
        "count": 3,
        "truncated": False,
        "cursor": cursors[-1],
    }


async def test_short_since_form_and_nothing_missed_means_empty_backfill(
    open_socket, publish
):
    await publish(title="old news")
    socket = await open_socket()
    await socket.send_json_to({"since": socket.hello_cursor})
    done = await socket.receive_json_from(timeout=5)
    assert done["type"] == "backfill.done"
    assert done["count"] == 0


async def test_backfill_leaves_out_what_the_user_may_not_read(
    open_socket, publish, make_agency, make_user
):
    agency = await sync_to_async(make_agency)()
    outsider = await sync_to_async(make_user)()
    await publish(title="members only", audience=AGENCY, agency=agency)
    await publish(title="for everyone")

    socket = await open_socket(outsider)
    await socket.send_json_to({"since": 0})
    first = await socket.receive_json_from(timeout=5)
    done = await socket.receive_json_from(timeout=5)

    assert first["announcement"]["title"] == "for everyone"
    assert done["count"] == 1


async def test_live_message_already_backfilled_is_not_sent_twice(open_socket, publish):
    socket = await open_socket()
    seen = socket.hello_cursor
    await publish(title="first")
    # The live copy of "first" is queued; backfill sends it, the live copy is
    # then dropped.
    await socket.send_json_to({"since": seen})
    types = []
    while True:
        message = await socket.receive_json_from(timeout=5)
        types.append(message["type"])
        if message["type"] == "backfill.done":
            break
    await publish(title="sentinel")
    sentinel = await socket.receive_json_from(timeout=5)

    assert types.count("announcement.published") == 1
    assert sentinel["announcement"]["title"] == "sentinel"


async def test_withdrawal_reaches_connected_clients(open_socket, publish):
    socket = await open_socket()
    announcement = await publish(title="wrong room")
    published = await socket.receive_json_from(timeout=5)
    await sync_to_async(announcement_withdraw)(announcement=announcement, by=None)
    withdrawn = await socket.receive_json_from(timeout=5)

    assert published["type"] == "announcement.published"
    assert withdrawn == {
        "type": "announcement.withdrawn",
        "cursor": withdrawn["cursor"],
        "announcement": {"id": announcement.pk},
    }
    assert withdrawn["cursor"] > published["cursor"]


async def test_an_edit_reaches_connected_clients_as_an_update(open_socket, publish):
    socket = await open_socket()
    announcement = await publish(title="Room B")
    published = await socket.receive_json_from(timeout=5)
    await sync_to_async(announcement_update)(
        announcement=announcement,
        by=None,
        audience=PUBLIC,
        title="Room C",
        body="",
        level=Announcement.Level.URGENT,
    )
    updated = await socket.receive_json_from(timeout=5)

    assert updated["type"] == "announcement.updated"
    assert updated["cursor"] > published["cursor"]
    assert updated["announcement"]["id"] == announcement.pk
    assert updated["announcement"]["title"] == "Room C"
    assert updated["announcement"]["level"] == "urgent"


async def test_moving_an_announcement_to_another_agency_withdraws_it_from_the_first(
    open_socket, publish, make_agency, make_member
):
    first, second = await sync_to_async(lambda: (make_agency(), make_agency()))()
    first_member = await sync_to_async(make_member)(first)
    second_member = await sync_to_async(make_member)(second)
    first_socket = await open_socket(first_member)
    second_socket = await open_socket(second_member)
    announcement = await publish(title="meeting", audience=AGENCY, agency=first)
    assert (await first_socket.receive_json_from(timeout=5))["type"] == (
        "announcement.published"
    )

    await sync_to_async(announcement_update)(
        announcement=announcement,
        by=None,
        audience=AGENCY,
        title="meeting",
        body="",
        level=Announcement.Level.INFO,
        agency=second,
    )
    withdrawn = await first_socket.receive_json_from(timeout=5)
    updated = await second_socket.receive_json_from(timeout=5)

    assert withdrawn["type"] == "announcement.withdrawn"
    assert withdrawn["announcement"] == {"id": announcement.pk}
    assert updated["type"] == "announcement.updated"
    assert updated["announcement"]["agency"]["id"] == second.pk


async def test_ping_is_answered(open_socket):
    socket = await open_socket()
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=5) == {"type": "pong"}


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", CLOSE_MALFORMED),
        ("[1, 2]", CLOSE_MALFORMED),
        ('"since"', CLOSE_MALFORMED),
        ('{"since": "7"}', CLOSE_MALFORMED),
        ('{"since": -1}', CLOSE_MALFORMED),
        ('{"since": true}', CLOSE_MALFORMED),
        ('{"type": "since"}', CLOSE_MALFORMED),
        ('{"type": "subscribe", "group": "agency-1"}', CLOSE_UNKNOWN_TYPE),
        ("{}", CLOSE_UNKNOWN_TYPE),
        (json.dumps({"type": "ping", "pad": "x" * 5000}), CLOSE_TOO_LARGE),
    ],
)
async def test_junk_frames_close_with_the_documented_code(open_socket, frame, code):
    socket = await open_socket()
    await socket.send_to(text_data=frame)
    assert await close_code(socket) == code


async def test_binary_frames_are_refused(open_socket):
    socket = await open_socket()
    await socket.send_to(bytes_data=b"\x00\x01")
    assert await close_code(socket) == CLOSE_MALFORMED


async def test_a_flood_closes_the_socket(open_socket):
    socket = await open_socket()
    for _ in range(AnnouncementConsumer.flood_messages):
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from(timeout=5) == {"type": "pong"}
    await socket.send_json_to({"type": "ping"})
    assert await close_code(socket) == CLOSE_FLOOD


async def test_foreign_origin_is_refused(open_socket):
    socket = await open_socket(origin=b"https://attacker.example", hello=False)
    assert socket.connected is False
