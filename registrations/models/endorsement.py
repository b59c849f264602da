"""Endorsements and nominations: an agency vouches for an applicant before the
organizers see the application, or names the people it sends.

Each row keeps a random token; the link in the e-mail carries it signed with the
portal's secret key (registrations.services.links), so the rows alone cannot
forge a link, and a reminder can send the same link again. A link works without
an account, once, until the row expires.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Registration


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Endorsement(models.Model):
    """A request to a supervisor or an agency's focal point to endorse one
    application. Several may be sent for one application (the agency's focal
    points): the first answer decides and closes the others."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the answer")
        ENDORSED = "endorsed", _("Endorsed")
        DECLINED = "declined", _("Declined")
        CLOSED = "closed", _("Closed")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    endorser_email = models.EmailField(_("endorser's e-mail"))
    token = models.CharField(
        _("token"), max_length=64, unique=True, editable=False, default=new_token
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # The language the request went out in; the reminder follows it.
    language = models.CharField(
        _("language"), max_length=5, default=settings.LANGUAGE_CODE
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "endorser_email"],
                name="registrations_endorsement_one_per_endorser",
            )
        ]

    def __str__(self) -> str:
        return f"{self.endorser_email} · {self.registration_id}"


class Nomination(models.Model):
    """A focal point names a person of their agency for a training; the person
    confirms by completing the application from the link they receive."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    position = models.CharField(_("position"), max_length=200, blank=True)
    token = models.CharField(
        _("token"), max_length=64, unique=True, editable=False, default=new_token
    )
    created_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nomination",
    )
    language = models.CharField(
        _("language"), max_length=5, default=settings.LANGUAGE_CODE
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                name="registrations_nomination_one_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}> · {self.event_id}"


class OrganizerDigest(models.Model):
    """When an organizer last received the daily digest of new applications."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer"),
        on_delete=models.CASCADE,
        related_name="registration_digest",
    )
    last_sent_at = models.DateTimeField(_("last sent at"))

    class Meta:
        verbose_name = _("organizers' digest")
        verbose_name_plural = _("organizers' digests")

    def __str__(self) -> str:
        return f"{self.user} · {self.last_sent_at:%Y-%m-%d}"
