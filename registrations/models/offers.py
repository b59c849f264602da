"""A freed seat offered to the next person in line, to accept before a deadline."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .applications import Registration


class Offer(models.Model):
    """One seat of a training offered to one waitlisted registration.

    While open it holds its seat (and its agency's quota): capacity checks count
    open offers with confirmed seats. The services create and close offers only
    under the training's lock (registrations.services.seats.lock_training); the
    constraints below are the database's own guard against a seat offered twice
    or two open offers to one person.
    """

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("seat offer", "Open")
        ACCEPTED = "accepted", pgettext_lazy("seat offer", "Accepted")
        DECLINED = "declined", pgettext_lazy("seat offer", "Declined")
        EXPIRED = "expired", pgettext_lazy("seat offer", "Expired")
        WITHDRAWN = "withdrawn", pgettext_lazy("seat offer", "Withdrawn")

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="seat_offers",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    # The number of the offered seat among the training's open offers (1, 2…):
    # two offers open at once never share one.
    seat = models.PositiveIntegerField(_("seat"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
    )
    offered_at = models.DateTimeField(_("offered at"))
    expires_at = models.DateTimeField(_("answer before"), db_index=True)
    answered_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["offered_at", "pk"]
        verbose_name = _("seat offer")
        verbose_name_plural = _("seat offers")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "seat"],
                condition=Q(status="open"),
                name="registrations_offer_one_per_seat",
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(status="open"),
                name="registrations_offer_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(seat__gte=1), name="registrations_offer_seat_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.seat} · {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
