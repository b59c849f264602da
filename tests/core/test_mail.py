"""The portal's own e-mails: rendered in the recipient's language with a plain-text
and an HTML part, the training's dates, place and next steps, its calendar file
attached when a seat is confirmed, never the request's host or a username."""

import copy
import re

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from core.mail import build_email, enqueue_email, render_email, send_email
from events.emails import training_email_context, training_ics_attachment
from events.ics import training_ics
from events.models import Modality
from tests.events.factories import (
    EventAgencyFactory,
    EventIndexPageFactory,
    EventPageFactory,
    local,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PARTICIPANT_TEMPLATES = [
    "application_received",
    "confirmed",
    "promoted",
    "waitlisted",
    "declined",
    "cancelled",
    "schedule_changed",
]
SUBJECTS = {
    ("application_received", "es"): "Solicitud recibida: ",
    ("application_received", "en"): "Application received: ",
    ("confirmed", "es"): "Su cupo está confirmado: ",
    ("confirmed", "en"): "Your seat is confirmed: ",
    ("promoted", "es"): "Tiene un cupo: ",
    ("promoted", "en"): "A seat is yours: ",
    ("waitlisted", "es"): "En lista de espera: ",
    ("waitlisted", "en"): "On the waiting list: ",
    ("declined", "es"): "No aceptada: su solicitud para",
    ("declined", "en"): "Declined: your application for",
    ("cancelled", "es"): "Inscripción cancelada: ",
    ("cancelled", "en"): "Registration cancelled: ",
    ("schedule_changed", "es"): "Cambio de horario: ",
    ("schedule_changed", "en"): "Schedule changed: ",
    ("seat_freed", "es"): "Se liberó un cupo: ",
    ("seat_freed", "en"): "A seat is free: ",
}
# Words of the familiar register ("tú") that an e-mail in usted must not use.
TUTEO = re.compile(r"\b(tú|tu|tus|puedes|tienes|eres|estás|recibes|te)\b", re.I)
HOSTS = ("127.0.0.1:8000", "Hola de parte", "Hello from")


@pytest.fixture(autouse=True)
def _registration_templates(settings):
    """The registrations app owns these templates; until it is installed in this
    branch, the template loader is pointed at its folder."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [
        *templates[0]["DIRS"],
        settings.BASE_DIR / "registrations" / "templates",
    ]
    settings.TEMPLATES = templates
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"


@pytest.fixture
def training(site_tree):
    calendar = EventIndexPageFactory(parent=site_tree.homes["es"])
    agency = EventAgencyFactory(
        name_es="Servicio Nacional de Migración", name_en="National Migration Service"
    )
    return EventPageFactory(
        parent=calendar,
        title="Taller sobre tráfico ilícito de migrantes",
        slug="taller-trafico",
        lead_agency=agency,
        modality=Modality.HYBRID,
        venue_name="Hotel Central",
        venue_address="Avenida Balboa",
        city="Panamá",
        online_url="https://meet.example.org/taller",
        days=[
            (local(2027, 1, 14, 9), local(2027, 1, 14, 13)),
            (local(2027, 1, 15, 9), local(2027, 1, 15, 13)),
        ],
    )


@pytest.fixture
def person():
    return UserFactory(username="secret-username-77", email="ana@example.org")


def _context(training, language, *, with_online_link=False, **extra):
    return {
        **training_email_context(
            event=training, language=language, with_online_link=with_online_link
        ),
        "registrations_url": "https://portal.example.org/registrations/",
        "applicants_url": "https://portal.example.org/admin/registrations/1/",
        "message": "Traiga su identificación.",
        "position": 2,
        "with_calendar": True,
        **extra,
    }


def _assert_portal_email(subject, text, html, *, language, person=None):
    for part in (subject, text, html):
        for host in HOSTS:
            assert host not in part
        if person is not None:
            assert person.username not in part
    assert f'<html lang="{language}">' in html
    # Inline styles only, nothing fetched from another host.
    assert "<style" not in html
    assert "<link" not in html
    assert "<script" not in html
    assert not re.search(r'src="https?://', html)
    name = "Portal de Coordinación" if language == "es" else "Coordination Portal"
    assert name in text and name in html
    if language == "es":
        assert not TUTEO.search(subject + text), TUTEO.search(subject + text)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("template", [*PARTICIPANT_TEMPLATES, "seat_freed"])
def test_registration_emails_speak_the_recipients_language(
    training, person, template, language
):
    subject, text, html = render_email(
        f"registrations/email/{template}",
        _context(training, language, with_online_link=template == "confirmed"),
        language,
    )
    assert subject.startswith(SUBJECTS[template, language]), subject
    assert training.title in subject
    _assert_portal_email(subject, text, html, language=language, person=person)
    # The training: its title, each session's local date and time, the place.
    with translation.override(language):
        first_day = date_format(local(2027, 1, 14), "DATE_FORMAT")
        weekday = date_format(local(2027, 1, 14), "l")
    for part in (text, html):
        assert training.title in part
        assert first_day in part
        assert weekday in part
        assert "09:00–13:00" in part
        assert "Hotel Central, Avenida Balboa, Panamá" in part
    agency = "Servicio Nacional de Migración"
    if language == "en":
        agency = "National Migration Service"
    assert agency in text
    # Next steps: where to follow or cancel, or (organizers) the applicant list.
    next_step = "applicants_url" if template == "seat_freed" else "registrations_url"
    url = _context(training, language)[next_step]
    assert url in text
    assert f'href="{url}"' in html
    # The portal's footer: why this e-mail, and the person's account page.
    assert f"https://portal.example.org/{language}/accounts/profile/" in text
    if language == "es":
        assert "Recibe este correo porque" in text
    else:
        assert "You receive this e-mail because" in text


def test_online_link_only_when_given(training):
    _subject, text, _html = render_email(
        "registrations/email/waitlisted", _context(training, "es"), "es"
    )
    assert "https://meet.example.org/taller" not in text
    assert "los organizadores envían el enlace" in text
    _subject, text, html = render_email(
        "registrations/email/confirmed",
        _context(training, "es", with_online_link=True),
        "es",
    )
    assert "https://meet.example.org/taller" in text
    assert 'href="https://meet.example.org/taller"' in html


def test_organizers_message_and_waitlist_position_are_shown(training):
    _subject, text, html = render_email(
        "registrations/email/waitlisted", _context(training, "es"), "es"
    )
    assert "Su posición en la lista de espera: 2." in text
    assert "Traiga su identificación." in text
    assert "Traiga su identificación." in html


def _parse_ics(content: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["METHOD"] == "PUBLISH"
    return calendar


def test_training_ics_has_every_session_with_its_stable_uid(training):
    calendar = _parse_ics(training_ics(training))
    events = calendar.walk("VEVENT")
    sessions = list(training.sessions.order_by("start"))
    assert [str(event["UID"]) for event in events] == [str(s.uid) for s in sessions]
    assert [event.decoded("DTSTART") for event in events] == [s.start for s in sessions]
    assert "Hotel Central" in str(events[0]["LOCATION"])
    assert str(events[0]["URL"]).startswith("https://portal.example.org/")
    # The same file on every call: a calendar importing it again updates.
    assert training_ics(training) == training_ics(training)


@pytest.mark.parametrize("language", ["es", "en"])
def test_confirmed_email_is_sent_with_both_parts_and_the_ics(
    training, person, language
):
    send_email(
        template_base="registrations/email/confirmed",
        context=_context(training, language, with_online_link=True),
        language=language,
        to=[person.email],
        attachments=[training_ics_attachment(training)],
    )
    [message] = mail.outbox
    assert message.to == [person.email]
    name = "Portal de Coordinación" if language == "es" else "Coordination Portal"
    assert message.from_email == f"{name} <{settings.DEFAULT_FROM_EMAIL}>"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    _assert_portal_email(
        message.subject, message.body, html, language=language, person=person
    )
    [(filename, content, ics_type)] = message.attachments
    assert filename == "taller-trafico.ics"
    assert ics_type.startswith("text/calendar")
    events = _parse_ics(content).walk("VEVENT")
    assert {str(event["UID"]) for event in events} == {
        str(session.uid) for session in training.sessions.all()
    }
    # The sent message, as the recipient's program reads it.
    raw = message.message().as_bytes()
    assert b"multipart/mixed" in raw
    assert b"multipart/alternative" in raw
    assert b'Content-Type: text/calendar; charset="utf-8"' in raw
    assert b'filename="taller-trafico.ics"' in raw


def test_enqueued_email_keeps_its_attachment_through_the_worker(training, person):
    """Rendered here, delivered by the task worker: the .ics crosses the task's
    JSON arguments intact."""
    attachment = training_ics_attachment(training)
    enqueue_email(
        template_base="registrations/email/promoted",
        context=_context(training, "en", with_online_link=True),
        language="en",
        to=[person.email],
        attachments=[attachment],
    )
    [message] = mail.outbox
    assert message.subject.startswith("A seat is yours: ")
    content = message.attachments[0][1]  # text/* comes back as str
    assert content.encode() == attachment[1]
    assert message.alternatives[0][1] == "text/html"


def test_build_email_renders_in_the_given_language_whatever_is_active(training, person):
    with translation.override("en"):
        message = build_email(
            template_base="registrations/email/cancelled",
            context=_context(training, "es"),
            language="es",
            to=[person.email],
        )
        assert translation.get_language() == "en"
    assert message.subject.startswith("Inscripción cancelada: ")
    assert "Portal de Coordinación" in message.from_email


def test_training_is_shown_in_its_translation_when_published(training, site_tree):
    english_calendar = training.get_parent().copy_for_translation(
        site_tree.homes["en"].locale, copy_parents=True
    )
    english_calendar.save_revision().publish()
    english = training.copy_for_translation(site_tree.homes["en"].locale)
    english.title = "Workshop on migrant smuggling"
    english.save_revision().publish()
    subject, text, html = render_email(
        "registrations/email/confirmed", _context(training, "en"), "en"
    )
    assert subject == "Your seat is confirmed: Workshop on migrant smuggling"
    assert english.full_url.replace("http://localhost", "") in text
    assert "/en/" in text
    # Spanish readers keep the original.
    subject, _text, _html = render_email(
        "registrations/email/confirmed", _context(training, "es"), "es"
    )
    assert (
        subject == "Su cupo está confirmado: Taller sobre tráfico ilícito de migrantes"
    )


def test_a_training_outside_every_site_still_gets_its_emails(site_tree):
    """A page no Site reaches has no URL: the e-mail leaves the link out instead
    of failing (a failing effect would retry for nothing)."""
    from wagtail.models import Page

    calendar = EventIndexPageFactory(parent=Page.get_first_root_node(), slug="loose")
    training = EventPageFactory(
        parent=calendar,
        title="Taller en Colón",
        slug="taller-en-colón",
        days=[(local(2027, 2, 1, 9), local(2027, 2, 1, 12))],
    )
    filename, content, _mimetype = training_ics_attachment(training)
    assert filename == "taller-en-colon.ics"
    assert len(_parse_ics(content).walk("VEVENT")) == 1
    subject, text, _html = render_email(
        "registrations/email/declined", _context(training, "es"), "es"
    )
    assert "Taller en Colón" in subject
    assert "Página de la capacitación" not in text
