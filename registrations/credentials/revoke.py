"""Revoking a certificate (issue 19): only the training's organizers, with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registrations import selectors
from registrations.models import Certificate
from registrations.services.errors import RegistrationError


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Marks the certificate revoked now; its verification page and the
    revocation status list say so from then on. Revoking twice keeps the first
    date and reason."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    event = selectors.registration_event(event=certificate.registration.event)
    if not selectors.user_can_manage_registrations(by, event):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise RegistrationError(
            _("Give the reason for revoking the certificate."), code="reason_required"
        )
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revocation_reason = reason
        certificate.revoked_by = by
        certificate.save(
            update_fields=["revoked_at", "revocation_reason", "revoked_by"]
        )
    return certificate
