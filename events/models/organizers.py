"""Co-organizers of a training and their coordinators' answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ACCEPTED_CO_ORGANIZING = "accepted_co_organizing"


def co_organizers_prefetch(prefix: str = "") -> list:
    """What a listing prefetches so `organizers()` costs no query per training:
    the co-organizers and the trainings each of them accepted to co-organize."""
    return [
        f"{prefix}co_organizers",
        models.Prefetch(
            f"{prefix}co_organizers__co_organizer_invitations",
            queryset=CoOrganizerInvitation.objects.filter(
                status=CoOrganizerInvitation.Status.ACCEPTED
            ).only("pk", "agency_id", "translation_key"),
            to_attr=ACCEPTED_CO_ORGANIZING,
        ),
    ]


class CoOrganizerInvitation(models.Model):
    """An agency named co-organizer of a training, and its coordinators' answer.

    Keyed by the training's translation key, so one answer holds for every
    language of the training. Only the lead agency names or removes
    co-organizers (events.forms.EventPageForm); an agency gains rights over the
    training once its coordinators accept (events.organizers).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    page = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="co_organizer_invitations",
    )
    translation_key = models.UUIDField(_("training (all languages)"), db_index=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="co_organizer_invitations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("co-organizer invitation")
        verbose_name_plural = _("co-organizer invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "agency"],
                name="events_coorganizerinvitation_training_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.page.title} ({self.get_status_display()})"
