"""A training's texts in the reader's language: eligibility, question labels and
choices, criteria names and session titles.

Registrations, answers, scores and attendance point at the source page's rows;
their translations are twins on the translated page (core.translated_rows).
These selectors read the twins of everything a page shows in one query per
model, so `label_shown`, `name_shown`, `title_shown` and `choice_pairs` cost
nothing more.
"""

from __future__ import annotations

from django.conf import settings

from agencies.models import ParticipantProfile
from core.translated_rows import read_translations, shown_text
from core.translation import TranslatedText
from events.emails import training_title

__all__ = [
    "eligibility_shown",
    "person_language",
    "registration_texts",
    "training_texts",
    "training_title",
]

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def eligibility_shown(*, page, event) -> TranslatedText:
    """Who may apply, from the page being read (`page`, any language) with the
    source page's text (`event`) when the translation has none."""
    translation = page.eligibility if page.pk != event.pk else None
    return shown_text(
        event.eligibility,
        translation,
        source_language=event.locale.language_code[:2],
    )


def training_texts(rows) -> list:
    """Read the twins of a source page's questions, criteria or sessions (the
    very objects that will be shown); returns them."""
    return read_translations(list(rows))


def registration_texts(registrations) -> None:
    """The twins of what these registrations show: their sessions, their
    training's sessions, their answers' questions and their scores' criteria
    (whichever of these were prefetched)."""
    rows = []
    for registration in registrations:
        cache = getattr(registration, "_prefetched_objects_cache", {})
        rows += cache.get("sessions", [])
        rows += [answer.question for answer in cache.get("answers", [])]
        event_cache = getattr(registration.event, "_prefetched_objects_cache", {})
        rows += event_cache.get("sessions", [])
    read_translations(rows)


def person_language(user, *, default: str = settings.LANGUAGE_CODE) -> str:
    """The language a person reads the portal in (their profile's choice)."""
    language = (
        ParticipantProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return language if language in LANGUAGES else default
