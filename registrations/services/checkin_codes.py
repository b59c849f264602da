"""Personal check-in codes: the random token a participant's QR code carries."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from registrations.models import Registration


def _new_token() -> str:
    # 20 random bytes, URL-safe: nothing personal, nothing to guess.
    return secrets.token_urlsafe(20)[:27]


def registration_checkin_token(*, registration: Registration) -> str:
    """The registration's check-in token, given on first need and then kept."""
    if registration.checkin_token:
        return registration.checkin_token
    for _attempt in range(3):
        token = _new_token()
        try:
            with transaction.atomic():
                updated = Registration.objects.filter(
                    pk=registration.pk, checkin_token__isnull=True
                ).update(checkin_token=token)
        except IntegrityError:  # a token taken already: draw again
            continue
        if not updated:  # given meanwhile by another request: that one
            token = Registration.objects.values_list("checkin_token", flat=True).get(
                pk=registration.pk
            )
        registration.checkin_token = token
        return token
    raise RuntimeError("could not draw a unique check-in token")


def checkin_tokens_ensure(registrations: Iterable[Registration]) -> None:
    """Give each listed registration its token (the check-in page lists them)."""
    for registration in registrations:
        registration_checkin_token(registration=registration)
