"""Registration settings of a training: how people register, kept on EventPage.

The registrations themselves (applications, selection, attendance, certificates)
live in the registrations app, above this one; only the page's own fields and
their admin panels are here, so that a training page carries its settings in
every revision and edition.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)


class RegistrationMode(models.TextChoices):
    CLOSED = "closed", _("Closed")
    FIRST_COME = "first_come", _("First come, first served")
    APPLICATION = "application", _("Application with selection")


class Participation(models.TextChoices):
    """How people take part in a training without registration on the portal."""

    INVITATION = "invitation", _("By invitation of the organizers")
    OPEN = "open", _("Open to all, no registration needed")
    CONTACT = "contact", _("Ask the organizers (contact below)")


class RegistrationSettingsMixin(models.Model):
    """How people register for a training; mixed into EventPage.

    An empty capacity means no limit. Sessions may carry their own capacity
    (EventSession.capacity), checked as well when seats are confirmed.
    """

    registration_mode = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.CLOSED,
    )
    participation = models.CharField(
        _("without registration, people take part"),
        max_length=20,
        choices=Participation.choices,
        default=Participation.INVITATION,
        help_text=_(
            "Shown on the calendar and the training's page when registration is closed."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("Confirmed participants at most; leave empty for no limit."),
    )
    sessions_selectable = models.BooleanField(
        _("participants choose sessions"),
        default=False,
        help_text=_(
            "When set, each participant picks the sessions they attend; otherwise "
            "a registration covers every session."
        ),
    )
    waitlist_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the training is full, further applicants wait for a seat."),
    )
    auto_promote = models.BooleanField(
        _("promote automatically by rank"),
        default=False,
        help_text=_(
            "Application mode: when a confirmed participant cancels, confirm the "
            "best-ranked person on the waiting list at once instead of offering "
            "them the seat with a deadline."
        ),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offered seat"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text=_(
            "When a seat frees up, the next person in line is offered it and has "
            "this long to accept before it goes to the following one."
        ),
    )
    offers_in_first_come = models.BooleanField(
        _("first come: offer freed seats"),
        default=False,
        help_text=_(
            "First come: a freed seat is offered to the next person on the waiting "
            "list, who accepts it within the deadline, instead of being confirmed "
            "at once."
        ),
    )
    prerequisites = ParentalManyToManyField(
        "events.EventPage",
        verbose_name=_("prerequisite trainings"),
        blank=True,
        symmetrical=False,
        related_name="required_by",
        help_text=_(
            "Applicants should have attended one edition of each; the applicant "
            "list flags those who have not."
        ),
    )
    endorsement_required = models.BooleanField(
        _("endorsement required"),
        default=False,
        help_text=_(
            "Applicants name their organization and a supervisor or its focal "
            "points, who endorse the application before the organizers see it."
        ),
    )
    endorsement_reminder_days = models.PositiveSmallIntegerField(
        _("remind endorsers after (days)"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_("0 sends no reminder."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True
    )
    certificate_min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance for a certificate, in percent"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Share of the participant's sessions they must attend to receive a "
            "certificate; 100 means every session."
        ),
    )
    certificate_attendance_basis = models.CharField(
        _("minimum attendance counted in"),
        max_length=10,
        choices=[("sessions", _("sessions")), ("hours", _("hours"))],
        default="sessions",
        help_text=_(
            "Whether the minimum share counts the sessions attended or their hours."
        ),
    )
    # A text: each language's page holds its own, translated with the page's
    # other texts (wagtail-localize); the rest of these settings are the source
    # page's (events.models.EventPage.override_translatable_fields).
    eligibility = models.TextField(_("eligibility"), blank=True)
    allowed_agencies = ParentalManyToManyField(
        "agencies.Agency",
        verbose_name=_("organizations that may apply"),
        blank=True,
        related_name="registration_events",
        help_text=_("Leave empty to accept applicants from any organization."),
    )

    class Meta:
        abstract = True


def registration_panels():
    """The admin panels of the registration settings, spliced into EventPage's.

    The questions and criteria are child objects of the page defined by the
    registrations app (ParentalKey, related names below).
    """
    return [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_mode"), FieldPanel("capacity")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_at"),
                    ]
                ),
                FieldPanel("participation"),
                FieldPanel("sessions_selectable"),
                FieldPanel("waitlist_enabled"),
                FieldPanel("auto_promote"),
                FieldRowPanel(
                    [FieldPanel("offer_hours"), FieldPanel("offers_in_first_come")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("endorsement_required"),
                        FieldPanel("endorsement_reminder_days"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("certificate_min_attendance"),
                        FieldPanel("certificate_attendance_basis"),
                    ]
                ),
                FieldPanel("eligibility"),
                FieldPanel("allowed_agencies", widget=forms.CheckboxSelectMultiple),
                FieldPanel("prerequisites"),
            ],
            heading=_("Registration"),
        ),
        InlinePanel("agency_quotas", label=_("Seats per agency")),
        InlinePanel("certificate_signers", label=_("Certificate signers")),
        InlinePanel("registration_questions", label=_("Registration questions")),
        InlinePanel("selection_criteria", label=_("Selection criteria")),
    ]
