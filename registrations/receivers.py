"""Answers of the registrations app to the events app's hooks (events.hooks)."""

from django.db.models import Count, Q

from registrations import selectors
from registrations.models import Registration

Status = Registration.Status


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
