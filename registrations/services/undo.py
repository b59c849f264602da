"""Undoing a cancellation: the participant gets back the status they had, while
the training has not started and, for a confirmed seat, while it is still free."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import cache
from events.registration_settings import RegistrationMode
from events.selectors import event_has_started
from registrations.models import Registration
from registrations.services.errors import RegistrationError
from registrations.services.notify import notify_status_after_commit
from registrations.services.seats import (
    capacity_shortfall,
    chosen_session_ids,
    lock_training,
)

Status = Registration.Status
RESTORABLE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)


@transaction.atomic
def registration_undo_cancel(*, registration: Registration, by) -> Registration:
    """Restore the status a cancellation took away.

    A confirmed seat comes back only if it is still free (nobody from the
    waiting list took it, the organizers confirmed nobody else); otherwise the
    refusal says so. A place on the waiting list comes back with its position
    (the original time of application); a pending application as it was. The
    participant is told the status as after any change.
    """
    if by is None or registration.user_id != by.pk:
        raise RegistrationError(
            _("You can only undo your own cancellation."), code="forbidden"
        )
    event = lock_training(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    previous = registration.status_before_cancel
    if registration.status != Status.CANCELLED or previous not in RESTORABLE:
        raise RegistrationError(
            _("This registration has no cancellation to undo."), code="final"
        )
    if event.is_cancelled or event_has_started(event):
        raise RegistrationError(
            _("The training has started or was cancelled; the cancellation stays."),
            code="started",
        )
    if previous == Status.CONFIRMED:
        shortfall = capacity_shortfall(event, [chosen_session_ids(registration)])
        if shortfall is not None:
            if event.registration_mode == RegistrationMode.APPLICATION:
                message = _(
                    "Your seat is no longer free: the organizers gave it to "
                    "someone else. You may apply again from the training's page."
                )
            else:
                message = _(
                    "Your seat is no longer free: it went to the first person on "
                    "the waiting list. You may register again from the training's "
                    "page."
                )
            raise RegistrationError(message, code="full")
    registration.status = previous
    registration.status_before_cancel = ""
    registration.cancelled_at = None
    registration.save(update_fields=["status", "status_before_cancel", "cancelled_at"])
    notify_status_after_commit(registration, previous=Status.CANCELLED)
    cache.registrations_changed(training_key=event.translation_key)
    return registration
