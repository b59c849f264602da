"""The agency translation dashboard's reads: each page an agency organizes and,
per other language, whether its translation is missing, in progress, out of date
or up to date (wagtail-localize's sources and translations)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from agencies import permissions


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Not translated")
    IN_PROGRESS = "in_progress", _("Translation in progress")
    OUT_OF_DATE = "out_of_date", _("Out of date: the original changed")
    UP_TO_DATE = "up_to_date", _("Up to date")


@dataclass(frozen=True)
class LanguageTranslation:
    """One page's translation into one language."""

    locale: Locale
    status: TranslationStatus
    page: Page | None = None
    translation: Translation | None = None

    @property
    def language_name(self) -> str:
        return self.locale.get_display_name()


@dataclass(frozen=True)
class TranslatedPage:
    """A page in its original language and its translations into the others."""

    source: Page
    translations: list[LanguageTranslation]

    @property
    def needs_work(self) -> bool:
        return any(
            item.status != TranslationStatus.UP_TO_DATE for item in self.translations
        )


def _scoped_pages(user):
    """The agency pages the user may act on (every agency's for superusers)."""
    content_types = ContentType.objects.get_for_models(
        *permissions.agency_scoped_page_models(), for_concrete_models=False
    ).values()
    pages = Page.objects.filter(content_type__in=content_types, alias_of__isnull=True)
    return permissions.pages_user_may_act_on(user, pages)


def _status_of(source: Page, target: Page, translation, translation_source):
    if translation is None:
        # Translated by hand (a page of the same translation key): out of date
        # when the original was saved after the translation.
        changed = source.latest_revision_created_at
        translated = target.latest_revision_created_at
        if changed and translated and changed > translated:
            return TranslationStatus.OUT_OF_DATE
        return TranslationStatus.UP_TO_DATE
    changed = source.latest_revision_created_at
    if changed and changed > translation_source.last_updated_at:
        return TranslationStatus.OUT_OF_DATE
    total, translated = translation.get_progress()
    if translated < total:
        return TranslationStatus.IN_PROGRESS
    return TranslationStatus.UP_TO_DATE


def translation_dashboard(*, user) -> list[TranslatedPage]:
    """The user's agencies' pages with their translation status, pages needing
    work first, then by title.

    The original of a page is the locale wagtail-localize translates from, or
    else its default-language page.
    """
    locales = list(Locale.objects.order_by("pk"))
    pages = list(
        Page.objects.filter(
            translation_key__in=_scoped_pages(user).values("translation_key"),
            alias_of__isnull=True,
        ).select_related("locale")
    )
    by_key: dict = defaultdict(dict)
    for page in pages:
        by_key[page.translation_key][page.locale_id] = page
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(
            object_id__in=by_key.keys()
        ).prefetch_related("translations")
    }
    default_locale = next(
        (
            locale
            for locale in locales
            if locale.language_code == settings.LANGUAGE_CODE
        ),
        None,
    )
    rows = []
    for key, by_locale in by_key.items():
        translation_source = sources.get(key)
        if translation_source and translation_source.locale_id in by_locale:
            source = by_locale[translation_source.locale_id]
        elif default_locale and default_locale.pk in by_locale:
            source = by_locale[default_locale.pk]
            translation_source = None
        else:
            source = next(iter(by_locale.values()))
            translation_source = None
        translations = {}
        if translation_source is not None:
            translations = {
                translation.target_locale_id: translation
                for translation in translation_source.translations.all()
                if translation.enabled
            }
        items = []
        for locale in locales:
            if locale.pk == source.locale_id:
                continue
            target = by_locale.get(locale.pk)
            if target is None:
                items.append(
                    LanguageTranslation(locale=locale, status=TranslationStatus.MISSING)
                )
                continue
            translation = translations.get(locale.pk)
            items.append(
                LanguageTranslation(
                    locale=locale,
                    status=_status_of(source, target, translation, translation_source),
                    page=target,
                    translation=translation,
                )
            )
        rows.append(TranslatedPage(source=source, translations=items))
    rows.sort(key=lambda row: (not row.needs_work, row.source.title.lower()))
    return rows
