"""The audit trail read: a training's decisions, and the reason an applicant reads."""

from __future__ import annotations

from registrations.models import Decision, Nomination, Registration


def audit_trail(*, event):
    """Every decision on the training's registrations, oldest first."""
    return (
        Decision.objects.filter(registration__event=event)
        .select_related("registration", "actor")
        .order_by("created_at", "pk")
    )


def latest_reason(registration: Registration) -> Decision | None:
    """The last decision that gave the applicant a reason, if any."""
    return (
        registration.decisions.exclude(reason_code="", reason_text="")
        .order_by("-created_at", "-pk")
        .first()
    )


def agency_nominations(*, event, agency_ids):
    """The nominations these agencies made for the training, with what became
    of each (the application's status once the person confirmed)."""
    return (
        Nomination.objects.filter(event=event, agency_id__in=agency_ids)
        .select_related("agency", "registration")
        .order_by("-created_at", "pk")
    )
