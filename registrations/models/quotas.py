"""Seats of a training reserved for an agency, or for a pool of agencies of one
kind (civil society, academia…), until a release date."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from agencies.models import Agency


class AgencyQuota(Orderable):
    """Seats for one agency or one kind of agency, edited on the source page.

    Until its release date a quota is both a reservation (nobody else takes
    those seats) and a ceiling (the agency takes no more). From that date it no
    longer applies: its unused seats join the general pool and its applicants
    compete for general seats. A pool (no agency, a kind) takes applicants of
    every agency of that kind that has no quota of its own.
    """

    page = ParentalKey(
        "events.EventPage",
        verbose_name=_("training"),
        related_name="agency_quotas",
        on_delete=models.CASCADE,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    agency_kind = models.CharField(
        _("or every agency of this kind"),
        max_length=20,
        choices=Agency.Kind.choices,
        blank=True,
        help_text=_("For a pool such as civil society; leave the agency empty."),
    )
    seats = models.PositiveIntegerField(_("seats"))
    released_at = models.DateTimeField(
        _("unused seats released on"),
        null=True,
        blank=True,
        help_text=_("From then on, unused seats go to the general pool."),
    )

    panels = [
        FieldRowPanel([FieldPanel("agency"), FieldPanel("agency_kind")]),
        FieldRowPanel([FieldPanel("seats"), FieldPanel("released_at")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("seats per agency")
        verbose_name_plural = _("seats per agency")
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(agency_kind=""))
                | (Q(agency__isnull=True) & ~Q(agency_kind="")),
                name="registrations_quota_agency_or_kind",
            ),
            models.UniqueConstraint(
                fields=["page", "agency"],
                condition=Q(agency__isnull=False),
                name="registrations_quota_one_per_agency",
            ),
            models.UniqueConstraint(
                fields=["page", "agency_kind"],
                condition=~Q(agency_kind=""),
                name="registrations_quota_one_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.seats}"

    @property
    def key(self) -> int | str:
        """The agency's id, or "kind:<kind>" for a pool."""
        return self.agency_id if self.agency_id else f"kind:{self.agency_kind}"

    @property
    def label(self) -> str:
        if self.agency_id:
            return str(self.agency)
        return str(Agency.Kind(self.agency_kind).label)

    def is_released(self, now=None) -> bool:
        return self.released_at is not None and (now or timezone.now()) >= (
            self.released_at
        )
