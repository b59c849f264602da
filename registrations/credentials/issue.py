"""The Open Badges 3.0 credential of a certificate, and the revocation status
list credential, signed with the portal's key (eddsa-jcs-2022)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.selectors import event_end, event_start
from registrations import selectors
from registrations.credentials import keys, proof, statuslist
from registrations.models import Attendance, Certificate

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
STATUS_CONTEXTS = ["https://www.w3.org/ns/credentials/v2"]


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hours_attended(registration, covered: set[int]) -> int:
    seconds = sum(
        (end - start).total_seconds()
        for start, end in Attendance.objects.filter(
            registration=registration, present=True, session_id__in=covered
        ).values_list("session__start", "session__end")
    )
    return round(seconds / 3600)


def _issuer(did: str, base_url: str) -> dict:
    return {
        "id": did,
        "type": ["Profile"],
        "name": settings.WAGTAIL_SITE_NAME,
        "url": base_url + "/",
    }


def _criteria(event) -> str:
    percent = {"percent": event.certificate_min_attendance}
    if event.certificate_attendance_basis == "hours":
        return (
            _("Attend at least %(percent)s%% of the hours of the training's sessions.")
            % percent
        )
    return _("Attend at least %(percent)s%% of the training's sessions.") % percent


def certificate_credential(
    *,
    certificate: Certificate,
    did: str,
    base_url: str,
    credential_url: str,
    status_url: str,
    training_url: str,
) -> dict:
    """The signed credential; the same bytes on every download (the proof's
    `created` is the issue date and Ed25519 signatures are deterministic)."""
    registration = certificate.registration
    event = registration.event
    record = selectors.attendance_record(registration=registration)
    covered = set(registration.sessions.values_list("pk", flat=True)) or set(
        event.sessions.values_list("pk", flat=True)
    )
    hours = _hours_attended(registration, covered)
    attended = ngettext(
        "Attended %(attended)s of %(total)s session",
        "Attended %(attended)s of %(total)s sessions",
        record.total,
    ) % {"attended": record.attended, "total": record.total}
    narrative = ngettext(
        "%(sessions)s, %(hours)s hour.",
        "%(sessions)s, %(hours)s hours.",
        hours,
    ) % {"sessions": attended, "hours": hours}
    subject = {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": training_url,
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": event.title,
            "description": _("Certificate of attendance of the training %(title)s.")
            % {"title": event.title},
            "criteria": {"narrative": _criteria(event)},
        },
        "narrative": narrative,
    }
    if certificate.holder_name:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.holder_name,
            }
        ]
    start, end = event_start(event), event_end(event)
    if start:
        subject["activityStartDate"] = _stamp(start)
    if end:
        subject["activityEndDate"] = _stamp(end)
    document = {
        "@context": CONTEXTS,
        "id": credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": event.title,
        "issuer": _issuer(did, base_url),
        "validFrom": _stamp(certificate.issued_at),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_url}#{certificate.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.pk),
            "statusListCredential": status_url,
        },
    }
    return proof.sign(
        document,
        key=keys.signing_key(),
        verification_method=keys.verification_method(did),
        created=_stamp(certificate.issued_at),
    )


def revocation_list_credential(*, did: str, status_url: str) -> dict:
    """Every certificate's revocation bit (index = its pk), signed now."""
    revoked = set(
        Certificate.objects.filter(revoked_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    now = _stamp(timezone.now())
    document = {
        "@context": STATUS_CONTEXTS,
        "id": status_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did,
        "validFrom": now,
        "credentialSubject": {
            "id": f"{status_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": statuslist.encode(revoked),
        },
    }
    return proof.sign(
        document,
        key=keys.signing_key(),
        verification_method=keys.verification_method(did),
        created=now,
    )
