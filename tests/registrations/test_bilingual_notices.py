"""Issue 16: the automatic notice of a registration's new status and the
certificate of attendance exist in both languages; where the training has no
translation they print its Spanish title and say so."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from agencies import services as agency_services
from announcements.models import Announcement
from core.mail import render_email
from events.emails import training_email_context
from registrations import services
from registrations.models import Attendance, Certificate, Registration
from registrations.services import notify
from tests.factories import UserFactory, make_member

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

    # Its public verification page, read in English, says so too; in Spanish
    # it names the training plainly.
    code = Certificate.objects.get(registration=other).code
    with translation.override("en"):
        english_url = reverse("registrations:verify", args=[code])
    verified = client.get(english_url).content.decode()
    assert "Taller solo en español (Available only in Spanish)</a>" in verified
    with translation.override("es"):
        spanish_url = reverse("registrations:verify", args=[code])
    verified = client.get(spanish_url).content.decode()
    assert f'{spanish_only.url}">Taller solo en español</a>' in verified


# Every e-mail that names a training, by its templates' base name; each takes
# its training from events.emails (training_email_context or training_named).
TRAINING_EMAILS = [
    *(
        f"registrations/email/{name}"
        for name in (
            "application_received",
            "awaiting_endorsement",
            "cancelled",
            "confirmed",
            "declined",
            "endorsed",
            "endorsement_declined",
            "endorsement_request",
            "nomination",
            "offer_expired",
            "offer_made",
            "promoted",
            "schedule_changed",
            "seat_freed",
            "waitlisted",
        )
    ),
    "events/email/co_organizer_invitation",
    "events/email/co_organizer_published",
]


def _rendered(template_base: str, event, language: str) -> tuple[str, str, str]:
    context = {
        **training_email_context(event=event, language=language),
        "registration": Registration(event=event, full_name="Lucía Rojas"),
        "lead": event.lead_agency,
    }
    return render_email(template_base, context, language)


def test_every_email_naming_an_untranslated_training_says_so(
    calendars, organizer_agency, locales
):
    """Both directions: an English reader of a Spanish-only training and a
    Spanish reader of an English-only one; a translated training reads clean."""
    spanish_only = build_event(
        calendars["es"], organizer_agency, title="Taller solo en español"
    )
    english_only = build_event(
        calendars["en"], organizer_agency, title="Workshop only in English"
    )
    for template_base in TRAINING_EMAILS:
        for part in _rendered(template_base, spanish_only, "en"):
            assert "Taller solo en español (Available only in Spanish)" in part
        for part in _rendered(template_base, english_only, "es"):
            assert "Workshop only in English (Disponible solo en inglés)" in part
        for part in _rendered(template_base, spanish_only, "es"):
            assert "Taller solo en español" in part and "(Disponible" not in part


def test_english_emails_of_a_spanish_only_training_say_so_as_sent(
    trainings, django_capture_on_commit_callbacks
):
    """As the recipient reads them (mail.outbox): the confirmation, the
    organizers' digest and the generic status notice."""
    translated, spanish_only = trainings
    mail.outbox.clear()
    _apply(spanish_only, _person("en", "reader-en"), django_capture_on_commit_callbacks)
    (confirmed,) = mail.outbox
    noted = "Taller solo en español (Available only in Spanish)"
    assert confirmed.subject == f"Your seat is confirmed: {noted}"
    assert noted in confirmed.body and noted in confirmed.alternatives[0][0]
    # The session title is Spanish too, and says so.
    assert "Día 1 (Available only in Spanish)" in confirmed.body

    # A Spanish reader of the same training, and an English reader of the
    # translated one, read no note.
    mail.outbox.clear()
    _apply(spanish_only, _person("es", "reader-es"), django_capture_on_commit_callbacks)
    _apply(translated, _person("en", "reader-en-2"), django_capture_on_commit_callbacks)
    spanish, english = mail.outbox
    assert spanish.subject == "Su cupo está confirmado: Taller solo en español"
    assert english.subject == f"Your seat is confirmed: {TITLE_EN}"
    assert "(Disponible solo" not in spanish.body
    assert f"\n{TITLE_EN}\n" in english.body
    # Its session kept the Spanish title in the English copy: said so.
    assert "Día 1 (Available only in Spanish)" in english.body

    # The organizers' digest, read in English.
    organizer = make_member(translated.lead_agency, role="editor", username="org-en")
    agency_services.profile_update(user=organizer, preferred_language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_digests(now=timezone.now())
    (digest,) = (m for m in mail.outbox if m.to == [organizer.email])
    assert f"* {noted}:" in digest.body and f"* {TITLE_EN}:" in digest.body

    # The generic notice of a status without an e-mail of its own (attended).
    registration = Registration.objects.get(
        event=spanish_only, user__username="reader-en"
    )
    mail.outbox.clear()
    notify.notify_registration_status(
        registration_id=registration.pk,
        previous=Registration.Status.CONFIRMED,
        status=Registration.Status.ATTENDED,
    )
    (generic,) = mail.outbox
    assert noted in generic.subject and noted in generic.body


def test_my_registrations_names_an_untranslated_training_saying_so(client, trainings):
    translated, spanish_only = trainings
    person = _person("en", "reader-list")
    for event in trainings:
        Registration.objects.create(
            event=event,
            user=person,
            full_name="Lucía Rojas",
            email=person.email,
            status=Registration.Status.CONFIRMED,
            applied_at=timezone.now(),
        )
    client.force_login(person)
    with translation.override("en"):
        english = client.get(reverse("registrations:list")).content.decode()
    assert f">{TITLE_EN}</a></h2>" in english
    assert (
        f'<a href="{spanish_only.url}" lang="es">Taller solo en español</a> '
        '<small class="fallback-note">(Available only in Spanish)</small>'
    ) in english
    with translation.override("es"):
        spanish = client.get(reverse("registrations:list")).content.decode()
    assert "fallback-note" not in spanish
    # So do the registrations' own pages (here: confirming a cancellation).
    registration = Registration.objects.get(event=spanish_only, user=person)
    with translation.override("en"):
        cancel_url = reverse("registrations:cancel", args=[registration.pk])
    assert (
        "<h1>Cancel your registration: Taller solo en español (Available only in "
        "Spanish)</h1>"
    ) in client.get(cancel_url).content.decode()


def test_emails_mark_an_agency_name_that_has_no_translation(db):
    """An agency with no English name is named in Spanish in English e-mails,
    marked as such; with its English name, unmarked."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    from tests.factories import AgencyFactory

    spanish_only = AgencyFactory(name_es="Servicio Nacional de Migración", name_en="")
    bilingual = AgencyFactory(name_es="Agencia Bilingüe", name_en="Bilingual Agency")
    with translation.override("en"):
        training = render_to_string(
            "registrations/email/includes/training.txt",
            {
                "event": SimpleNamespace(title="Workshop"),
                "organizers": [spanish_only, bilingual],
                "sessions": [],
            },
        )
        subject = render_to_string(
            "agencies/email/invitation_subject.txt",
            {"invitation": SimpleNamespace(agency=spanish_only)},
        )
    assert "Servicio Nacional de Migración (Available only in Spanish)" in training
    assert "Bilingual Agency," not in training and "Bilingual Agency" in training
    assert "Bilingual Agency (" not in training
    assert "Servicio Nacional de Migración (Available only in Spanish)" in subject
