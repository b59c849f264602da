"""The calendar page: list, past tab, month grid, filters, bad input, query count."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import selectors
from events.models import EventStatus, Modality
from tests.events.factories import (
    EventAgencyFactory,
    EventPageFactory,
    local,
    one_day,
)
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def titles(events):
    return [event.title for event in events]


@pytest.fixture
def future_year():
    return timezone.localdate().year + 1


def test_list_shows_upcoming_soonest_first_and_past_on_its_own_tab(
    client, calendars, future_year
):
    index = calendars["en"]
    EventPageFactory(parent=index, title="Later", days=one_day(future_year, 6, 2))
    EventPageFactory(parent=index, title="Sooner", days=one_day(future_year, 3, 2))
    EventPageFactory(parent=index, title="Seed workshop", days=one_day(2022, 5, 12))
    response = client.get(index.url)
    assert response.status_code == 200
    assert titles(response.context["events"]) == ["Sooner", "Later"]
    past = client.get(index.url, {"when": "past"})
    assert titles(past.context["events"]) == ["Seed workshop"]


def test_filters_by_agency_topic_modality_location_language_and_audience(
    client, calendars, future_year
):
    index = calendars["en"]
    iom = EventAgencyFactory(slug="iom")
    topic = TopicFactory(slug="migrant-smuggling")
    EventPageFactory(
        parent=index,
        title="Co-organized",
        days=one_day(future_year, 3, 2),
        co_organizers=[iom],
        topics=[topic],
        modality=Modality.ONLINE,
        city="Colón",
        language="en",
        audience="civil_society",
    )
    EventPageFactory(
        parent=index, title="Led", days=one_day(future_year, 3, 3), lead_agency=iom
    )
    EventPageFactory(
        parent=index, title="Other", days=one_day(future_year, 3, 4), city="David"
    )

    def listed(**query):
        response = client.get(index.url, query)
        assert response.status_code == 200
        return titles(response.context["events"])

    assert listed(agency="iom") == ["Co-organized", "Led"]
    assert listed(topic="migrant-smuggling") == ["Co-organized"]
    assert listed(modality="online") == ["Co-organized"]
    assert listed(location="colón") == ["Co-organized"]
    assert listed(language="en") == ["Co-organized"]
    assert listed(audience="civil_society") == ["Co-organized"]
    assert listed(agency="iom", location="David") == []
    assert listed(modality="teleport") == ["Co-organized", "Led", "Other"]


@pytest.mark.parametrize(
    "query",
    [
        {"view": "month", "month": "2026-13"},
        {"view": "month", "month": "2026-00"},
        {"view": "month", "month": "26-5"},
        {"view": "month", "month": "99999-01"},
        {"agency": "nobody"},
        {"topic": "nothing"},
    ],
)
def test_malformed_parameters_give_a_clean_404(client, calendars, query):
    assert client.get(calendars["en"].url, query).status_code == 404


def test_huge_page_numbers_fall_back_to_the_last_page(client, calendars, future_year):
    index = calendars["en"]
    for day in range(1, 13):
        EventPageFactory(
            parent=index, title=f"T{day:02}", days=one_day(future_year, 1, day)
        )
    for page in ("999999999999", "-1", "abc"):
        response = client.get(index.url, {"page": page})
        assert response.status_code == 200
        assert len(response.context["events"]) in (2, 10)


@pytest.mark.parametrize(
    "query",
    [
        {"view": "month", "month": "2026-05", "page": "abc"},
        {"view": "month", "month": "2026-05", "page": "9" * 30},
        {"view": "month"},
        {"view": "teleport", "month": "2026-13"},
        {"when": "past", "page": "9" * 30},
        {"modality": "x" * 5000, "location": "y" * 5000},
    ],
)
def test_other_odd_parameters_fall_back_to_a_sane_default(client, calendars, query):
    response = client.get(calendars["en"].url, query)
    assert response.status_code == 200


def test_month_grid_covers_whole_weeks_and_places_sessions_on_their_days(
    client, calendars
):
    index = calendars["en"]
    EventPageFactory(
        parent=index,
        title="Workshop",
        days=[
            (local(2026, 4, 30, 9), local(2026, 4, 30, 16)),
            (local(2026, 5, 1, 9), local(2026, 5, 1, 16)),
            (local(2026, 5, 31, 20), local(2026, 6, 1, 0)),
        ],
    )
    EventPageFactory(parent=index, title="June", days=one_day(2026, 6, 15))
    response = client.get(index.url, {"view": "month", "month": "2026-05"})
    assert response.status_code == 200
    grid = response.context["month"]
    days = [day for week in grid.weeks for day in week]
    # May 2026 starts on a Friday and ends on a Sunday: Monday 27 April to 31 May.
    assert days[0].date == datetime.date(2026, 4, 27)
    assert days[-1].date == datetime.date(2026, 5, 31)
    assert all(len(week) == 7 for week in grid.weeks)
    by_date = {day.date: titles(s.page for s in day.sessions) for day in days}
    assert by_date[datetime.date(2026, 4, 30)] == ["Workshop"]
    assert by_date[datetime.date(2026, 5, 1)] == ["Workshop"]
    assert by_date[datetime.date(2026, 5, 31)] == ["Workshop"]
    assert not days[0].in_month and days[-1].in_month
    assert grid.previous == datetime.date(2026, 4, 1)
    assert grid.next == datetime.date(2026, 6, 1)
    assert b"<caption>" in response.content
    assert b'scope="col"' in response.content


def test_month_grid_december_rolls_over_to_january(calendars):
    filters = selectors.EventFilters(view="month", month=datetime.date(2026, 12, 1))
    grid = selectors.month_grid(index=calendars["en"], filters=filters)
    assert grid.next == datetime.date(2027, 1, 1)
    assert grid.previous == datetime.date(2026, 11, 1)


def test_cancelled_training_is_listed_with_its_status(client, calendars, future_year):
    EventPageFactory(
        parent=calendars["en"],
        title="Called off",
        days=one_day(future_year, 3, 2),
        status=EventStatus.CANCELLED,
        status_reason="Venue unavailable",
    )
    response = client.get(calendars["en"].url)
    assert b"Venue unavailable" in response.content


def test_calendar_queries_do_not_grow_with_events(
    client, calendars, future_year, django_assert_max_num_queries
):
    index = calendars["en"]
    agencies = [EventAgencyFactory() for _ in range(3)]
    topic = TopicFactory()

    def add_trainings(numbers):
        for number in numbers:
            EventPageFactory(
                parent=index,
                title=f"Training {number}",
                days=[
                    (
                        local(future_year, 5, 1 + number),
                        local(future_year, 5, 1 + number, 12),
                    )
                ],
                co_organizers=agencies[:2],
                topics=[topic],
                city=f"City {number % 3}",
            )

    views = [{}, {"view": "month", "month": f"{future_year}-05"}, {"page": "2"}]

    def queries_per_view():
        counts = []
        for query in views:
            cache.clear()  # measure the rendering, not a cached page
            with CaptureQueriesContext(connection) as captured:
                assert client.get(index.url, query).status_code == 200
            counts.append(len(captured))
        return counts

    add_trainings(range(12))
    queries_per_view()  # first requests also fill per-process caches (site, locales)
    few = queries_per_view()
    add_trainings(range(12, 28))
    assert queries_per_view() == few
    for query in views:
        cache.clear()
        with django_assert_max_num_queries(30):
            client.get(index.url, query)


def test_home_page_lists_upcoming_trainings(client, site_tree, calendars, future_year):
    EventPageFactory(
        parent=calendars["es"], title="Próxima", days=one_day(future_year, 2, 2)
    )
    response = client.get("/es/")
    assert titles(response.context["upcoming_trainings"]) == ["Próxima"]
    assert "Próxima" in response.content.decode()


def test_agency_calendar_selector(calendars, future_year):
    iom = EventAgencyFactory(slug="iom")
    EventPageFactory(
        parent=calendars["es"],
        title="Con OIM",
        days=one_day(future_year, 2, 2),
        co_organizers=[iom],
    )
    EventPageFactory(
        parent=calendars["es"], title="Sin OIM", days=one_day(future_year, 2, 3)
    )
    EventPageFactory(
        parent=calendars["en"],
        title="With IOM",
        days=one_day(future_year, 2, 2),
        co_organizers=[iom],
    )
    events = selectors.upcoming_events_for_agency(iom, calendars["es"].locale)
    assert titles(events) == ["Con OIM"]
