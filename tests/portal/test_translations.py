"""The Spanish catalogue is complete and its compiled .mo matches the .po."""

from pathlib import Path

import polib
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES"


def test_every_string_has_a_spanish_translation():
    catalogue = polib.pofile(str(LOCALE_DIR / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in polib.pofile(str(LOCALE_DIR / "django.po"))
        if entry.msgstr and not entry.obsolete
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in polib.mofile(str(LOCALE_DIR / "django.mo"))
        if entry.msgstr
    }
    assert compiled == source


def test_spanish_is_served_from_the_catalogue():
    with translation.override("es"):
        assert translation.gettext("Upcoming trainings") == "Próximas capacitaciones"
