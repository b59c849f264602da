"""Certificates of attendance, with codes anyone can verify."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import ngettext_lazy

from registrations import selectors
from registrations.models import Certificate, Registration, certificate_code_normalise
from registrations.services.attendance import require_own_attended
from registrations.services.errors import RegistrationError

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
    record = selectors.attendance_record(registration=registration)
    if not record.earns_certificate:
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
    existing = Certificate.objects.filter(registration=registration).first()
    if existing:
        return existing
    return Certificate.objects.create(
        registration=registration,
        code=_new_code(),
        # The verification page is public: a name, never the e-mail address.
        holder_name=registration.full_name or registration.user.get_full_name(),
    )
