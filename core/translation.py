"""Bilingual fields on non-page models: pick the value for the active language."""

from django.utils.translation import get_language


def in_active_language(obj, field: str) -> str:
    """Return `<field>_<lang>` for the active language, falling back to the other one.

    Agencies, topics and questions store both languages side by side rather than as
    Wagtail translations, because they are shared by pages of every locale.
    """
    language = (get_language() or "es")[:2]
    preferred = getattr(obj, f"{field}_{language}", "")
    if preferred:
        return preferred
    fallback = "en" if language == "es" else "es"
    return getattr(obj, f"{field}_{fallback}", "")
