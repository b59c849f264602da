"""Applications to a training, their answers and the organizers' scores."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .questions import RegistrationQuestion, SelectionCriterion


class Registration(models.Model):
    """One person's registration for one training, and where it stands."""

    class Status(models.TextChoices):
        # Endorsement required: the organizers see it once endorsed.
        AWAITING_ENDORSEMENT = "awaiting_endorsement", _("Awaiting endorsement")
        PENDING = "pending", _("Pending review")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    # Statuses that hold a seat.
    SEATED = (Status.CONFIRMED, Status.ATTENDED)

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, db_index=True
    )
    sessions = models.ManyToManyField(
        "events.EventSession",
        verbose_name=_("sessions"),
        blank=True,
        related_name="registrations",
        help_text=_("Empty when the registration covers every session."),
    )
    # Who the person was when they applied, as organizers saw it; the profile may
    # change later and deleted accounts empty these.
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    applied_at = models.DateTimeField(_("applied at"), db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # What a cancellation left, so that the participant can undo it.
    status_before_cancel = models.CharField(
        _("status before cancelling"),
        max_length=20,
        choices=Status.choices,
        blank=True,
    )
    decision_message = models.TextField(_("message to the participant"), blank=True)
    # What the participant's personal QR code carries (issue 19): random, so the
    # code names nobody and cannot be guessed; given when first needed.
    checkin_token = models.CharField(
        _("check-in token"), max_length=32, unique=True, null=True, blank=True
    )

    class Meta:
        db_table = "events_registration"
        ordering = ["applied_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="events_registration_one_per_person"
            )
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "applied_at"],
                name="events_registration_queue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.email or self.user_id} · {self.event_id}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEATED


class RegistrationAnswer(models.Model):
    """An applicant's answer to one question; several choices one per line."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        RegistrationQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        db_table = "events_registrationanswer"
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"],
                name="events_answer_one_per_question",
            )
        ]

    def __str__(self) -> str:
        return self.value

    def display_value(self) -> str:
        if not self.value:
            return ""
        if self.question.kind == RegistrationQuestion.Kind.YES_NO:
            labels = {"yes": _("Yes"), "no": _("No")}
            return str(labels.get(self.value, self.value))
        if self.question.kind in (
            RegistrationQuestion.Kind.SINGLE_CHOICE,
            RegistrationQuestion.Kind.MULTIPLE_CHOICE,
        ):
            labels = dict(self.question.choice_pairs())
            return "; ".join(
                labels.get(value, value) for value in self.value.splitlines()
            )
        return self.value


class SelectionScore(models.Model):
    """A reviewer's score of one applicant on one criterion.

    Without a reviewer it is the organizers' own score: every score recorded
    before panel review (one per applicant and criterion) and the applicant
    page's form. Each reviewer, and the organizers together, count as one voice
    in the ranking (registrations.selectors.review).
    """

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        SelectionCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    value = models.PositiveSmallIntegerField(_("score"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_scores",
        help_text=_("Empty for the organizers' own score."),
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        db_table = "events_selectionscore"
        verbose_name = _("selection score")
        verbose_name_plural = _("selection scores")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "criterion"],
                condition=models.Q(reviewer__isnull=True),
                name="events_score_one_per_criterion",
            ),
            models.UniqueConstraint(
                fields=["registration", "criterion", "reviewer"],
                condition=models.Q(reviewer__isnull=False),
                name="registrations_score_one_per_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
