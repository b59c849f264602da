"""The audit trail: the one function every decision on a registration goes through."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from registrations.models import Decision, Registration
from registrations.services.errors import RegistrationError

Action = Decision.Action
Reason = Decision.Reason


def record_decision(
    registration: Registration,
    action: str,
    actor=None,
    reason_code: str = "",
    reason_text: str = "",
    actor_email: str = "",
) -> Decision:
    """Add one row to the registration's audit trail and return it.

    `actor`: the user who decided; `actor_email`: who decided without an account
    (an endorser's link), or the user's address to keep; neither: the system (a
    promotion, an expiry). `reason_code` is one of Decision.Reason, `reason_text`
    the written explanation; the applicant reads both. Call it inside the
    transaction that makes the change, so the record and the change commit
    together.
    """
    if action not in Action.values:
        raise RegistrationError(_("Unknown decision."), code="invalid")
    if reason_code and reason_code not in Reason.values:
        raise RegistrationError(
            _("Choose a reason from the list."), code="invalid", field="reason_code"
        )
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if actor is not None and not actor_email:
        actor_email = actor.email or ""
    return Decision.objects.create(
        registration=registration,
        action=action,
        actor=actor,
        actor_email=actor_email.strip().lower(),
        reason_code=reason_code,
        reason_text=(reason_text or "").strip(),
    )


# The decision each status an organizer gives records.
ACTION_FOR_STATUS = {
    Registration.Status.CONFIRMED: Action.APPROVE,
    Registration.Status.WAITLISTED: Action.WAITLIST,
    Registration.Status.DECLINED: Action.DECLINE,
}
