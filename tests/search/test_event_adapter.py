"""Trainings in the index: found by their title in each language, by the city and
venue of their sessions, by their dates; never while draft or private."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from search import services
from search.engines.base import SearchFilters
from search.engines.database import DatabaseEngine
from tests.events.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    one_day,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainings(site_tree):
    calendar_es = EventIndexPageFactory(parent=site_tree.homes["es"], slug="capac")
    calendar_en = EventIndexPageFactory(
        parent=site_tree.homes["en"],
        slug="trainings",
        translation_key=calendar_es.translation_key,
    )
    event_es = EventPageFactory(
        parent=calendar_es,
        title="Taller sobre tráfico ilícito de migrantes",
        summary="Tres días de análisis de casos.",
        venue_name="Hotel Sheraton",
        city="Colón",
        days=one_day(2025, 6, 12),
    )
    event_en = EventPageFactory(
        parent=calendar_en,
        title="Workshop on migrant smuggling",
        summary="Three days of case analysis.",
        venue_name="Hotel Sheraton",
        city="Colón",
        translation_key=event_es.translation_key,
        days=one_day(2025, 6, 12),
    )
    draft = EventPageFactory(
        parent=calendar_es,
        title="Curso borradorevento",
        summary="Aún en preparación.",
        city="Chiriquí",
        live=False,
        days=one_day(2025, 7, 1),
    )
    private = EventPageFactory(
        parent=calendar_es,
        title="Curso reservadoevento",
        summary="Solo para el equipo.",
        city="Chiriquí",
        days=one_day(2025, 7, 2),
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    services.rebuild_index()
    return {"es": event_es, "en": event_en, "draft": draft, "private": private}


def urls(query: str) -> set[str]:
    return {hit.url for hit in DatabaseEngine().search(query).hits}


def test_event_found_by_its_title_in_each_language(trainings):
    assert trainings["es"].url in urls("trafico ilicito de migrantes")
    assert trainings["en"].url in urls("migrant smuggling workshops")
    hit = DatabaseEngine().search("migrant smuggling workshop").hits[0]
    assert (hit.kind, hit.language) == ("event", "en")


def test_event_found_by_the_city_and_venue_of_its_sessions(trainings):
    found = urls("colon")
    assert {trainings["es"].url, trainings["en"].url} <= found
    assert trainings["es"].url in urls("sheraton")


def test_event_found_by_its_session_date(trainings):
    assert trainings["es"].url in urls("12/06/2025")


@pytest.mark.parametrize("action", ["rebuild", "update"])
def test_draft_and_private_events_are_never_returned(trainings, action):
    call_command("search_index", action, stdout=io.StringIO())
    for query in ("borradorevento", "reservadoevento", "chiriqui"):
        assert urls(query) == set(), query
    every_event = DatabaseEngine().search("", SearchFilters(kind=("event",)))
    assert {hit.url for hit in every_event.hits} == {
        trainings["es"].url,
        trainings["en"].url,
    }


def test_snippets_of_a_long_training_end_in_its_prose_not_its_venue():
    """The index holds the summary and body before the venue: a snippet cut
    short after the prose used to end in "Hotel Sheraton Colón Metodología…"."""
    from events.models import EventPage
    from events.search_adapters import EventAdapter
    from search.analysis import highlight
    from search.presentation import clean_snippet

    page = EventPage(
        title="Taller",
        summary="Tres días de análisis de casos.",
        body=[("paragraph", "<p>" + "Metodología participativa. " * 20 + "</p>")],
        venue_name="Hotel Sheraton",
        city="Colón",
    )
    text = EventAdapter().text(page)
    assert text.index("Metodología") < text.index("Hotel Sheraton")
    snippet = clean_snippet(highlight(text, "análisis"))
    assert "Sheraton" not in snippet
    assert "<mark>análisis</mark>" in snippet
