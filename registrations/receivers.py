"""Answers of the registrations app to the events app's hooks (events.hooks) and
to core's signals."""

import logging

from django.db.models import Count, Q

from registrations import selectors, services
from registrations.models import Registration

Status = Registration.Status
logger = logging.getLogger(__name__)


def catch_up_on_worker_start(sender, **kwargs) -> None:
    """A task worker starts: send the endorsement reminders and the organizers'
    digests that fell due while none ran (each is sent once: the sweeps mark
    what they send)."""
    reminded = services.send_due_endorsement_reminders()
    digests = services.send_due_digests()
    if reminded or digests:
        logger.info(
            "Caught up: %d endorsement reminders, %d digests",
            len(reminded),
            len(digests),
        )


def participant_sees_online_link(sender, *, event, user, **kwargs) -> bool:
    """Confirmed participants (and attendees) read the training's online link."""
    return selectors.user_holds_seat(user=user, event=event)


def coordination_counts(sender, **kwargs) -> dict:
    """Registrations of each training by status, for the coordination calendar
    (shown by the `registration_counts` tag of registration_tags)."""
    return {
        "registrations_pending": Count(
            "registrations",
            filter=Q(registrations__status=Status.PENDING),
            distinct=True,
        ),
        "registrations_seated": Count(
            "registrations",
            filter=Q(registrations__status__in=Registration.SEATED),
            distinct=True,
        ),
        "registrations_waitlisted": Count(
            "registrations",
            filter=Q(registrations__status=Status.WAITLISTED),
            distinct=True,
        ),
    }
