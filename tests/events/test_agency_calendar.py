"""An agency's profile page shows its calendar: trainings it leads or co-organizes."""

import pytest
from django.utils import timezone

from tests.events.factories import EventAgencyFactory, EventPageFactory, one_day

pytestmark = pytest.mark.django_db


def test_agency_profile_lists_its_upcoming_trainings_and_feed(client, calendars):
    year = timezone.localdate().year + 1
    iom = EventAgencyFactory(slug="oim", name_es="OIM")
    EventPageFactory(
        parent=calendars["es"],
        title="Taller coorganizado",
        days=one_day(year, 3, 2),
        co_organizers=[iom],
    )
    EventPageFactory(
        parent=calendars["es"], title="Taller ajeno", days=one_day(year, 3, 3)
    )
    EventPageFactory(
        parent=calendars["es"],
        title="Taller pasado",
        days=one_day(2022, 5, 12),
        lead_agency=iom,
    )
    response = client.get("/es/agencies/oim/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Taller coorganizado" in html
    assert "Taller ajeno" not in html
    assert "Taller pasado" not in html
    assert 'href="/es/events/feed.ics?agency=oim"' in html
    assert client.get("/es/events/feed.ics?agency=oim").status_code == 200
