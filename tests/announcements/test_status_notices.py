"""A person's status notices about a training: one topic per training, the
organizers' message in them, and a seat granted while a page is open opens that
training's announcements to the page without reconnecting.

These run on the in-memory layer, and on Redis when REDIS_URL is set.
"""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from agencies.models import Membership
from announcements.models import Announcement
from announcements.selectors import registration_status_topic
from registrations.models import Registration
from registrations.services import registration_decide

pytestmark = pytest.mark.django_db(transaction=True)

EVENT = Announcement.Audience.EVENT


def pending_applicant(make_training, make_agency, make_member, make_user):
    agency = make_agency()
    organizer = make_member(agency, Membership.Role.EDITOR)
    training = make_training(lead_agency=agency)
    person = make_user()
    registration = Registration.objects.create(
        event=training,
        user=person,
        status=Registration.Status.PENDING,
        applied_at=timezone.now(),
    )
    return organizer, training, person, registration


async def titles_until(socket, sentinel: str) -> list[str]:
    titles = []
    while not titles or titles[-1] != sentinel:
        message = await socket.receive_json_from(timeout=5)
        if message["type"].startswith("announcement."):
            titles.append(message["announcement"]["title"])
    return titles


async def test_approval_while_connected_brings_the_notice_and_the_training(
    open_socket, publish, make_training, make_agency, make_member, make_user
):
    organizer, training, person, registration = await sync_to_async(pending_applicant)(
        make_training, make_agency, make_member, make_user
    )
    socket = await open_socket(person)

    await sync_to_async(registration_decide)(
        event=training,
        registration_ids=[registration.pk],
        status=Registration.Status.CONFIRMED,
        by=organizer,
        message="Traiga su documento de identidad.",
    )
    notice = await socket.receive_json_from(timeout=5)
    assert notice["type"] == "announcement.published"
    assert notice["announcement"]["audience"] == Announcement.Audience.USER
    assert notice["announcement"]["body"] == "Traiga su documento de identidad."
    assert notice["announcement"]["topic"] == registration_status_topic(training.pk)

    # The socket joins the training's group as soon as it hears of the seat
    # (a moment after the notice): its announcements arrive, without reconnecting.
    heard = []
    for attempt in range(20):
        await publish(title=f"room B {attempt}", audience=EVENT, event=training)
        await publish(title=f"sentinel {attempt}")
        heard = await titles_until(socket, f"sentinel {attempt}")
        if len(heard) == 2:
            break
        await asyncio.sleep(0.1)
    assert heard == [f"room B {attempt}", f"sentinel {attempt}"]


async def test_a_seat_learned_from_a_backfill_opens_the_training_too(
    open_socket, publish, make_training, make_agency, make_member, make_user
):
    """With the in-memory layer the task worker is another process: its
    `entitlement.changed` never arrives, only the notice's cursor in the
    heartbeat. The backfill the client then asks for re-reads the seats."""
    _organizer, training, person, registration = await sync_to_async(pending_applicant)(
        make_training, make_agency, make_member, make_user
    )
    socket = await open_socket(person)
    cursor = socket.hello_cursor
    # The seat, as another process would grant it: no message to this one.
    await sync_to_async(Registration.objects.filter(pk=registration.pk).update)(
        status=Registration.Status.CONFIRMED
    )

    await socket.send_json_to({"type": "since", "since": cursor})
    done = await socket.receive_json_from(timeout=5)
    assert done["type"] == "backfill.done"
    await publish(title="room B", audience=EVENT, event=training)
    await publish(title="sentinel")

    assert await titles_until(socket, "sentinel") == ["room B", "sentinel"]
