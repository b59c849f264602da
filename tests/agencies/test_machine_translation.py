"""Machine translation as a starting point: off by default; with a translator
configured, an editor fills a translation by machine and readers see it marked
as not reviewed until an editor revises the strings."""

import pytest
from django.test import Client

from tests.agencies.test_translations import (
    client_for,
    publish_translation,
    submit_translation,
    translate_everything,
)

pytestmark = pytest.mark.django_db

NOTICE = "Machine translation: an editor has not reviewed this text yet."
FAKE = {"CLASS": "tests.fake_translator.FakeTranslator"}


def machine_translate(client, translation, **options):
    return client.post(
        f"/admin/localize/translate/{translation.pk}/machine_translate/", **options
    )


def test_machine_translation_is_off_by_default(world, settings):
    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")
    editor = client_for(world.users["editor_a"])
    translation = submit_translation(editor, world.a_page)
    # Not found (the locale middleware first tries the path with a language prefix).
    assert machine_translate(editor, translation, follow=True).status_code == 404


def test_machine_text_is_marked_until_an_editor_reviews_it(
    world, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = FAKE
    editor = client_for(world.users["editor_a"])
    translation = submit_translation(editor, world.a_page)
    assert machine_translate(editor, translation).status_code == 302
    english = publish_translation(
        editor, translation, django_capture_on_commit_callbacks
    )
    assert english.title == f"MT-en: {world.a_page.title}"
    reader = Client()
    page = reader.get(english.url).content.decode()
    assert NOTICE in page
    # The Spanish original carries no notice.
    assert NOTICE not in reader.get(world.a_page.url).content.decode()

    # The editor revises every string in the translation editor.
    translate_everything(editor, translation, {world.a_page.title: "A news"})
    english = publish_translation(
        editor, translation, django_capture_on_commit_callbacks
    )
    assert english.title == "A news"
    assert NOTICE not in reader.get(english.url).content.decode()


def test_one_string_left_by_the_machine_keeps_the_notice(
    world, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = FAKE
    editor = client_for(world.users["editor_a"])
    translation = submit_translation(editor, world.a_page)
    machine_translate(editor, translation)
    english = publish_translation(
        editor, translation, django_capture_on_commit_callbacks
    )
    segment = translation.source.stringsegment_set.order_by("order").first()
    editor.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        "value=Reviewed",
        content_type="application/x-www-form-urlencoded",
    )
    assert translation.source.stringsegment_set.count() > 1
    assert NOTICE in Client().get(english.url).content.decode()
