"""Issue 16: the automatic notice of a registration's new status and the
certificate of attendance exist in both languages; where the training has no
translation they print its Spanish title and say so."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from agencies import services as agency_services
from announcements.models import Announcement
from registrations import services
from registrations.models import Attendance, Registration
from tests.factories import UserFactory

from .conftest import build_event
from .test_registration_journey import _pdf_text

TITLE_ES = "Taller sobre tráfico de migrantes"
TITLE_EN = "Workshop on migrant smuggling"


@pytest.fixture
def trainings(calendars, organizer_agency, locales):
    """The same training twice: one translated to English, one not."""
    translated = build_event(calendars["es"], organizer_agency, title=TITLE_ES)
    english = translated.copy_for_translation(locales["en"])
    english.title = TITLE_EN
    english.save_revision().publish()
    spanish_only = build_event(
        calendars["es"], organizer_agency, title="Taller solo en español"
    )
    return translated, spanish_only


def _person(language: str, username: str):
    person = UserFactory(username=username, first_name="Lucía", last_name="Rojas")
    agency_services.profile_update(user=person, preferred_language=language)
    return person


def _apply(event, person, capture):
    with capture(execute=True):
        services.registration_apply(event=event, user=person, answers={})
    return Announcement.objects.get(recipient=person)


def test_a_status_notice_reads_in_each_language(
    trainings, django_capture_on_commit_callbacks
):
    translated, spanish_only = trainings
    notice = _apply(
        translated, _person("es", "reader-es"), django_capture_on_commit_callbacks
    )
    assert notice.title == f"Confirmada: {TITLE_ES}"
    assert notice.title_en == f"Confirmed: {TITLE_EN}"
    with translation.override("en"):
        assert notice.translated_title == f"Confirmed: {TITLE_EN}"
        assert not notice.translated_title.fell_back
    with translation.override("es"):
        assert notice.translated_title == f"Confirmada: {TITLE_ES}"

    # An English reader of a training nobody translated: the status in English,
    # the title in Spanish, saying so.
    notice = _apply(
        spanish_only, _person("en", "reader-en"), django_capture_on_commit_callbacks
    )
    assert notice.title == "Confirmada: Taller solo en español"
    assert notice.title_en == (
        "Confirmed: Taller solo en español (Available only in Spanish)"
    )


def _attended(event, person) -> Registration:
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )
    registration = Registration.objects.create(
        event=event,
        user=person,
        full_name="Lucía Rojas",
        email=person.email,
        status=Registration.Status.ATTENDED,
        applied_at=past - datetime.timedelta(days=5),
    )
    Attendance.objects.create(
        registration=registration, session=event.sessions.get(), present=True
    )
    return registration


def test_a_certificate_is_issued_in_the_participants_language_and_the_other(
    client, trainings
):
    translated, spanish_only = trainings
    person = _person("en", "attendee")
    registration = _attended(translated, person)
    client.force_login(person)
    url = reverse("registrations:certificate", args=[registration.pk])

    english = client.get(url)
    assert english["Content-Language"] == "en"
    text = _pdf_text(english.content)
    assert "Certificate of attendance" in text and TITLE_EN in text

    spanish = client.get(f"{url}?lang=es")
    assert spanish["Content-Language"] == "es"
    text = _pdf_text(spanish.content)
    assert "Certificado de asistencia" in text
    assert "Taller sobre tr\xe1fico de migrantes" in text
    assert TITLE_EN not in text
    # My registrations offers the other language.
    mine = client.get(reverse("registrations:list")).content.decode()
    assert f"{url}?lang=" in mine

    # No translation: the English certificate prints the Spanish title, saying so.
    other = _attended(spanish_only, UserFactory(username="attendee-2"))
    client.force_login(other.user)
    text = _pdf_text(
        client.get(
            reverse("registrations:certificate", args=[other.pk]) + "?lang=en"
        ).content
    )
    # PDF strings escape their parentheses.
    text = text.replace("\\(", "(").replace("\\)", ")")
    assert "Taller solo en espa\xf1ol (Available only in Spanish)" in text
