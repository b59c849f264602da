"""ICS feeds parsed back with icalendar, and the schema.org JSON-LD of a training."""

import datetime
import json
import re
import uuid

import pytest
from django.utils import timezone
from icalendar import Calendar

from events import selectors
from events.models import CancelledSession, EventPage, EventStatus
from tests.events.factories import (
    EventAgencyFactory,
    EventPageFactory,
    local,
    one_day,
)
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(cal: Calendar):
    return list(cal.walk("VEVENT"))


@pytest.fixture
def workshop(calendars):
    return EventPageFactory(
        parent=calendars["en"],
        title="Workshop on migrant smuggling",
        slug="workshop",
        days=[
            (local(2027, 5, 12, 9), local(2027, 5, 12, 16)),
            (local(2027, 5, 13, 9), local(2027, 5, 13, 16)),
        ],
        venue_name="Training centre",
        city="Panamá",
        lead_agency=EventAgencyFactory(
            slug="snm", contact_email="training@example.org"
        ),
    )


def test_feed_has_vtimezone_and_one_vevent_per_session(client, calendars, workshop):
    cal = parse(client.get(calendars["en"].url + "feed.ics"))
    timezones = list(cal.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["America/Panama"]
    events = vevents(cal)
    assert len(events) == 2
    first = events[0]
    assert first.decoded("DTSTART") == local(2027, 5, 12, 9)
    assert first["DTSTART"].params["TZID"] == "America/Panama"
    assert first.decoded("DTEND") == local(2027, 5, 12, 16)
    assert str(first["URL"]).endswith("/en/events/workshop/")
    assert "Training centre" in str(first["LOCATION"])
    assert str(first["ORGANIZER"]) == "mailto:training@example.org"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert first["SEQUENCE"] == 0


def test_uids_are_stable_across_requests(client, calendars, workshop):
    url = calendars["en"].url + "feed.ics"
    first = [str(event["UID"]) for event in vevents(parse(client.get(url)))]
    second = [str(event["UID"]) for event in vevents(parse(client.get(url)))]
    assert first == second
    assert len(set(first)) == 2
    assert client.get(url).content == client.get(url).content


def test_sequence_increments_after_an_edit_and_cancellation_shows(
    client, calendars, workshop
):
    url = workshop.url + "calendar.ics"
    before = {str(e["UID"]): e["SEQUENCE"] for e in vevents(parse(client.get(url)))}

    page = EventPage.objects.get(pk=workshop.pk)
    sessions = list(page.sessions.all())
    sessions[0].start += datetime.timedelta(hours=1)
    page.sessions = sessions
    page.save_revision().publish()
    after = {str(e["UID"]): e["SEQUENCE"] for e in vevents(parse(client.get(url)))}
    assert after.keys() == before.keys()
    assert sorted(after.values()) == [0, 1]

    page = EventPage.objects.get(pk=workshop.pk)
    page.status = EventStatus.CANCELLED
    page.status_reason = "Storm warning"
    page.save_revision().publish()
    events = vevents(parse(client.get(url)))
    assert {str(event["STATUS"]) for event in events} == {"CANCELLED"}
    assert sorted(event["SEQUENCE"] for event in events) == [1, 2]
    assert "Storm warning" in str(events[0]["DESCRIPTION"])


def test_feed_filters_by_agency_and_topic(client, calendars, workshop):
    topic = TopicFactory(slug="trafficking")
    EventPageFactory(
        parent=calendars["en"],
        title="Other",
        days=one_day(2027, 6, 1),
        topics=[topic],
    )
    url = calendars["en"].url + "feed.ics"
    summaries = lambda query: sorted(  # noqa: E731
        str(e["SUMMARY"]) for e in vevents(parse(client.get(url, query)))
    )
    assert summaries({"agency": "snm"}) == [
        "Workshop on migrant smuggling: Day 1",
        "Workshop on migrant smuggling: Day 2",
    ]
    assert summaries({"topic": "trafficking"}) == ["Other: Day 1"]
    assert client.get(url, {"agency": "unknown"}).status_code == 404


def test_unprefixed_feed_redirects_to_a_language(client, calendars, workshop):
    response = client.get("/events/feed.ics", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/events/feed.ics"
    assert parse(client.get(response["Location"]))


def event_item(data) -> dict:
    """The Event of the page's JSON-LD (beside it, the Course; see
    tests/events/test_structured_data.py)."""
    [event] = [item for item in data if item["@type"] == "Event"]
    return event


def test_event_page_has_add_to_calendar_and_json_ld(client, workshop):
    response = client.get(workshop.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/en/events/workshop/calendar.ics"' in html
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL
    )
    data = event_item(json.loads(match.group(1)))
    assert data["@type"] == "Event"
    assert datetime.datetime.fromisoformat(data["startDate"]) == local(2027, 5, 12, 9)
    assert datetime.datetime.fromisoformat(data["endDate"]) == local(2027, 5, 13, 16)
    assert data["startDate"].endswith("-05:00")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Training centre"
    assert data["organizer"][0]["name"] == workshop.lead_agency.name_en


def test_json_ld_cannot_break_out_of_its_script(client, calendars):
    event = EventPageFactory(
        parent=calendars["en"],
        title="</script><script>alert(1)</script>",
        slug="hostile",
        days=one_day(2027, 6, 1),
        status=EventStatus.POSTPONED,
        modality="online",
    )
    html = client.get(event.url).content.decode()
    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL
    ).group(1)
    data = event_item(json.loads(block))
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "<script>alert" not in html


def test_online_link_is_hidden_from_the_public(client, calendars):
    event = EventPageFactory(
        parent=calendars["en"],
        days=one_day(2027, 6, 1),
        modality="online",
        online_url="https://meet.example.org/secret-room",
    )
    assert "secret-room" not in client.get(event.url).content.decode()
    assert timezone.now()


def test_removed_session_stays_in_the_feeds_as_cancelled(client, calendars, workshop):
    feeds = [calendars["en"].url + "feed.ics", workshop.url + "calendar.ics"]
    page = EventPage.objects.get(pk=workshop.pk)
    kept, removed = page.sessions.order_by("start")
    page.sessions = [kept]
    page.save_revision().publish()
    for url in feeds:
        by_uid = {str(e["UID"]): e for e in vevents(parse(client.get(url)))}
        assert set(by_uid) == {str(kept.uid), str(removed.uid)}
        gone = by_uid[str(removed.uid)]
        assert str(gone["STATUS"]) == "CANCELLED"
        assert gone["SEQUENCE"] > removed.sequence
        assert gone.decoded("DTSTART") == removed.start
        assert str(by_uid[str(kept.uid)]["STATUS"]) == "CONFIRMED"
    # Publishing again does not bump it twice; it stays while still to come.
    EventPage.objects.get(pk=workshop.pk).save_revision().publish()
    [cancelled] = selectors.cancelled_sessions_for_feed(event=workshop)
    assert cancelled.sequence == removed.sequence + 1
    # Once it is past and the retention is over, feeds forget it.
    later = removed.end + selectors.CANCELLED_SESSION_RETENTION * 2
    assert selectors.cancelled_sessions_for_feed(event=workshop, now=later) == []


def test_unpublished_training_is_cancelled_in_the_feed_until_published_again(
    client, calendars, workshop, django_capture_on_commit_callbacks
):
    feed = calendars["en"].url + "feed.ics"
    sessions = {str(s.uid): s.sequence for s in workshop.sessions.all()}
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=workshop.pk).unpublish()
    by_uid = {str(e["UID"]): e for e in vevents(parse(client.get(feed)))}
    assert set(by_uid) == set(sessions)
    for uid, sequence in sessions.items():
        assert str(by_uid[uid]["STATUS"]) == "CANCELLED"
        assert by_uid[uid]["SEQUENCE"] > sequence
    cancelled = {str(e["UID"]): e["SEQUENCE"] for e in by_uid.values()}

    EventPage.objects.get(pk=workshop.pk).save_revision().publish()
    by_uid = {str(e["UID"]): e for e in vevents(parse(client.get(feed)))}
    assert set(by_uid) == set(sessions)
    for uid in sessions:
        assert str(by_uid[uid]["STATUS"]) == "CONFIRMED"
        assert by_uid[uid]["SEQUENCE"] > cancelled[uid]
    assert not CancelledSession.objects.filter(page=workshop).exists()


def test_deleting_a_live_training_leaves_no_cancelled_rows(
    calendars, workshop, django_capture_on_commit_callbacks
):
    """Wagtail unpublishes a page before deleting it; nothing is recorded for a
    training that is gone (the rows would point at no page)."""
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=workshop.pk).delete()
    assert not CancelledSession.objects.exists()


def test_cancelled_sessions_past_the_feeds_reach_are_deleted(calendars, workshop):
    long_ago = timezone.now() - selectors.FEED_HISTORY * 2
    CancelledSession.objects.create(
        page=workshop,
        uid=uuid.uuid4(),
        sequence=1,
        start=long_ago,
        end=long_ago + datetime.timedelta(hours=2),
        cancelled_at=long_ago,
    )
    page = EventPage.objects.get(pk=workshop.pk)
    kept, removed = page.sessions.order_by("start")
    page.sessions = [kept]
    page.save_revision().publish()
    assert list(
        CancelledSession.objects.filter(page=workshop).values_list("uid", flat=True)
    ) == [removed.uid]


def test_feed_links_use_the_requests_host(client, calendars, workshop):
    for url in (calendars["en"].url + "feed.ics", workshop.url + "calendar.ics"):
        response = client.get(url, HTTP_HOST="127.0.0.1:8000", secure=True)
        for event in vevents(parse(response)):
            assert str(event["URL"]) == "https://127.0.0.1:8000/en/events/workshop/"
    html = client.get(workshop.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    block = re.search(r'ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    assert event_item(json.loads(block))["url"] == (
        "http://127.0.0.1:8000/en/events/workshop/"
    )


def test_index_feed_reaches_back_one_year_only(client, calendars):
    today = timezone.localdate()
    for title, days_ago in (("Recent", 200), ("Old", 400)):
        day = today - datetime.timedelta(days=days_ago)
        EventPageFactory(
            parent=calendars["en"],
            title=title,
            days=one_day(day.year, day.month, day.day),
        )
    summaries = {
        str(e["SUMMARY"])
        for e in vevents(parse(client.get(calendars["en"].url + "feed.ics")))
    }
    assert summaries == {"Recent: Day 1"}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"view": "month", "month": "2026-13"}, 404),
        ({"agency": "nobody"}, 404),
        ({"page": "abc"}, 200),
        ({"page": "99999999999999999999"}, 200),
        ({"month": "garbage"}, 200),
    ],
)
def test_feed_bad_parameters_are_a_404_or_ignored(
    client, calendars, workshop, query, status
):
    response = client.get(calendars["en"].url + "feed.ics", query)
    assert response.status_code == status
    if status == 200:
        assert len(vevents(parse(response))) == 2
