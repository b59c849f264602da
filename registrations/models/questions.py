"""What a training asks its applicants and how organizers score them."""

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
