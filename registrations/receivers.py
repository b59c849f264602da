"""Answers of the registrations app to the events app's hooks (events.hooks) and
to core's worker start."""

import logging

from django.db.models import Count, Q

from registrations import selectors, services
from registrations.models import Registration

logger = logging.getLogger(__name__)

Status = Registration.Status


def expire_offers_on_worker_start(sender, **kwargs) -> None:
    """A task worker starts: expire the seat offers whose deadline passed while
    no worker ran (each moves its seat on to the next person)."""
    expired = services.expire_due_offers()
    if expired:
        logger.info("Expired %d seat offers due while no worker ran", expired)


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
