"""Facilitators of an edition drawn from former participants of its series."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Facilitator(models.Model):
    """A former participant named to facilitate a later edition of the series.

    Shown on the edition's page and in its calendar only once the person accepted.
    Rows hang on the source-language page (like the registration settings).
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting consent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="facilitators",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.CASCADE,
        related_name="facilitations",
    )
    # The earlier edition where the person trained (attended).
    trained_in = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("trained in"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    state = models.CharField(
        _("consent"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    named_at = models.DateTimeField(_("named at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="registrations_facilitator_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def uid(self) -> str:
        """A stable URI for the calendar (no e-mail address published)."""
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'facilitator:{self.pk}')}"
