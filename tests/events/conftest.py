"""Fixtures of the events tests: a training calendar in each language."""

import pytest

from tests import snapshots
from tests.events.factories import EventIndexPageFactory


@pytest.fixture
def calendars(site_tree):
    """The training calendar under each home page, translations of each other."""
    return snapshots.replay("calendars", lambda: build_calendars(site_tree))


def build_calendars(site_tree):
    es = EventIndexPageFactory(parent=site_tree.homes["es"], title="Capacitaciones")
    en = EventIndexPageFactory(
        parent=site_tree.homes["en"],
        title="Trainings",
        translation_key=es.translation_key,
    )
    return {"es": es, "en": en}
