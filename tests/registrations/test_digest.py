"""The organizers' daily digest (once a day, only with news) and the dashboard
panel of an agency member's trainings."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.registration_settings import RegistrationMode
from registrations import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_digest_goes_once_a_day_and_only_with_news(
    make_event, organizer, django_capture_on_commit_callbacks
):
    event = make_event(mode=RegistrationMode.APPLICATION)
    services.registration_apply(event=event, user=UserFactory())
    services.registration_apply(event=event, user=UserFactory())
    mail.outbox.clear()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_digests(now=now) == [organizer.pk]
    (digest,) = mail.outbox
    assert digest.to == [organizer.email]
    assert "2 solicitudes nuevas" in digest.body
    assert event.title in digest.body
    # Once a day: the same day sends nothing, even with news.
    services.registration_apply(event=event, user=UserFactory())
    assert services.send_due_digests(now=now + datetime.timedelta(hours=2)) == []
    # The next day sends the news since the last digest.
    with django_capture_on_commit_callbacks(execute=True):
        later = now + datetime.timedelta(days=1)
        assert services.send_due_digests(now=later) == [organizer.pk]
    assert "1 solicitud nueva" in mail.outbox[-1].body
    # And nothing without news.
    assert services.send_due_digests(now=later + datetime.timedelta(days=1)) == []


def test_dashboard_panel_lists_the_agency_trainings_with_pending_applications(
    client, make_event, organizer
):
    event = make_event(mode=RegistrationMode.APPLICATION, title="Taller de entrevistas")
    services.registration_apply(event=event, user=UserFactory())
    client.force_login(organizer)
    html = client.get("/admin/").content.decode()
    assert 'id="agency-trainings' in html or "agency-trainings" in html
    assert "Taller de entrevistas" in html
    assert f"/admin/registrations/{event.pk}/?status=pending" in html
    # Someone of no agency has no such panel.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert "agency-trainings" not in client.get("/admin/").content.decode()
