"""`{% fallback_note text %}`: says so when a text is shown in the other language.

A `core.translation.TranslatedText` that fell back carries the language it is in;
readers see "(Available only in Spanish)" next to it, never a silent substitute.
"""

from django import template
from django.core.cache import cache
from django.utils.html import format_html
from wagtail.models import Page

from core.cache import TIMEOUT, listings_version
from core.translated_rows import with_fallback_note
from core.translation import fallback_label, unreviewed_machine_translation

register = template.Library()


@register.simple_tag
def fallback_note(text) -> str:
    """A small note naming the language of `text` when it stands in for another."""
    if not getattr(text, "fell_back", False):
        return ""
    label = fallback_label(text.language)
    if not label:
        return ""
    return format_html('<small class="fallback-note">({})</small>', label)


@register.filter
def with_note(text) -> str:
    """The text followed by "(Available only in Spanish)" when it stands in for
    a missing translation, as plain text (e-mails, labels)."""
    return with_fallback_note(text)


@register.filter
def text_language(text) -> str:
    """` lang="xx"` for a text shown in another language than the page's."""
    if getattr(text, "fell_back", False):
        return format_html(' lang="{}"', text.language)
    return ""


def _unreviewed(page) -> bool:
    """`unreviewed_machine_translation`, kept in the cache under the content
    version (core.cache): every page renders the notice, and the answer changes
    only with the page's translation."""
    version = listings_version()
    if version is None:  # the cache is away
        return unreviewed_machine_translation(page)
    key = f"machine-translated:{version}:{page.pk}"
    unreviewed = cache.get(key)
    if unreviewed is None:
        unreviewed = unreviewed_machine_translation(page)
        cache.set(key, unreviewed, TIMEOUT)
    return unreviewed


@register.inclusion_tag("core/includes/machine_translation_notice.html")
def machine_translation_notice(page) -> dict:
    """A note above a page whose text a machine translated and no editor revised."""
    shown = isinstance(page, Page) and page.pk is not None
    return {"unreviewed": shown and _unreviewed(page)}
