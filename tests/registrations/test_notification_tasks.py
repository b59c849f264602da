"""With the database task backend, every message a change causes (status e-mail and
live notice, seat freed, invitation) is a task row of the changing transaction,
and the worker's loop delivers it."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from agencies import services as agency_services
from agencies.models import Membership
from announcements.models import Announcement
from events.registration_settings import RegistrationMode
from registrations import services
from registrations.models import Registration
from tests.core.workers import DATABASE_TASKS
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def _effects_queued() -> list[str]:
    return [
        row.args_kwargs["args"][0]
        for row in DBTaskResult.objects.filter(
            task_path="core.effects.run_effect"
        ).order_by("enqueued_at")
    ]


def _run_worker_until_idle() -> None:
    """The worker's claim-and-run steps (its loop would close the test's
    connection between tasks)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while True:
        # As the worker claims: the row lock inside a transaction (PostgreSQL
        # refuses SELECT … FOR UPDATE in autocommit, as in transactional tests).
        with transaction.atomic():
            row = DBTaskResult.objects.ready().get_locked()
            if row is None:
                return
            row.claim(worker.worker_id)
        worker.run_task(row)


def test_status_changes_and_a_freed_seat_are_delivered_by_the_worker(
    make_event, organizer, participant
):
    event = make_event(
        capacity=1, mode=RegistrationMode.APPLICATION, auto_promote=False
    )
    registration = services.registration_apply(event=event, user=participant)
    services.registration_decide(
        event=event,
        registration_ids=[registration.pk],
        status=Registration.Status.CONFIRMED,
        by=organizer,
    )
    services.registration_cancel(registration=registration, by=participant)
    assert _effects_queued() == [
        "registrations.services.notify.notify_registration_status",  # applied
        # the organizers' daily digest, scheduled for its hour when an
        # application awaits a decision (it does not run here)
        "registrations.services.digest.send_due_digests_task",
        "registrations.services.notify.notify_registration_status",  # approved
        "registrations.services.notify.notify_registration_status",  # cancelled
        "registrations.services.notify.notify_organizers_seat_freed",
    ]
    assert mail.outbox == []  # nothing was sent by the changing code

    _run_worker_until_idle()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [participant.email] * 3 + [organizer.email]
    )
    assert (
        Announcement.objects.filter(
            audience=Announcement.Audience.USER, recipient=participant
        ).count()
        == 3
    )
    assert not DBTaskResult.objects.failed().exists()


def test_invitation_is_delivered_by_the_worker():
    agency = AgencyFactory(slug="outbox-agency")
    coordinator = make_member(
        agency, role=Membership.Role.COORDINATOR, username="outbox-coordinator"
    )
    invitee = UserFactory()
    agency_services.membership_invite(
        agency=agency,
        email=invitee.email,
        role=Membership.Role.MEMBER,
        by=coordinator,
        site_url="http://testserver",
    )
    assert _effects_queued() == ["agencies.services.invitations._send_invitation"]
    assert mail.outbox == []

    _run_worker_until_idle()
    [message] = mail.outbox
    assert message.to == [invitee.email]
    assert "http://testserver/" in message.body


def test_each_status_email_is_the_portals_own_and_a_held_seat_carries_the_ics(
    make_event, organizer, participant
):
    event = make_event(
        capacity=1, mode=RegistrationMode.APPLICATION, auto_promote=False
    )
    registration = services.registration_apply(event=event, user=participant)
    services.registration_decide(
        event=event,
        registration_ids=[registration.pk],
        status=Registration.Status.CONFIRMED,
        by=organizer,
    )
    _run_worker_until_idle()
    # The worker runs ready tasks in no guaranteed order: tell them by status.
    received, confirmed = sorted(
        (m for m in mail.outbox if m.to == [participant.email]),
        key=lambda message: bool(message.attachments),
    )
    # Application received: no seat yet, so no calendar file.
    assert received.attachments == []
    assert event.title in received.subject and received.subject != confirmed.subject
    # Confirmed: text and HTML parts, the training's page, and its .ics.
    [(html, mime)] = confirmed.alternatives
    assert mime == "text/html" and event.title in html
    [(name, content, kind), (qr_name, qr, qr_kind)] = confirmed.attachments
    assert name.endswith(".ics") and kind.startswith("text/calendar")
    # The personal check-in QR code (issue 19) rides along with the seat.
    assert (qr_name, qr_kind) == ("check-in-qr.png", "image/png")
    assert qr.startswith(b"\x89PNG")
    calendar = Calendar.from_ical(content)
    assert len(calendar.walk("VEVENT")) == event.sessions.count()
    assert "/registrations/" in confirmed.body
