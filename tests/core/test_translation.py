"""Bilingual columns read as one field: the active language, or the other one."""

import json
import pickle
from dataclasses import dataclass

import pytest
from django.utils import translation

from agencies.models import Agency
from core.translation import TranslatedField, TranslatedText, translated
from home.models import Topic


@dataclass
class Named:
    name_es: str = ""
    name_en: str = ""
    title_es: str = ""
    title_en: str = ""

    name = TranslatedField()
    heading = TranslatedField("title")


def test_active_language_is_read():
    thing = Named(name_es="Trata de personas", name_en="Human trafficking")
    with translation.override("en"):
        assert thing.name == "Human trafficking"
        assert thing.name.language == "en"
        assert thing.name.fell_back is False
    with translation.override("es"):
        assert thing.name == "Trata de personas"
        assert thing.name.language == "es"
        assert thing.name.fell_back is False


def test_empty_active_language_falls_back_and_says_so():
    thing = Named(name_es="Tráfico ilícito de migrantes")
    with translation.override("en"):
        assert thing.name == "Tráfico ilícito de migrantes"
        assert thing.name.language == "es"
        assert thing.name.fell_back is True
    only_english = Named(name_en="Smuggling")
    with translation.override("es"):
        assert only_english.name == "Smuggling"
        assert only_english.name.fell_back is True


def test_both_empty_is_empty_in_the_active_language():
    with translation.override("en"):
        name = Named().name
    assert name == ""
    assert not name
    assert name.language == "en"
    assert name.fell_back is False


def test_stem_may_differ_from_the_attribute_and_class_access_gives_the_field():
    thing = Named(title_es="Guía", title_en="Guide")
    with translation.override("en"):
        assert thing.heading == "Guide"
    assert isinstance(Named.name, TranslatedField)
    assert translated(thing, "title") == "Guía"  # default language: Spanish


def test_translated_text_behaves_as_a_string():
    text = TranslatedText("Guía", language="es", fell_back=True)
    assert isinstance(text, str)
    assert json.dumps({"name": text}) == json.dumps({"name": "Guía"})
    copy = pickle.loads(pickle.dumps(text))  # noqa: S301 - our own bytes
    assert (copy, copy.language, copy.fell_back) == ("Guía", "es", True)


@pytest.mark.django_db
def test_models_read_their_columns_through_the_helper():
    agency = Agency.objects.create(
        slug="oim", name_es="Organización", name_en="", description_en="About"
    )
    topic = Topic.objects.create(slug="t", name_es="Trata", name_en="Trafficking")
    with translation.override("en"):
        assert (agency.name, agency.name.fell_back) == ("Organización", True)
        assert (agency.description, agency.description.fell_back) == ("About", False)
        assert str(agency) == "Organización"
        assert topic.name == "Trafficking"
    with translation.override("es"):
        assert (agency.description, agency.description.fell_back) == ("About", True)
        assert topic.name == "Trata"
