"""Bilingual fields on non-page models: `<field>_<language>` columns read as one.

Agencies, topics, questions and criteria store both languages side by side rather
than as Wagtail translations, because pages of every locale share them. A model
declares `name = TranslatedField()` next to its `name_es` and `name_en` columns;
`obj.name` is then the text in the active language, or in the other language
when that one is empty, and says which it is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _


class TranslatedText(str):
    """A text that knows its language and whether it stands in for another one.

    It is a plain `str` everywhere else (templates, comparisons, JSON), so a
    template can mark a fallback: `{% if x.fell_back %}lang="{{ x.language }}"`.
    """

    language: str
    fell_back: bool

    def __new__(cls, text: str, *, language: str, fell_back: bool) -> TranslatedText:
        translated = super().__new__(cls, text)
        translated.language = language
        translated.fell_back = fell_back
        return translated

    def __reduce__(self):
        return (_rebuild, (str(self), self.language, self.fell_back))


def _rebuild(text: str, language: str, fell_back: bool) -> TranslatedText:
    return TranslatedText(text, language=language, fell_back=fell_back)


def fallback_label(language: str) -> str:
    """The words shown next to a text only available in `language`."""
    if language == "es":
        return _("Available only in Spanish")
    if language == "en":
        return _("Available only in English")
    return ""


def _languages() -> list[str]:
    """The active language first, then the site's other languages in order."""
    codes = [code for code, _name in settings.LANGUAGES]
    active = (get_language() or settings.LANGUAGE_CODE)[:2]
    return [active, *(code for code in codes if code != active)]


def translated(obj, field: str) -> TranslatedText:
    """`<field>_<language>` of `obj` for the active language, falling back to the
    first other language that has a value; empty when none has."""
    active, *others = _languages()
    preferred = getattr(obj, f"{field}_{active}", "")
    if preferred:
        return TranslatedText(preferred, language=active, fell_back=False)
    for language in others:
        fallback = getattr(obj, f"{field}_{language}", "")
        if fallback:
            return TranslatedText(fallback, language=language, fell_back=True)
    return TranslatedText("", language=active, fell_back=False)


class TranslatedField:
    """Read-only attribute: `name = TranslatedField()` reads `name_<language>`.

    `TranslatedField("title")` reads columns named after another stem.
    """

    def __init__(self, stem: str | None = None) -> None:
        self.stem = stem

    def __set_name__(self, owner, name: str) -> None:
        if self.stem is None:
            self.stem = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return translated(obj, self.stem)


def unreviewed_machine_translation(page) -> bool:
    """Whether `page` shows text a machine translated that no editor has revised.

    wagtail-localize records each translated string as "machine" or "manual"; an
    editor who saves a string in the translation editor makes it manual. Only the
    strings the page's current source still uses count.
    """
    from wagtail_localize.models import StringSegment, StringTranslation

    in_use = StringSegment.objects.filter(
        source__object_id=page.translation_key,
        string_id=models.OuterRef("translation_of_id"),
        context_id=models.OuterRef("context_id"),
    )
    return (
        StringTranslation.objects.filter(
            locale_id=page.locale_id,
            context__object_id=page.translation_key,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        )
        .filter(models.Exists(in_use))
        .exists()
    )
