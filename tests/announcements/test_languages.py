"""Announcements in both languages: readers of /en/ see the English texts, or the
Spanish ones marked as such; the socket frame carries both languages."""

import json

import pytest
from django.utils import translation

from announcements.models import Announcement
from announcements.selectors import broadcast_message
from announcements.services import AnnouncementError, announcement_publish

pytestmark = pytest.mark.django_db


def publish(**texts):
    return announcement_publish(audience=Announcement.Audience.PUBLIC, **texts)


def test_english_readers_read_the_english_texts(client, site_tree):
    publish(
        title="Inscripciones abiertas",
        body="Hasta el viernes.",
        title_en="Registration open",
        body_en="Until Friday.",
    )
    english = client.get("/en/announcements/").content.decode()
    assert "Registration open" in english and "Until Friday." in english
    assert "Inscripciones abiertas" not in english
    assert "(Available only in Spanish)" not in english
    spanish = client.get("/es/announcements/").content.decode()
    assert "Inscripciones abiertas" in spanish and "Registration open" not in spanish


def test_without_english_the_spanish_text_shows_marked_as_spanish(client, site_tree):
    publish(title="Inscripciones abiertas", body="Hasta el viernes.")
    english = client.get("/en/announcements/").content.decode()
    assert '<span lang="es">Inscripciones abiertas</span>' in english
    assert "(Available only in Spanish)" in english
    assert '<p class="announcement__body" lang="es">Hasta el viernes.' in english
    spanish = client.get("/es/announcements/").content.decode()
    assert "Inscripciones abiertas" in spanish
    assert 'lang="es">Inscripciones' not in spanish


def test_an_english_title_without_english_body_marks_the_body(client, site_tree):
    publish(title="Aviso", body="Solo en español.", title_en="Notice")
    english = client.get("/en/announcements/").content.decode()
    assert "Notice" in english
    assert '<p class="announcement__body" lang="es">Solo en español.' in english
    assert "(Available only in Spanish)" in english


def test_the_rss_feed_follows_the_language_and_marks_the_fallback(client, site_tree):
    publish(title="Uno", title_en="One")
    publish(title="Dos")
    feed = client.get("/en/announcements/feed/").content.decode()
    assert "<title>One</title>" in feed
    assert "<title>Dos (Available only in Spanish)</title>" in feed


def test_the_live_frame_carries_both_languages():
    announcement = publish(
        title="Aviso", body="Texto.", title_en="Notice", body_en="Text."
    )
    message = broadcast_message(announcement=announcement, cursor=1, kind="published")
    frame = json.loads(message["text"])["announcement"]
    assert frame["texts"] == {
        "es": {"title": "Aviso", "body": "Texto."},
        "en": {"title": "Notice", "body": "Text."},
    }
    assert frame["title"] == "Aviso"


def test_an_english_body_needs_an_english_title():
    with pytest.raises(AnnouncementError) as refused:
        publish(title="Aviso", body_en="Text only.")
    assert refused.value.code == "title_en"


def test_the_translated_title_says_when_it_falls_back():
    announcement = publish(title="Aviso")
    with translation.override("en"):
        title = announcement.translated_title
    assert (str(title), title.language, title.fell_back) == ("Aviso", "es", True)
    with translation.override("es"):
        assert announcement.translated_title.fell_back is False
