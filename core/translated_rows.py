"""Texts of translatable rows (wagtail-localize) read in the reader's language.

A training's questions, criteria and sessions are child rows of its pages: the
source page (Spanish) holds the rows everything else points at (answers,
scores, attendance), and each translated page holds its own copies, with the
same `translation_key`, whose texts wagtail-localize writes from the
translation editor. Showing a source row in English means reading its English
twin's text; `read_translations` fetches the twins of many rows in one query
per model, and a `ShownText` attribute then gives the text in the active
language, falling back visibly (`.fell_back`) to the source text when the
translation has none.

wagtail-localize fills a string nobody translated yet with the source text
(it saves translations with fallback), so a twin whose text equals the
source's counts as untranslated.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale

from core.translation import TranslatedText, fallback_label

TRANSLATIONS = "_translations"


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _language_codes() -> dict[int, str]:
    return {
        pk: code[:2] for pk, code in Locale.objects.values_list("pk", "language_code")
    }


def read_translations(objects, *, language: str | None = None) -> list:
    """Fetch, for each translatable row in `objects`, its twin in `language` (the
    active one by default): one query per model, none for rows already read.
    Returns the objects; each remembers its twin (or None) per language."""
    language = language or active_language()
    objects = [obj for obj in objects if obj is not None]
    pending = [obj for obj in objects if language not in getattr(obj, TRANSLATIONS, {})]
    if not pending:
        return objects
    codes = _language_codes()
    target_ids = [pk for pk, code in codes.items() if code == language]
    by_model = defaultdict(list)
    for obj in pending:
        found = obj.__dict__.setdefault(TRANSLATIONS, {})
        found.setdefault(
            "_source_language", codes.get(obj.locale_id, settings.LANGUAGE_CODE)
        )
        if codes.get(obj.locale_id) == language:
            found[language] = obj
        else:
            by_model[type(obj)].append(obj)
    for model, rows in by_model.items():
        twins = {
            twin.translation_key: twin
            for twin in model.objects.filter(
                translation_key__in={row.translation_key for row in rows},
                locale_id__in=target_ids,
            )
        }
        for row in rows:
            getattr(row, TRANSLATIONS)[language] = twins.get(row.translation_key)
    return objects


def read_sources(twins, *, source_locale_id: int) -> list:
    """For rows of a translated page (twins, as the page lists them, or in
    memory for a preview), fetch their source rows in `source_locale_id`: one
    query per model. A twin then shows its own text only where it differs from
    the source's, else the source text marked as a fallback (`ShownText`).
    Returns the rows; rows already in the source locale are left as they are.
    """
    rows = list(twins)
    twins = [
        row
        for row in rows
        if row is not None and row.locale_id != source_locale_id and row.translation_key
    ]
    if not twins:
        return rows
    codes = _language_codes()
    source_language = codes.get(source_locale_id, settings.LANGUAGE_CODE)
    by_model = defaultdict(list)
    for twin in twins:
        by_model[type(twin)].append(twin)
    for model, model_twins in by_model.items():
        sources = {
            row.translation_key: row
            for row in model.objects.filter(
                translation_key__in={twin.translation_key for twin in model_twins},
                locale_id=source_locale_id,
            )
        }
        for twin in model_twins:
            source = sources.get(twin.translation_key)
            if source is None:
                continue
            found = twin.__dict__.setdefault(TRANSLATIONS, {})
            found["_source"] = source
            found["_source_language"] = source_language
            found[source_language] = source
            found[codes.get(twin.locale_id, settings.LANGUAGE_CODE)] = twin
    return rows


def shown_text(source: str, translation: str | None, *, source_language: str):
    """The text to show in the active language: the translation's when it has
    one of its own, else the source text marked as a fallback."""
    language = active_language()
    if language == source_language:
        return TranslatedText(source, language=language, fell_back=False)
    if translation and translation != source:
        return TranslatedText(translation, language=language, fell_back=False)
    return TranslatedText(source, language=source_language, fell_back=bool(source))


class ShownText:
    """`label_shown = ShownText("label")`: the row's `label` in the active
    language (see the module). Reads the twin itself when no selector did."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        language = active_language()
        read_translations([obj], language=language)
        found = getattr(obj, TRANSLATIONS)
        twin = found.get(language)
        return shown_text(
            getattr(found.get("_source", obj), self.field),
            getattr(twin, self.field, None),
            source_language=found["_source_language"],
        )


def with_fallback_note(text) -> str:
    """`text`, followed by "(Available only in Spanish)" when it stands in for a
    missing translation: for labels, where no template can add the note."""
    if not getattr(text, "fell_back", False):
        return str(text)
    label = fallback_label(text.language)
    return f"{text} ({label})" if label else str(text)


def twin_lines(obj, field: str) -> list[str] | None:
    """The lines of `field` on the row's twin in the active language, or None
    when it has no translation of its own (see `shown_text`)."""
    language = active_language()
    read_translations([obj], language=language)
    found = getattr(obj, TRANSLATIONS)
    if language == found["_source_language"]:
        return None
    twin = found.get(language)
    text = getattr(twin, field, "") if twin is not None else ""
    if not text or text == getattr(found.get("_source", obj), field):
        return None
    return [line.strip() for line in text.splitlines() if line.strip()]
