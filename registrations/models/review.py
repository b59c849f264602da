"""Panel review of a training's applicants: its settings, the reviewers the
organizers assign, and each reviewer's note and conflict of interest per applicant.

The scores themselves are SelectionScore rows (applications.py), one per
applicant × criterion × reviewer; a score without a reviewer is the organizers'
own score (every score recorded before panel review began, and the applicant
page's form).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewPanel(models.Model):
    """How a training's panel reviews: blind or not, how reviewers' totals
    combine into a ranking, and which rule breaks a tie at the cut-off line."""

    class Aggregate(models.TextChoices):
        MEAN = "mean", _("Mean of the reviewers' totals")
        MEDIAN = "median", _("Median of the reviewers' totals")

    class TieBreak(models.TextChoices):
        EARLIER = "earlier", _("Earlier application first")
        AGENCY_BALANCE = (
            "agency_balance",
            _("Agency balance (the agency with fewer selected first)"),
        )

    event = models.OneToOneField(
        "events.EventPage",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="review_panel",
    )
    blind = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_(
            "Reviewers see neither the applicants' names and e-mails nor their "
            "organizations."
        ),
    )
    aggregate = models.CharField(
        _("ranking by"),
        max_length=10,
        choices=Aggregate.choices,
        default=Aggregate.MEAN,
    )
    tie_break = models.CharField(
        _("ties at the cut-off line"),
        max_length=20,
        choices=TieBreak.choices,
        default=TieBreak.EARLIER,
    )
    deadline = models.DateField(
        _("reviews due by"),
        null=True,
        blank=True,
        help_text=_("Told to the reviewers when they are assigned."),
    )

    class Meta:
        verbose_name = _("review panel")
        verbose_name_plural = _("review panels")

    def __str__(self) -> str:
        return str(self.event)


class Reviewer(models.Model):
    """A member of an organizing agency the organizers asked to score applicants."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="reviewers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="registrations_reviewer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event_id}"


class ApplicantReview(models.Model):
    """One reviewer's note on one applicant, or their declared conflict of
    interest (the reviewer's scores of that applicant are then removed and
    refused)."""

    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    conflict_of_interest = models.BooleanField(_("conflict of interest"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("applicant review")
        verbose_name_plural = _("applicant reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "reviewer"],
                name="registrations_review_one_per_reviewer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.registration_id}"
