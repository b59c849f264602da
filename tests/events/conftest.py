"""Fixtures of the events tests: a training calendar in each language."""

import pytest

from tests.events.factories import EventIndexPageFactory


@pytest.fixture
def calendars(site_tree):
    """The training calendar under each home page, translations of each other."""
    es = EventIndexPageFactory(parent=site_tree.homes["es"], title="Capacitaciones")
    en = EventIndexPageFactory(
        parent=site_tree.homes["en"],
        title="Trainings",
        translation_key=es.translation_key,
    )
    return {"es": es, "en": en}
