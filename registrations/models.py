"""Registrations to trainings: questions and criteria of a training, applications,
scores, attendance, certificates and evaluations.

The settings (mode, seats, dates) stay on the training page
(events.registration_settings). These models moved here from the events app with
their tables: each keeps its `events_…` table, constraint and index names, so the
move needed no schema change (see migrations/0001_initial.py). The training page
row is the lock every seat-changing service takes (registrations.services.seats).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from core.translation import TranslatedField


class RegistrationQuestion(Orderable):
    """A question every applicant answers, in both languages."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        YES_NO = "yes_no", _("Yes / no")

    page = ParentalKey(
        "events.EventPage",
        verbose_name=_("training"),
        related_name="registration_questions",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(
        _("kind of answer"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.SHORT_TEXT,
    )
    label_es = models.CharField(_("question (Spanish)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300)
    choices_es = models.TextField(
        _("choices (Spanish)"),
        blank=True,
        help_text=_("Single and multiple choice: one choice per line."),
    )
    choices_en = models.TextField(
        _("choices (English)"),
        blank=True,
        help_text=_("The same choices in the same order, one per line."),
    )
    required = models.BooleanField(_("required"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("label_es"),
        FieldPanel("label_en"),
        FieldRowPanel([FieldPanel("choices_es"), FieldPanel("choices_en")]),
    ]

    class Meta(Orderable.Meta):
        db_table = "events_registrationquestion"
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.label

    label = TranslatedField()

    def choice_pairs(self) -> list[tuple[str, str]]:
        """(stored value, label in the active language); the stored value is the
        Spanish text, so answers stay comparable whatever language was used."""
        spanish = _lines(self.choices_es)
        english = _lines(self.choices_en)
        values = spanish or english
        labels = english if (get_language() or "es")[:2] == "en" else spanish
        return [
            (value, labels[index] if index < len(labels) else value)
            for index, value in enumerate(values)
        ]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SelectionCriterion(Orderable):
    """A weighted criterion organizers score applicants on (application mode)."""

    page = ParentalKey(
        "events.EventPage",
        verbose_name=_("training"),
        related_name="selection_criteria",
        on_delete=models.CASCADE,
    )
    name_es = models.CharField(_("criterion (Spanish)"), max_length=200)
    name_en = models.CharField(_("criterion (English)"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    panels = [
        FieldPanel("name_es"),
        FieldPanel("name_en"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("max_score")]),
    ]

    class Meta(Orderable.Meta):
        db_table = "events_selectioncriterion"
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self) -> str:
        return self.name

    name = TranslatedField()


class Registration(models.Model):
    """One person's registration for one training, and where it stands."""

    class Status(models.TextChoices):
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
    decision_message = models.TextField(_("message to the participant"), blank=True)

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
    """An organizer's score of one applicant on one criterion."""

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
                name="events_score_one_per_criterion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Attendance(models.Model):
    """Whether a confirmed participant was present at one session."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        "events.EventSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        db_table = "events_attendance"
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"],
                name="events_attendance_one_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.session_id} · {self.present}"


def certificate_code_normalise(typed: str) -> str:
    """A certificate code as stored, from one typed by hand: spaces dropped,
    upper case, and the dashes of the XXXX-XXXX-XXXX format put back when the
    12 characters are there. Anything else comes back compacted, as typed."""
    compact = "".join(typed.split()).upper()
    bare = compact.replace("-", "")
    if len(bare) == 12 and bare.isalnum():
        return f"{bare[:4]}-{bare[4:8]}-{bare[8:]}"
    return compact


class Certificate(models.Model):
    """A certificate of attendance; anyone holding the code can verify it."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    # Printed on the certificate and shown when it is verified; emptied (the code
    # still verifies) when the holder deletes their account.
    holder_name = models.CharField(_("holder"), max_length=200)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        db_table = "events_certificate"
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code


class Evaluation(models.Model):
    """An attendee's rating and comments after the training."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        db_table = "events_evaluation"
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.registration} · {self.rating}"
