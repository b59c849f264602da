"""Issue 16: a training's question labels and choices, criteria names, session
titles and eligibility are translated with wagtail-localize, like its other
texts; registrations keep pointing at the Spanish source page's rows."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from agencies import services as agency_services
from core.translated_rows import read_translations
from events.models import EventIndexPage, EventPage
from events.registration_settings import RegistrationMode
from registrations import services
from registrations.models import Registration, RegistrationQuestion, SelectionCriterion
from tests.factories import UserFactory, make_member

from .conftest import add_question, build_event

ENGLISH = {
    "¿Cuál es su función?": "What is your role?",
    "Fiscal<br/>Juez": "Prosecutor<br/>Judge",
    "Experiencia docente": "Teaching experience",
    "Día 1": "Opening day",
    "Funcionarios del sistema de justicia.": "Officials of the justice system.",
}
UNTRANSLATED = "¿Ha impartido talleres?"


@pytest.fixture
def translated(
    site_tree, organizer_agency, locales, django_capture_on_commit_callbacks
):
    """A Spanish training, translated to English through wagtail-localize's
    own models, as its translation editor does: every string but one."""
    calendar = EventIndexPage(title="Calendario", slug="calendario")
    site_tree.homes["es"].add_child(instance=calendar)
    calendar.save_revision().publish()
    event = build_event(
        calendar,
        organizer_agency,
        mode=RegistrationMode.APPLICATION,
        sessions=2,
        sessions_selectable=True,
        start=timezone.now().replace(microsecond=0) + datetime.timedelta(days=7),
        eligibility="Funcionarios del sistema de justicia.",
    )
    add_question(
        event,
        kind=RegistrationQuestion.Kind.SINGLE_CHOICE,
        label="¿Cuál es su función?",
        choices="Fiscal\nJuez",
        sort_order=0,
    )
    add_question(event, label=UNTRANSLATED, sort_order=1)
    SelectionCriterion.objects.create(page=event, name="Experiencia docente")
    event = EventPage.objects.get(pk=event.pk)
    event.save_revision().publish()

    source, _created = TranslationSource.get_or_create_from_instance(event)
    job = Translation.objects.create(source=source, target_locale=locales["en"])
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        english = ENGLISH.get(segment.string.data)
        if english:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locales["en"],
                context=segment.context,
                data=english,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
    with django_capture_on_commit_callbacks(execute=True):
        job.save_target(publish=True)
    english = EventPage.objects.get(
        translation_key=event.translation_key, locale=locales["en"]
    )
    return event, english


def _form(client, page, language):
    with translation.override(language):
        url = reverse("registrations:apply", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, response.content.decode()


def test_the_english_form_shows_the_translated_texts_and_the_spanish_is_unchanged(
    client, translated
):
    event, english = translated
    # One set of questions and sessions for registrations: the source page's;
    # the English page holds twins of them, not a second set.
    question = event.registration_questions.get(sort_order=0)
    twin = english.registration_questions.get(sort_order=0)
    assert twin.translation_key == question.translation_key
    assert (twin.label, twin.kind) == ("What is your role?", question.kind)
    assert english.sessions.first().start == event.sessions.first().start

    participant = UserFactory(username="reader")
    client.force_login(participant)
    url, form = _form(client, english, "en")
    assert "What is your role?" in form and "Prosecutor</label>" in form
    # The stored value stays the source's choice.
    assert 'value="Fiscal"' in form
    assert "Opening day ·" in form and "Día 2 (Available only in Spanish) ·" in form
    assert "Officials of the justice system." in form
    assert "¿Cuál es su función?" not in form and "Fiscal</label>" not in form
    # The string nobody translated shows in Spanish, saying so.
    assert f"{UNTRANSLATED} (Available only in Spanish)" in form

    with translation.override("es"):
        _url, spanish = _form(client, event, "es")
    assert "¿Cuál es su función?" in spanish and "Fiscal" in spanish
    assert "Día 1" in spanish and "Funcionarios del sistema de justicia." in spanish
    assert "What is your role?" not in spanish and "(Disponible" not in spanish

    # An answer given in English is stored against the source question, with
    # the source choice, and reads in each language.
    session = event.sessions.first()
    response = client.post(
        url,
        {
            f"question_{question.pk}": "Fiscal",
            f"question_{event.registration_questions.get(sort_order=1).pk}": "Sí",
            "sessions": [session.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    registration = Registration.objects.get(user=participant)
    assert registration.event_id == event.pk
    answer = registration.answers.get(question=question)
    assert answer.value == "Fiscal"
    with translation.override("en"):
        assert RegistrationQuestion.objects.get(pk=question.pk).label_shown == (
            "What is your role?"
        )
        assert answer.display_value() == "Prosecutor"
    with translation.override("es"):
        assert answer.display_value() == "Fiscal"


def test_a_criterion_shows_in_the_readers_language_without_a_query_per_row(
    translated,
):
    event, _english = translated
    rows = [
        *event.selection_criteria.all(),
        *event.registration_questions.all(),
        *event.sessions.all(),
    ]
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        read_translations(rows)
        names = [str(row) for row in (rows[0].name_shown, rows[1].label_shown)]
        titles = [session.title_shown for session in rows[3:]]
    # Locales, then one query for each of the three models.
    assert len(queries) == 4
    assert names == ["Teaching experience", "What is your role?"]
    assert titles[0] == "Opening day" and not titles[0].fell_back
    # Day 2 was not translated: Spanish, marked as such.
    assert titles[1] == "Día 2" and titles[1].fell_back
    assert titles[1].language == "es"
    with translation.override("es"):
        assert rows[0].name_shown == "Experiencia docente"


def test_the_english_page_and_emails_mark_a_session_title_nobody_translated(
    client, translated, django_capture_on_commit_callbacks
):
    """The English page lists its own sessions (the twins): "Día 2" was left as
    wagtail-localize copied it, so it shows in Spanish, saying so; the English
    e-mails list the sessions the same way."""
    event, english = translated
    html = client.get(english.url).content.decode()
    assert "Opening day</span> <small" not in html
    assert "<span>Opening day</span>" in html
    assert (
        '<span lang="es">Día 2</span> <small class="fallback-note">'
        "(Available only in Spanish)</small>" in html
    )
    spanish = client.get(event.url).content.decode()
    assert "<span>Día 2</span>" in spanish and "fallback-note" not in spanish

    person = UserFactory(username="reader-en")
    agency_services.profile_update(user=person, preferred_language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_apply(
            event=event,
            user=person,
            answers={
                question.pk: "Fiscal" if question.sort_order == 0 else "Sí"
                for question in event.registration_questions.all()
            },
            session_ids=list(event.sessions.values_list("pk", flat=True)),
        )
    (received,) = mail.outbox
    assert ": Opening day\n" in received.body
    assert ": Día 2 (Available only in Spanish)\n" in received.body
    assert "Día 2 (Available only in Spanish)" in received.alternatives[0][0]


def test_an_english_speaking_organizer_sees_which_texts_are_only_in_spanish(
    client, translated, organizer_agency
):
    """The applicant list and an application, in an English admin: a question
    and a session title nobody translated say so, as on the public pages."""
    event, _english = translated
    applicant = UserFactory(username="applicant")
    services.registration_apply(
        event=event,
        user=applicant,
        answers={
            question.pk: "Fiscal" if question.sort_order == 0 else "Sí"
            for question in event.registration_questions.all()
        },
        session_ids=list(event.sessions.values_list("pk", flat=True)),
    )
    organizer = make_member(organizer_agency, role="editor", username="org-en")
    agency_services.profile_update(user=organizer, preferred_language="en")
    client.force_login(organizer)
    listing = client.get(reverse("registrations_admin:list", args=[event.pk]))
    html = listing.content.decode()
    assert "<small>What is your role?:</small> Prosecutor" in html
    assert f"<small>{UNTRANSLATED} (Available only in Spanish):</small>" in html
    assert "Día 2 (Available only in Spanish)</a>" in html
    assert "Teaching experience (×" in html
    registration = Registration.objects.get(user=applicant)
    detail = client.get(
        reverse("registrations_admin:detail", args=[event.pk, registration.pk])
    ).content.decode()
    assert f"<dt>{UNTRANSLATED} (Available only in Spanish)</dt>" in detail
    assert "Opening day; Día 2 (Available only in Spanish)" in detail
