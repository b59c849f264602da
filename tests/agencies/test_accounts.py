"""Accounts through allauth: sign-up, verification, e-mail login, limits, MFA gate."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from agencies.models import Membership
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


def _signup(client, email, language="es"):
    return client.post(
        f"/{language}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signup_verify_email_then_log_in_by_email(client, site_tree):
    response = _signup(client, "ana@example.org")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    # Unverified: the login is refused (verification page), not granted.
    client.logout()
    response = client.post(
        "/es/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session

    path = link.group(0).split("testserver", 1)[-1]
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        "/en/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"
    assert client.session["_auth_user_id"] == str(user.pk)
    profile = client.get("/en/accounts/profile/")
    assert profile.status_code == 200
    assert b"ana@example.org" in profile.content


def test_signup_profile_starts_in_the_signup_language(client, site_tree):
    _signup(client, "en-user@example.org", language="en")
    user = get_user_model().objects.get(email="en-user@example.org")
    assert user.participant_profile.preferred_language == "en"


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("en", "Account Already Exists", "an account using that email address"),
        ("es", "La cuenta ya existe", "ya existe una cuenta con esa"),
    ],
)
def test_duplicate_email_at_signup_is_told_to_the_address_owner_only(
    client, site_tree, language, subject, sentence
):
    """Enumeration is prevented: the page answers as for a new address, and the
    clear message goes by e-mail to the owner of the address."""
    UserFactory(username="taken", email="taken@example.org")
    new_address = _signup(client, "new@example.org", language=language)
    client.logout()
    mail.outbox.clear()
    response = _signup(client, "TAKEN@example.org", language=language)
    assert response.status_code == new_address.status_code == 302
    assert response["Location"] == new_address["Location"]
    assert (
        get_user_model().objects.filter(email__iexact="taken@example.org").count() == 1
    )
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["taken@example.org"]
    assert subject in message.subject
    assert sentence in message.body


def test_password_reset_for_an_unknown_address_reveals_nothing(client, site_tree):
    response = client.post(
        "/es/accounts/password/reset/", {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/password/reset/done/"
    [message] = mail.outbox
    assert message.to == ["nobody@example.org"]
    assert "Cuenta desconocida" in message.subject
    assert "/accounts/password/reset/key/" not in message.body


def test_login_form_asks_for_email_not_username(client, site_tree):
    UserFactory(username="maria", email="maria@example.org")
    response = client.get("/en/accounts/login/")
    assert 'type="email"' in response.content.decode()
    response = client.post(
        "/en/accounts/login/",
        {"login": "maria", "password": "correct-horse-battery"},
    )
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_locked_out_with_a_message(client, site_tree):
    UserFactory(username="luis", email="luis@example.org")
    for _attempt in range(5):
        client.post(
            "/en/accounts/login/", {"login": "luis@example.org", "password": "wrong"}
        )
    response = client.post(
        "/en/accounts/login/",
        {"login": "luis@example.org", "password": "correct-horse-battery"},
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link(client, site_tree):
    UserFactory(username="rosa", email="rosa@example.org")
    response = client.post(
        "/es/accounts/password/reset/", {"email": "rosa@example.org"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(
    "path", ["login/", "signup/", "password/reset/"], ids=["login", "signup", "reset"]
)
def test_account_pages_use_the_site_look_in_both_languages(
    client, site_tree, language, path
):
    response = client.get(f"/{language}/accounts/{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html
    assert "<main" in html
    assert "style=" not in html


def test_account_pages_for_signed_in_people(client, site_tree):
    client.force_login(UserFactory())
    for path in ("email/", "password/change/", "2fa/", "profile/"):
        assert client.get(f"/es/accounts/{path}").status_code == 200, path


def test_admin_login_goes_through_allauth(client, site_tree):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/es/accounts/login/?next=")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_editors_must_enrol_in_mfa_before_the_admin(client, site_tree, settings):
    settings.ADMIN_REQUIRES_MFA = True
    editor = make_member(AgencyFactory(), Membership.Role.EDITOR)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    # The public site stays open.
    assert client.get("/es/agencies/").status_code == 200

    Authenticator.objects.create(
        user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert client.get("/admin/").status_code == 200


def test_participants_are_not_asked_for_mfa(client, site_tree, settings):
    settings.ADMIN_REQUIRES_MFA = True
    client.force_login(UserFactory())
    response = client.get("/admin/")
    # No admin access at all: Wagtail sends them to sign in, not to MFA set-up.
    assert "/2fa/" not in response["Location"]
