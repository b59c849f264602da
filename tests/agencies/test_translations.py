"""Issue 16: agency staff translate their pages with wagtail-localize, the
dashboard tells what is missing or out of date, and trainings keep one set of
sessions, organizers and registration settings for every language."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from events.models import EventPage
from events.registration_settings import RegistrationMode
from tests.events.factories import EventIndexPageFactory, EventPageFactory, one_day

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/agencies/translations/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit_translation(client, page) -> Translation:
    """Submit `page` for translation into English through the admin."""
    english = Locale.objects.get(language_code="en")
    response = client.post(
        f"/admin/localize/submit/page/{page.pk}/", {"locales": [english.pk]}
    )
    assert response.status_code == 302, response.content[:500]
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=english
    )


def translate_everything(client, translation, words: dict[str, str]) -> None:
    """Type a translation of every string in the translation editor's API:
    `words` maps source strings to English, anything else gets "EN " prefixed."""
    for segment in StringSegment.objects.filter(source=translation.source):
        source_text = segment.string.data
        value = words.get(source_text, f"EN {source_text}")
        response = client.put(
            f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
            urlencode({"value": value}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content[:500]


def publish_translation(client, translation, on_commit) -> Page:
    """Publish from the translation editor (wagtail-localize publishes the
    revision once the transaction commits)."""
    target = translation.get_target_instance()
    with on_commit(execute=True):
        response = client.post(f"/admin/pages/{target.pk}/edit/", {"action": "publish"})
    assert response.status_code in (200, 302)
    return Page.objects.get(pk=target.pk).specific


def dashboard_status(client, page, language="en") -> str | None:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    marker = f'data-page="{page.pk}" data-locale="{language}"'
    if marker not in html:
        return None
    row = html[: html.index(marker)]
    return row.rsplit('data-translation-status="', 1)[1].split('"', 1)[0]


def test_editor_translates_own_page_and_dashboard_follows_the_source(
    world, django_capture_on_commit_callbacks
):
    editor = client_for(world.users["editor_a"])
    page = world.a_page
    assert dashboard_status(editor, page) == "missing"

    translation = submit_translation(editor, page)
    # A draft until translated: /en/ never shows the Spanish text as English.
    assert not translation.get_target_instance().live
    assert dashboard_status(editor, page) == "in_progress"
    translate_everything(editor, translation, {page.title: "A news in English"})
    english = publish_translation(
        editor, translation, django_capture_on_commit_callbacks
    )
    assert english.live and english.title == "A news in English"
    assert english.locale.language_code == "en"
    assert dashboard_status(editor, page) == "up_to_date"

    # The Spanish original changes: the English translation is out of date.
    page.refresh_from_db()
    page.title = "Noticia A corregida"
    page.save_revision(user=world.users["editor_a"]).publish()
    assert dashboard_status(editor, page) == "out_of_date"

    # Synchronising brings the new text in, waiting for its translation.
    response = editor.post(
        f"/admin/localize/update/{translation.source_id}/", {"publish_translations": ""}
    )
    assert response.status_code == 302
    assert dashboard_status(editor, page) == "in_progress"


def test_dashboard_lists_only_the_agencys_pages(world):
    editor_b = client_for(world.users["editor_b"])
    assert dashboard_status(editor_b, world.a_page) is None
    assert dashboard_status(editor_b, world.b_page) == "missing"
    assert dashboard_status(editor_b, world.shared_page) == "missing"
    # Participants and plain members have no dashboard.
    member = client_for(world.users["member_a"])
    assert member.get(DASHBOARD).status_code in (302, 403)


def test_site_wide_translations_report_is_for_superusers_only(world):
    editor = client_for(world.users["editor_a"])
    response = editor.get("/admin/localize/reports/translations/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    root = client_for(world.users["superuser"])
    assert root.get("/admin/localize/reports/translations/").status_code == 200


def test_editor_of_another_agency_cannot_translate_or_open_the_editor(world):
    editor_a = client_for(world.users["editor_a"])
    translation = submit_translation(editor_a, world.a_page)
    english = translation.get_target_instance()
    editor_b = client_for(world.users["editor_b"])
    urls = [
        f"/admin/pages/{english.pk}/edit/",
        f"/admin/localize/submit/page/{world.a_page.pk}/",
        f"/admin/localize/update/{translation.source_id}/",
        f"/admin/localize/translate/{translation.pk}/pofile/download/",
        f"/admin/localize/translate/{translation.pk}/preview/",
    ]
    for url in urls:
        response = editor_b.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == "/admin/", url
    segment = StringSegment.objects.filter(source=translation.source).first()
    response = editor_b.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        urlencode({"value": "hijacked"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 403)
    # Editor A opens the translation editor of their own page.
    response = editor_a.get(f"/admin/pages/{english.pk}/edit/")
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in {
        template.name for template in response.templates
    }


def test_editor_cannot_translate_an_index_and_its_other_agencies_pages(
    world, site_tree
):
    """Submitting the news index (with its subtree) would create translations of
    other agencies' pages: only pages the editor may edit are translated."""
    editor = client_for(world.users["editor_a"])
    index = site_tree.news["es"]
    response = editor.get(f"/admin/localize/submit/page/{index.pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    english = Locale.objects.get(language_code="en")
    response = editor.post(
        f"/admin/localize/submit/page/{index.pk}/",
        {"locales": [english.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not Translation.objects.exists()


@pytest.fixture
def training(world, site_tree):
    calendar = EventIndexPageFactory(parent=site_tree.homes["es"])
    page = EventPageFactory(
        parent=calendar,
        title="Taller de protección",
        summary="Resumen en español",
        lead_agency=world.agency_a,
        days=one_day(2031, 5, 6),
        registration_mode=RegistrationMode.FIRST_COME,
        capacity=25,
    )
    page.save_revision().publish()
    return page


def test_training_translation_carries_texts_and_source_settings(
    world, training, django_capture_on_commit_callbacks
):
    editor = client_for(world.users["editor_a"])
    translation = submit_translation(editor, training)
    translate_everything(
        editor,
        translation,
        {training.title: "Protection workshop", training.summary: "English summary"},
    )
    english = publish_translation(
        editor, translation, django_capture_on_commit_callbacks
    )
    assert english.live and english.title == "Protection workshop"
    assert english.summary == "English summary"
    assert english.capacity == 25
    assert english.registration_mode == RegistrationMode.FIRST_COME
    assert english.lead_agency == world.agency_a
    assert [(s.start, s.end) for s in english.sessions.all()] == [
        (s.start, s.end) for s in training.sessions.all()
    ]

    # Capacity changes on the Spanish page and reaches English on the next sync.
    training = EventPage.objects.get(pk=training.pk)
    training.capacity = 30
    training.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            f"/admin/localize/update/{translation.source_id}/",
            {"publish_translations": "on"},
        )
    english.refresh_from_db()
    assert english.capacity == 30
    assert english.title == "Protection workshop"


def test_translation_edit_form_has_no_registration_panel(world, training):
    editor = client_for(world.users["editor_a"])
    translation = submit_translation(editor, training)
    english = translation.get_target_instance()
    # Once the synced translation is stopped, the English copy opens in
    # Wagtail's own editor: still no registration settings there.
    Translation.objects.filter(pk=translation.pk).update(enabled=False)
    html = editor.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    assert 'name="title"' in html
    assert 'name="registration_mode"' not in html
    assert 'name="capacity"' not in html
    assert "registration_questions-TOTAL_FORMS" not in html
    # Saving the translation works without them and leaves them as they were.
    source_html = editor.get(f"/admin/pages/{training.pk}/edit/").content.decode()
    assert 'name="registration_mode"' in source_html
    assert "registration_questions-TOTAL_FORMS" in source_html
