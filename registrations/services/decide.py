"""Organizers' decisions on applicants: approve, waitlist, decline, and score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import cache
from events.registration_settings import RegistrationMode
from registrations import selectors
from registrations.models import Registration, SelectionScore
from registrations.services.decisions import ACTION_FOR_STATUS, record_decision
from registrations.services.errors import RegistrationError
from registrations.services.notify import notify_status_after_commit
from registrations.services.offers import withdraw_open_offers
from registrations.services.promote import fill_freed_seats
from registrations.services.seats import (
    capacity_shortfall,
    chosen_session_ids,
    lock_training,
)

Status = Registration.Status


def require_organizer(event, by) -> None:
    if not selectors.user_can_manage_registrations(by, event):
        raise RegistrationError(
            _("Only editors of the organizing agencies can manage registrations."),
            code="forbidden",
        )


DECISIONS = (Status.CONFIRMED, Status.WAITLISTED, Status.DECLINED)


@transaction.atomic
def registration_decide(
    *,
    event,
    registration_ids: Iterable[int],
    status: str,
    by,
    message: str = "",
    reason_code: str = "",
    reason_text: str = "",
) -> list[Registration]:
    """Approve, waitlist or decline several applicants at once, with a message
    and a reason (from Decision.Reason and/or written), each recorded in the
    audit trail.

    Approving more people than there are free seats (for the training or any
    session) is refused as a whole. Cancelled registrations stay cancelled, and
    applications still awaiting their endorsement are not the organizers' yet.
    """
    require_organizer(event, by)
    if status not in DECISIONS:
        raise RegistrationError(_("Choose a valid decision."), code="invalid")
    ids = {int(pk) for pk in registration_ids}
    if not ids:
        raise RegistrationError(_("Select at least one applicant."), code="empty")
    event = lock_training(event)
    registrations = list(
        Registration.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(event=event, pk__in=ids)
        .order_by("applied_at", "pk")
    )
    if len(registrations) != len(ids):
        raise RegistrationError(
            _("Some selected applicants do not belong to this training."),
            code="invalid",
        )
    if any(r.status == Status.AWAITING_ENDORSEMENT for r in registrations):
        raise RegistrationError(
            _("Some selected applications are still awaiting their endorsement."),
            code="not_endorsed",
        )
    if any(r.status in (Status.CANCELLED, Status.ATTENDED) for r in registrations):
        raise RegistrationError(
            _(
                "Cancelled registrations and attendees cannot be changed; "
                "unselect them."
            ),
            code="final",
        )
    changing = [r for r in registrations if r.status != status]
    # An offered seat goes back with the decision: to the person if approved
    # (checked below like any seat), else to the next in line.
    withdrawn = withdraw_open_offers(changing)
    if status == Status.CONFIRMED:
        shortfall = capacity_shortfall(
            event,
            [chosen_session_ids(r) for r in changing],
            [r.agency for r in changing],
        )
        if shortfall:
            raise RegistrationError(
                _("Not approved: %(reason)s") % {"reason": shortfall}, code="full"
            )
    now = timezone.now()
    freed = False
    for registration in changing:
        previous = registration.status
        freed = freed or previous == Status.CONFIRMED
        registration.status = status
        registration.decided_at = now
        registration.decision_message = message
        registration.save(update_fields=["status", "decided_at", "decision_message"])
        record_decision(
            registration,
            ACTION_FOR_STATUS[status],
            actor=by,
            reason_code=reason_code,
            reason_text=reason_text,
        )
        notify_status_after_commit(
            registration,
            previous=previous,
            message=message,
            reason_code=reason_code,
            reason_text=reason_text,
        )
    if (freed and event.registration_mode == RegistrationMode.FIRST_COME) or (
        withdrawn and status != Status.CONFIRMED
    ):
        fill_freed_seats(event)
    cache.registrations_changed(training_key=event.translation_key)
    return changing


@transaction.atomic
def registration_score(
    *, registration: Registration, scores: Mapping[int, int | None], by
) -> list[SelectionScore]:
    """Record the organizers' own scores (criterion id → score, None to clear):
    one voice beside the panel's reviewers (services.review_record)."""
    event = registration.event
    require_organizer(event, by)
    criteria = {criterion.pk: criterion for criterion in event.selection_criteria.all()}
    if set(scores) - set(criteria):
        raise RegistrationError(
            _("Score the criteria of this training only."), code="invalid"
        )
    saved = []
    for pk, value in scores.items():
        criterion = criteria[pk]
        if value is None:
            SelectionScore.objects.filter(
                registration=registration, criterion=criterion, reviewer=None
            ).delete()
            continue
        if not 0 <= value <= criterion.max_score:
            raise RegistrationError(
                _("A score for “%(criterion)s” lies between 0 and %(max)s.")
                % {"criterion": criterion.name_shown, "max": criterion.max_score},
                code="invalid",
                field=f"criterion_{pk}",
            )
        score, _created = SelectionScore.objects.update_or_create(
            registration=registration,
            criterion=criterion,
            reviewer=None,
            defaults={"value": value, "scored_by": by},
        )
        saved.append(score)
    return saved
