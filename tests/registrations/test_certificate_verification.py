"""Verifying a certificate forgives typing: spaces, missing dashes, lower case;
an unknown code gets the verification page again with a message, in the
visitor's language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from registrations import services

from .conftest import start_sessions

MESSAGES = {
    "es": "Ningún certificado tiene este código. Revíselo e inténtelo de nuevo.",
    "en": "No certificate has this code. Check it and try again.",
}
BAD_CHARACTERS = {
    "es": "Un código de verificación tiene solo letras, números y guiones.",
    "en": "A verification code has only letters, digits and hyphens.",
}


@pytest.fixture
def certificate(event, participant, organizer):
    registration = services.registration_apply(event=event, user=participant)
    start_sessions(event)
    services.registration_record_attendance(
        session=event.sessions.get(), present_ids=[registration.pk], by=organizer
    )
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )
    registration.refresh_from_db()
    return services.registration_certificate_issue(
        registration=registration, by=participant
    )


def _urls(language, code):
    with translation.override(language):
        return (
            reverse("registrations:verify_lookup"),
            reverse("registrations:verify", args=[code]),
        )


def _loose_spellings(code):
    bare = code.replace("-", "")
    return [
        code.lower(),
        bare,
        bare.lower(),
        f"  {code[:4]} {code[5:9]} {code[10:]} ",
        f"{bare[:6]} {bare[6:].lower()}",
    ]


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_loosely_typed_code_finds_the_certificate(client, certificate, language):
    lookup, canonical = _urls(language, certificate.code)
    for typed in _loose_spellings(certificate.code):
        from_form = client.get(lookup, {"code": typed})
        assert from_form.status_code == 302, typed
        assert from_form["Location"] == canonical, typed
        _lookup, typed_url = _urls(language, typed)
        from_url = client.get(typed_url)
        assert from_url.status_code == 302, typed
        assert from_url["Location"] == canonical, typed
    page = client.get(canonical)
    assert page.status_code == 200
    assert certificate.code in page.content.decode()
    assert certificate.registration.event.title in page.content.decode()


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_unknown_code_gets_the_verification_page_with_a_message(
    client, certificate, language
):
    other_last = "Y" if certificate.code.endswith("Z") else "Z"
    unknown = certificate.code[:-1] + other_last
    lookup, url = _urls(language, unknown)
    from_form = client.get(lookup, {"code": unknown.lower().replace("-", " ")})
    assert from_form.status_code == 302
    assert from_form["Location"] == url
    page = client.get(url)
    assert page.status_code == 404
    html = page.content.decode()
    assert MESSAGES[language] in html
    assert f'value="{unknown}"' in html
    assert f'action="{lookup}"' in html
    assert certificate.registration.event.title not in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_code_with_other_characters_is_refused_with_a_message(
    client, certificate, language
):
    lookup, url = _urls(language, certificate.code[:-1] + "*")
    for response in (
        client.get(lookup, {"code": certificate.code[:-1] + "*"}),
        client.get(url),
    ):
        assert response.status_code == 400
        html = response.content.decode()
        assert BAD_CHARACTERS[language] in html
        assert certificate.registration.event.title not in html
