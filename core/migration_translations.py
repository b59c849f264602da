"""Turning `<field>_es` / `<field>_en` pairs of page children into wagtail-localize
translatable rows, for data migrations (historical models through `apps`).

For each child model that became TranslatableMixin:
- every row gets its page's locale and a translation key;
- a row of a translated page (a page whose translation key a default-language
  page shares) takes the translation key of its source page's row at the same
  place (same calendar UID for sessions, else the same position), so the two
  are twins;
- the translated page's row shows the old English text; the source row keeps
  the Spanish one;
- every non-empty English text is also recorded in wagtail-localize's
  translation memory for the source row's string (core.translation_memory), so
  the translation editor shows it as translated and later syncs keep it, even
  for trainings that have no English page yet.
- page revisions get the new field names and, for children that still exist,
  their translation keys, so restoring an old revision keeps the twins linked.

No text is lost: Spanish stays on the source rows, English goes to the English
rows and to the translation memory.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.conf import settings

from core.translation_memory import remember_translation


def _locales(apps) -> tuple[int, int]:
    Locale = apps.get_model("wagtailcore", "Locale")
    source, _created = Locale.objects.get_or_create(
        language_code=settings.LANGUAGE_CODE
    )
    english = "en" if settings.LANGUAGE_CODE != "en" else "es"
    target, _created = Locale.objects.get_or_create(language_code=english)
    return source.pk, target.pk


def _page_content_type_id(apps) -> int:
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[
        0
    ].pk


def _pages(apps, source_locale_id: int) -> dict[int, dict]:
    """Every training page: its locale, key and, for a translation, its source."""
    EventPage = apps.get_model("events", "EventPage")
    rows = list(EventPage.objects.values_list("pk", "locale_id", "translation_key"))
    sources = {key: pk for pk, locale, key in rows if locale == source_locale_id}
    return {
        pk: {
            "locale_id": locale,
            "translation_key": key,
            "source_id": None if locale == source_locale_id else sources.get(key),
        }
        for pk, locale, key in rows
    }


def link_children(
    apps,
    *,
    app_label: str,
    model_name: str,
    relation: str,
    texts: dict[str, str],
    match_field: str | None = None,
) -> dict[int, tuple]:
    """Give a child model's rows locales and translation keys, pair each
    translated page's rows with their source rows and move the English texts
    (`texts`: new field → old English column, both already on the model).
    Returns {row pk: (translation_key, locale_id)} for the revisions."""
    Model = apps.get_model(app_label, model_name)
    source_locale_id, english_locale_id = _locales(apps)
    content_type_id = _page_content_type_id(apps)
    pages = _pages(apps, source_locale_id)
    rows_by_page = defaultdict(list)
    for row in Model.objects.order_by("page_id", "sort_order", "pk"):
        rows_by_page[row.page_id].append(row)
    keys = {}
    # Source pages first, so translations find their source rows' keys.
    ordered = sorted(rows_by_page, key=lambda pk: pages[pk]["source_id"] is not None)
    for page_id in ordered:
        page = pages[page_id]
        source_rows = rows_by_page.get(page["source_id"], [])
        for position, row in enumerate(rows_by_page[page_id]):
            row.locale_id = page["locale_id"]
            twin = _twin(row, position, source_rows, match_field)
            row.translation_key = twin.translation_key if twin else uuid.uuid4()
            if page["source_id"] is not None:
                # The translated page shows the English text; a row without one
                # keeps the Spanish copy, which reads as untranslated.
                for field, english in texts.items():
                    if getattr(row, english):
                        setattr(row, field, getattr(row, english))
            elif page["locale_id"] == source_locale_id:
                for field, english in texts.items():
                    remember_translation(
                        apps,
                        translation_key=page["translation_key"],
                        content_type_id=content_type_id,
                        path=f"{relation}.{row.translation_key}.{field}",
                        source_locale_id=source_locale_id,
                        target_locale_id=english_locale_id,
                        source_text=getattr(row, field),
                        translated_text=getattr(row, english),
                    )
            row.save(update_fields=["locale", "translation_key", *texts])
            keys[row.pk] = (str(row.translation_key), row.locale_id)
    return keys


def _twin(row, position, source_rows, match_field):
    if match_field:
        for source in source_rows:
            if getattr(source, match_field) == getattr(row, match_field):
                return source
    if position < len(source_rows):
        return source_rows[position]
    return None


def move_page_text(apps, *, field: str, english: str) -> None:
    """A page field's English column: onto the English page, into memory."""
    EventPage = apps.get_model("events", "EventPage")
    source_locale_id, english_locale_id = _locales(apps)
    content_type_id = _page_content_type_id(apps)
    for page in EventPage.objects.only(
        "pk", "locale_id", "translation_key", field, english
    ):
        text = getattr(page, english)
        if not text:
            continue
        if page.locale_id == source_locale_id:
            remember_translation(
                apps,
                translation_key=page.translation_key,
                content_type_id=content_type_id,
                path=field,
                source_locale_id=source_locale_id,
                target_locale_id=english_locale_id,
                source_text=getattr(page, field),
                translated_text=text,
            )
        else:
            setattr(page, field, text)
            page.save(update_fields=[field])


def rewrite_revisions(
    apps,
    *,
    page_fields: dict[str, tuple[str, str]] | None = None,
    relations: dict[str, dict] | None = None,
) -> None:
    """Old revisions of training pages, in today's terms.

    page_fields: new name → (old Spanish key, old English key).
    relations: relation → {"fields": {new: (old es, old en)}, "keys": {pk: (key,
    locale)}}. On a translated page's revision the English text is kept when
    there was one.
    """
    Revision = apps.get_model("wagtailcore", "Revision")
    EventPage = apps.get_model("events", "EventPage")
    source_locale_id, _english = _locales(apps)
    locales = dict(EventPage.objects.values_list("pk", "locale_id"))
    ids = [str(pk) for pk in locales]
    page_fields = page_fields or {}
    relations = relations or {}
    for revision in Revision.objects.filter(object_id__in=ids).iterator():
        content = revision.content
        if not isinstance(content, dict):
            continue
        translated = locales.get(int(revision.object_id)) != source_locale_id
        changed = False
        for new, (old_es, old_en) in page_fields.items():
            if old_es in content or old_en in content:
                content[new] = _pick(content, old_es, old_en, translated)
                changed = True
        for relation, spec in relations.items():
            for child in content.get(relation) or []:
                for new, (old_es, old_en) in spec["fields"].items():
                    if old_es in child or old_en in child:
                        child[new] = _pick(child, old_es, old_en, translated)
                        changed = True
                known = spec["keys"].get(child.get("pk"))
                if known and "translation_key" not in child:
                    child["translation_key"], child["locale"] = known
                    changed = True
        if changed:
            revision.content = content
            revision.save(update_fields=["content"])


def _pick(content: dict, old_es: str, old_en: str, translated: bool) -> str:
    spanish = content.pop(old_es, "") or ""
    english = content.pop(old_en, "") or ""
    return english if translated and english else spanish
