"""The whole journey through the web UI, in Spanish and from the English pages:
apply, be selected, attend, download the certificate and verify it."""

import datetime
import re
import zlib

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from announcements.models import Announcement
from events.models import EventIndexPage
from events.registration_settings import RegistrationMode
from registrations.models import Registration, RegistrationQuestion
from tests.factories import UserFactory

from .conftest import add_question, build_event

pytestmark = pytest.mark.django_db
Status = Registration.Status
PASSWORD = "correct-horse-battery"


@pytest.fixture
def routed_calendar(site_tree):
    """A calendar under the Spanish home, so pages have public URLs."""
    index = EventIndexPage(title="Calendario", slug="calendario")
    site_tree.homes["es"].add_child(instance=index)
    index.save_revision().publish()
    return index


def _sign_in(client, user, language="es"):
    response = client.post(
        f"/{language}/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]


def _pdf_text(content: bytes) -> str:
    """The text drawn on the PDF's pages (fpdf2 deflates its content streams)."""
    text = []
    # The stream's bytes run up to "endstream"; a deflated stream may itself end
    # in a CR or LF byte, so the line end is left to the decompressor, which
    # ignores what follows the compressed data.
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            text.append(zlib.decompressobj().decompress(stream).decode("latin-1"))
        except zlib.error:
            text.append(stream.decode("latin-1"))
    return "\n".join(text)


def _move_to_the_past(event):
    """The training took place: its sessions (and derived dates) end in the past."""
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )


def test_apply_selected_attend_certificate_verified(
    client,
    routed_calendar,
    organizer_agency,
    organizer,
    django_capture_on_commit_callbacks,
):
    event = build_event(
        routed_calendar, organizer_agency, mode=RegistrationMode.APPLICATION
    )
    question = add_question(event)
    participant = UserFactory(username="lucia", first_name="Lucía", last_name="Rojas")

    # The participant finds the training, follows its Apply link and applies.
    _sign_in(client, participant)
    page = client.get(event.url)
    apply_url = reverse("registrations:apply", args=[event.pk])
    assert apply_url in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            apply_url, {f"question_{question.pk}": "Doce años de docencia"}
        )
    assert response.status_code == 302
    registration = Registration.objects.get(user=participant, event=event)
    assert registration.status == Status.PENDING

    # An organizer selects them in the admin.
    organizer_client = client_class_for(client)
    organizer_client.force_login(organizer)
    admin_list = reverse("registrations_admin:list", args=[event.pk])
    assert "Rojas" in organizer_client.get(admin_list).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            admin_list,
            {"registrations": [registration.pk], "status": Status.CONFIRMED},
        )
    assert response.status_code == 302

    # The training takes place and the organizer checks them in.
    _move_to_the_past(event)
    session = event.sessions.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            reverse("registrations_admin:attendance", args=[event.pk, session.pk]),
            {"present": [registration.pk]},
        )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED
    # Applying and the decision reached the person by e-mail and live
    # announcement; checking in sends nothing (a sheet is saved many times).
    assert [m.to for m in mail.outbox] == [[participant.email]] * 2
    assert Announcement.objects.filter(recipient=participant).count() == 2

    # From "My registrations" they download the certificate ...
    mine = client.get(reverse("registrations:list")).content.decode()
    certificate_url = reverse("registrations:certificate", args=[registration.pk])
    assert certificate_url in mine
    pdf = client.get(certificate_url)
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Luc\xeda Rojas" in text
    printed = re.search(r"https?://testserver(/\S+/certificates/[A-Z0-9-]+/)", text)
    assert printed, text[:2000]

    # ... and anyone can verify it at the URL printed on it.
    client.logout()
    verified = client.get(printed.group(1))
    assert verified.status_code == 200
    html = verified.content.decode()
    assert event.title in html and "Lucía Rojas" in html


def client_class_for(client):
    """A second browser: the organizer signs in beside the participant."""
    return type(client)()


@pytest.fixture
def english_event(routed_calendar, organizer_agency, locales):
    event = build_event(routed_calendar, organizer_agency, capacity=3)
    add_question(
        event,
        kind=RegistrationQuestion.Kind.SINGLE_CHOICE,
        label="¿Cuál es su función?",
        choices="Fiscal\nJuez",
    )
    english = event.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Workshop on migrant smuggling"
    english.save_revision().publish()
    # The English page's twin of the question carries the English texts.
    english.registration_questions.update(
        label="What is your role?", choices="Prosecutor\nJudge"
    )
    return event, english


def test_english_page_shows_the_same_registration_and_applies(client, english_event):
    event, english = english_event
    participant = UserFactory(username="john")
    Registration.objects.create(
        event=event,
        user=UserFactory(username="seated"),
        status=Status.CONFIRMED,
        applied_at=timezone.now(),
    )
    _sign_in(client, participant, "en")
    with translation.override("en"):
        page_url = english.url
        apply_url = reverse("registrations:apply", args=[english.pk])
    assert page_url.startswith("/en/")
    html = client.get(page_url).content.decode()
    assert apply_url in html
    assert "3 seats." in html and "Register" in html

    form = client.get(apply_url).content.decode()
    assert "What is your role?" in form and "Prosecutor" in form
    assert "¿Cuál es su función?" not in form
    question = event.registration_questions.get()
    response = client.post(apply_url, {f"question_{question.pk}": "Fiscal"})
    assert response.status_code == 302
    registration = Registration.objects.get(user=participant)
    # One set of seats: the registration belongs to the Spanish (source) page.
    assert registration.event_id == event.pk
    assert registration.status == Status.CONFIRMED
    assert registration.answers.get().value == "Fiscal"

    mine = client.get(response["Location"]).content.decode()
    assert "Confirmed" in mine
    assert f'<a href="{page_url}">Workshop on migrant smuggling</a></h2>' in mine
    box = client.get(page_url).content.decode()
    assert "Your registration: Confirmed." in box
