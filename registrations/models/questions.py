"""What a training asks its applicants and how organizers score them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.translated_rows import ShownText, twin_lines


class RegistrationQuestion(TranslatableMixin, Orderable):
    """A question every applicant answers.

    The source (Spanish) page's rows are the questions: answers point at them.
    A translated page holds twins of them (same translation_key) whose label
    and choices wagtail-localize translates; `label_shown` and `choice_pairs`
    read the twin in the reader's language (core.translated_rows).
    """

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
    label = models.CharField(_("question"), max_length=300)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("Single and multiple choice: one choice per line."),
    )
    required = models.BooleanField(_("required"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("label"),
        FieldPanel("choices"),
    ]
    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("choices"),
        SynchronizedField("kind", overridable=False),
        SynchronizedField("required", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        db_table = "events_registrationquestion"
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.label

    label_shown = ShownText("label")

    def choice_values(self) -> list[str]:
        """The values an answer may hold: the source page's choices."""
        return _lines(self.choices)

    def choice_pairs(self) -> list[tuple[str, str]]:
        """(stored value, label in the active language); the stored value is the
        source page's text, so answers stay comparable whatever language was
        used. Choices with no translation show the source text."""
        values = _lines(self.choices)
        labels = twin_lines(self, "choices") or values
        return [
            (value, labels[index] if index < len(labels) else value)
            for index, value in enumerate(values)
        ]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SelectionCriterion(TranslatableMixin, Orderable):
    """A weighted criterion organizers score applicants on (application mode).

    Scores point at the source page's rows; the name is translated on the
    translated page's twin (see RegistrationQuestion).
    """

    page = ParentalKey(
        "events.EventPage",
        verbose_name=_("training"),
        related_name="selection_criteria",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("criterion"), max_length=200)
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
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("max_score")]),
    ]
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("weight", overridable=False),
        SynchronizedField("max_score", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        db_table = "events_selectioncriterion"
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self) -> str:
        return self.name

    name_shown = ShownText("name")
