"""Answers of the registrations app to the events app's hooks (events.hooks) and
signals (events.signals) and to core's signals."""

import logging

from django.db.models import Count, Q

from events.changes import schedule_changed
from events.selectors import registration_event
from registrations import selectors, services
from registrations.models import Registration
from registrations.services.notify import notify_schedule_changed_after_commit

logger = logging.getLogger(__name__)

Status = Registration.Status


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


def expire_offers_on_worker_start(sender, **kwargs) -> None:
    """A task worker starts: expire the seat offers whose deadline passed while
    no worker ran (each moves its seat on to the next person)."""
    expired = services.expire_due_offers()
    if expired:
        logger.info("Expired %d seat offers due while no worker ran", expired)


def release_quota_seats_on_worker_start(sender, **kwargs) -> None:
    """A task worker starts: give out the seats of quotas released while no
    worker ran (to the next people in line who fit)."""
    given = services.release_due_quota_seats()
    if given:
        logger.info("Gave out %d seats of quotas released while no worker ran", given)


def schedule_quota_releases(sender, *, event, **kwargs) -> None:
    """events.signals.training_published: queue each future release date of
    the training's quotas for the worker (quotas live on the source page)."""
    if registration_event(event=event).pk != event.pk:
        return
    try:
        services.schedule_quota_releases(event)
    except Exception:  # publishing must never fail because of its tasks
        logger.exception("Could not queue the quota releases of %s", event.pk)


def participant_sees_online_link(sender, *, event, user, **kwargs) -> bool:
    """Confirmed participants (and attendees) read the training's online link."""
    return selectors.user_holds_seat(user=user, event=event)


def card_registration_states(sender, *, events, **kwargs) -> dict:
    """What each training card says about registering (events.hooks)."""
    return selectors.registration_states(events)


def edition_facilitators(sender, *, event, **kwargs) -> list:
    """The training's facilitators who accepted (events.hooks)."""
    from registrations.selectors.series import accepted_facilitators

    return accepted_facilitators(event=event)


def series_tree(sender, *, event, **kwargs):
    """The tree of the training's series (events.hooks)."""
    from registrations.selectors.series import series_tree

    return series_tree(event=event)


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


def tell_registrants_of_schedule_change(sender, *, event, previous, **kwargs) -> None:
    """events.signals.training_changed: the sessions' dates, times or rooms, or
    the venue, changed; each confirmed and waitlisted registrant is e-mailed.
    Only the page registrations attach to counts (its translations share the
    sessions), so one change sends one e-mail per person."""
    if registration_event(event=event).pk != event.pk:
        return
    if not schedule_changed(event=event, previous=previous):
        return
    try:
        notify_schedule_changed_after_commit(event)
    except Exception:  # publishing must never fail because of its e-mails
        logger.exception("Could not queue the schedule e-mails of %s", event.pk)
