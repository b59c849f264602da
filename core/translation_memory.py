"""Writing known translations into wagtail-localize's translation memory.

Texts that were translated before wagtail-localize handled them (the old
`<field>_en` columns) are recorded as the translation of the source string in
its context (object + field path), exactly as the translation editor would
record a manual translation: the editor then shows them as translated, and
every later sync of the translated page writes them again.

Works on live models and on a migration's historical models (`apps`), hence
the hashes are computed here as wagtail-localize computes them.
"""

from __future__ import annotations

import uuid

from wagtail_localize.strings import StringValue

STRING_NAMESPACE = uuid.UUID("59ed7d1c-7eb5-45fa-9c8b-7a7057ed56d7")
CONTEXT_NAMESPACE = uuid.UUID("fcab004a-2b50-11ea-978f-2e728ce88125")


def string_data(text: str) -> str:
    """A plain text as wagtail-localize stores it (escaped, lines as <br>)."""
    return StringValue.from_plaintext(text).data


def remember_translation(
    apps,
    *,
    translation_key,
    content_type_id: int,
    path: str,
    source_locale_id: int,
    target_locale_id: int,
    source_text: str,
    translated_text: str,
) -> bool:
    """Record `translated_text` as the manual translation of `source_text` at
    `path` of the object `translation_key`; an existing translation there wins.
    Returns whether anything was written."""
    if not source_text or not translated_text or source_text == translated_text:
        return False
    TranslatableObject = apps.get_model("wagtail_localize", "TranslatableObject")
    TranslationContext = apps.get_model("wagtail_localize", "TranslationContext")
    String = apps.get_model("wagtail_localize", "String")
    StringTranslation = apps.get_model("wagtail_localize", "StringTranslation")
    obj, _created = TranslatableObject.objects.get_or_create(
        translation_key=translation_key, defaults={"content_type_id": content_type_id}
    )
    context, _created = TranslationContext.objects.get_or_create(
        object=obj,
        path_id=uuid.uuid5(CONTEXT_NAMESPACE, path),
        defaults={"path": path, "field_path": ""},
    )
    data = string_data(source_text)
    string, _created = String.objects.get_or_create(
        locale_id=source_locale_id,
        data_hash=uuid.uuid5(STRING_NAMESPACE, data),
        defaults={"data": data},
    )
    _translation, created = StringTranslation.objects.get_or_create(
        translation_of=string,
        locale_id=target_locale_id,
        context=context,
        defaults={
            "data": string_data(translated_text),
            "translation_type": "manual",
            "tool_name": "",
        },
    )
    return created
