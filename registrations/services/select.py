"""Confirming the organizers' selection: approve the ticked applicants and put
the other pending ones on the waiting list, together or not at all."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration
from registrations.services.decide import registration_decide, require_organizer
from registrations.services.errors import RegistrationError
from registrations.services.seats import lock_training

Status = Registration.Status


@transaction.atomic
def selection_confirm(
    *, event, selected_ids: Iterable[int], by, message: str = ""
) -> tuple[list[Registration], list[Registration]]:
    """Approve `selected_ids` and waitlist every other pending applicant.

    One transaction under the training's lock, through registration_decide: when
    the approvals do not fit (capacity, a session's seats), nothing changes and
    the RegistrationError says why. Returns (approved, waitlisted).
    """
    require_organizer(event, by)
    event = lock_training(event)
    selected = {int(pk) for pk in selected_ids}
    if not selected:
        raise RegistrationError(_("Select at least one applicant."), code="empty")
    candidates = set(
        Registration.objects.filter(
            event=event, status__in=(Status.PENDING, Status.WAITLISTED)
        ).values_list("pk", flat=True)
    )
    if selected - candidates:
        raise RegistrationError(
            _("Only pending or waitlisted applicants can be selected."),
            code="invalid",
        )
    approved = registration_decide(
        event=event,
        registration_ids=selected,
        status=Status.CONFIRMED,
        by=by,
        message=message,
    )
    rest = Registration.objects.filter(event=event, status=Status.PENDING).exclude(
        pk__in=selected
    )
    rest_ids = list(rest.values_list("pk", flat=True))
    waitlisted = (
        registration_decide(
            event=event,
            registration_ids=rest_ids,
            status=Status.WAITLISTED,
            by=by,
        )
        if rest_ids
        else []
    )
    return approved, waitlisted
