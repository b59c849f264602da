"""Certificates of attendance, with codes anyone can verify."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import effects
from events.selectors import event_has_ended
from registrations import selectors
from registrations.models import Certificate, Registration, certificate_code_normalise
from registrations.services.attendance import require_own_attended
from registrations.services.decide import require_organizer
from registrations.services.errors import RegistrationError
from registrations.services.notify import notify_certificate_issued
from registrations.services.seats import lock_training

# Characters of certificate codes: no 0/O or 1/I to misread when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return certificate_code_normalise(raw)


@transaction.atomic
def registration_certificate_issue(*, registration: Registration, by) -> Certificate:
    """The attendee's certificate of attendance, created on first download.

    Requires attendance of every session the registration covers, or of the
    share the training sets (`certificate_min_attendance`); checked at every
    download, so a corrected attendance sheet counts.
    """
    require_own_attended(registration, by)
    existing = Certificate.objects.filter(registration=registration).first()
    if existing and existing.revoked_at:
        raise RegistrationError(
            _("This certificate has been revoked; it can no longer be downloaded."),
            code="revoked",
        )
    _require_earned(selectors.attendance_record(registration=registration))
    if existing:
        return existing
    return _create(registration)


def _create(registration: Registration) -> Certificate:
    return Certificate.objects.create(
        registration=registration,
        code=_new_code(),
        # The verification page is public: a name, never the e-mail address.
        holder_name=registration.full_name or registration.user.get_full_name(),
    )


def _require_earned(record: selectors.AttendanceRecord) -> None:
    if record.earns_certificate:
        return
    if record.basis == "hours":
        raise RegistrationError(
            _(
                "A certificate requires attending %(required)s of %(total)s "
                "hours; you attended %(attended)s."
            )
            % {
                "required": f"{record.required_hours:g}",
                "total": f"{record.hours_total:g}",
                "attended": f"{record.hours_attended:g}",
            },
            code="attendance_below_threshold",
        )
    raise RegistrationError(
        ngettext_lazy(
            "A certificate requires attending %(required)s of %(total)s "
            "session; you attended %(attended)s.",
            "A certificate requires attending %(required)s of %(total)s "
            "sessions; you attended %(attended)s.",
            "total",
        )
        % {
            "required": record.required,
            "total": record.total,
            "attended": record.attended,
        },
        code="attendance_below_threshold",
    )


def _notify_after_commit(certificate: Certificate) -> None:
    effects.enqueue_after_commit(
        notify_certificate_issued, certificate_id=certificate.pk
    )


@transaction.atomic
def certificates_issue_bulk(*, event, by) -> list[Certificate]:
    """Staff issue the certificates of everyone who met the training's rule
    and has none yet, once the training has ended; each holder is e-mailed
    their certificate. Those below the rule get nothing (someone who attended
    1 of 3 days gets no certificate under a 100 % rule). Returns the new ones."""
    require_organizer(event, by)
    event = lock_training(event)  # two staff clicking at once issue once
    if not event_has_ended(event):
        raise RegistrationError(
            _("Certificates are issued once the training has ended."),
            code="not_ended",
        )
    issued = []
    for registration in selectors.certificate_candidates(event=event):
        certificate = _create(registration)
        _notify_after_commit(certificate)
        issued.append(certificate)
    return issued


@transaction.atomic
def certificate_resend(*, certificate: Certificate, by) -> Certificate:
    """E-mail the holder their certificate again (not a revoked one)."""
    require_organizer(certificate.registration.event, by)
    if certificate.revoked_at:
        raise RegistrationError(
            _("A revoked certificate cannot be sent."), code="revoked"
        )
    _notify_after_commit(certificate)
    return certificate
