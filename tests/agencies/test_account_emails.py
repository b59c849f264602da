"""allauth's e-mails are the portal's own: through the real sign-up and password
reset views, in the language of the page the person used, with a plain-text and
an HTML part, the portal's name as sender, and no host greeting or username."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from agencies import services
from agencies.models import Membership
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-42"
NAME = {"es": "Portal de Coordinación", "en": "Coordination Portal"}
TUTEO = re.compile(r"\b(tú|tu|tus|puedes|tienes|eres|estás|recibes|te)\b", re.I)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _parts(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return message.subject, message.body, html


def _assert_portal_email(message, *, language, username=""):
    subject, text, html = _parts(message)
    assert message.from_email == (
        f"{NAME[language]} <{django_settings.DEFAULT_FROM_EMAIL}>"
    )
    for part in (subject, text, html):
        for greeting in ("Hola de parte", "Hello from", "testserver!", "[Portal]"):
            assert greeting not in part
        assert "127.0.0.1:8000" not in part
        assert "username" not in part.lower()
        assert "nombre de usuario" not in part.lower()
        if username:
            # The address may contain the username; nothing else may.
            for address in message.to:
                part = part.replace(address, "")
            assert username not in part
    assert f'<html lang="{language}">' in html
    assert "<style" not in html and "<link" not in html and "<script" not in html
    assert NAME[language] in text and NAME[language] in html
    if language == "es":
        assert not TUTEO.search(subject + text)
    return subject, text, html


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("es", "Confirme su dirección de correo electrónico", "Gracias por crear"),
        ("en", "Confirm your e-mail address", "Thank you for creating"),
    ],
)
def test_signup_verification_email_is_the_portals_own(
    client, site_tree, language, subject, sentence
):
    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "email": "ana.maria@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana.maria@example.org")
    [message] = mail.outbox
    assert message.to == ["ana.maria@example.org"]
    got_subject, text, html = _assert_portal_email(
        message, language=language, username=user.username
    )
    assert got_subject == subject
    assert sentence in text and sentence in html
    link = re.search(r"http://testserver/\w\w/accounts/confirm-email/\S+/", text)
    assert link, text
    assert link.group(0).startswith(f"http://testserver/{language}/")
    assert f'href="{link.group(0)}"' in html
    # The link works: it verifies the address.
    client.logout()
    assert client.post(link.group(0).split("testserver", 1)[1]).status_code == 302
    assert user.emailaddress_set.get().verified


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("es", "Elija una nueva contraseña", "Para elegirla, abra este enlace"),
        ("en", "Choose a new password", "To choose it, open this link"),
    ],
)
def test_password_reset_email_is_the_portals_own(
    client, site_tree, language, subject, sentence
):
    user = UserFactory(username="rosa-secret-handle", email="rosa@example.org")
    response = client.post(
        f"/{language}/accounts/password/reset/", {"email": "rosa@example.org"}
    )
    assert response.status_code == 302
    [message] = mail.outbox
    got_subject, text, html = _assert_portal_email(
        message, language=language, username=user.username
    )
    assert got_subject == subject
    assert sentence in text and sentence in html
    link = re.search(r"http://testserver/\w\w/accounts/password/reset/key/\S+/", text)
    assert link, text
    assert f'href="{link.group(0)}"' in html
    assert f"http://testserver/{language}/accounts/profile/" in text


@pytest.mark.parametrize("language", ["es", "en"])
def test_unknown_account_email_links_to_sign_up_not_to_an_account(
    client, site_tree, language
):
    client.post(f"/{language}/accounts/password/reset/", {"email": "nadie@example.org"})
    [message] = mail.outbox
    _subject, text, html = _assert_portal_email(message, language=language)
    assert f"http://testserver/{language}/accounts/signup/" in text
    assert "/accounts/profile/" not in text
    assert "/accounts/profile/" not in html


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("es", "La cuenta ya existe", "ya existe una cuenta con esa"),
        ("en", "Account Already Exists", "an account using that email address"),
    ],
)
def test_account_already_exists_email_is_the_portals_own(
    client, site_tree, language, subject, sentence
):
    user = UserFactory(username="taken-handle", email="taken@example.org")
    client.post(
        f"/{language}/accounts/signup/",
        {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    [message] = mail.outbox
    got_subject, text, html = _assert_portal_email(
        message, language=language, username=user.username
    )
    assert got_subject == subject
    assert sentence in text and sentence in html
    assert f"http://testserver/{language}/accounts/password/reset/" in text


@pytest.mark.parametrize("language", ["es", "en"])
def test_membership_invitation_is_rendered_in_the_inviters_language(
    site_tree, settings, django_capture_on_commit_callbacks, language
):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    agency = AgencyFactory(slug="invite-agency", name_es="Agencia", name_en="Agency")
    coordinator = make_member(agency, role=Membership.Role.COORDINATOR)
    with (
        translation.override(language),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.membership_invite(
            agency=agency,
            email="invitee@example.org",
            role=Membership.Role.MEMBER,
            by=coordinator,
            site_url="https://portal.example.org",
        )
    [message] = mail.outbox
    subject, text, html = _assert_portal_email(message, language=language)
    assert ("Invitación" if language == "es" else "Invitation") in subject
    assert "https://portal.example.org/" in text
    assert 'href="https://portal.example.org/' in html
    assert "/accounts/profile/" not in text  # no account yet, maybe


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("es", "Confirme su dirección de correo electrónico", "en su cuenta del"),
        ("en", "Confirm your e-mail address", "on your account on the"),
    ],
)
def test_changing_the_address_asks_to_confirm_the_new_one(
    client, site_tree, language, subject, sentence
):
    user = UserFactory(username="lucia-handle", email="lucia@example.org")
    client.force_login(user)
    response = client.post(
        f"/{language}/accounts/email/",
        {"email": "lucia.nueva@example.org", "action_add": ""},
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["lucia.nueva@example.org"]
    got_subject, text, html = _assert_portal_email(
        message, language=language, username=user.username
    )
    assert got_subject == subject
    assert sentence in text and sentence in html
    assert re.search(rf"http://testserver/{language}/accounts/confirm-email/\S+/", text)
