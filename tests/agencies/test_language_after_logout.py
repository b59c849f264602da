"""Signing out or deleting the account keeps the language the person was using,
whatever language the browser asks for (issue 15)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The browser asks for the other language: only the page's language may decide.
OTHER = {"es": "en", "en": "es"}
DELETED = {"es": "Su cuenta se eliminó.", "en": "Your account has been deleted."}


@pytest.fixture
def person(site_tree):
    return UserFactory(username="ana", email="ana@example.org")


def _assert_home_in(response, language):
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == f"/{language}/"
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("language", ["es", "en"])
def test_sign_out_lands_on_the_home_page_in_the_language_used(client, person, language):
    client.force_login(person)
    headers = {"HTTP_ACCEPT_LANGUAGE": OTHER[language]}
    assert client.get(f"/{language}/accounts/profile/", **headers).status_code == 200

    response = client.post(f"/{language}/accounts/logout/", follow=True, **headers)

    assert "_auth_user_id" not in client.session
    _assert_home_in(response, language)


def test_sign_out_still_returns_to_a_safe_page_it_came_from(client, person):
    client.force_login(person)
    response = client.post(
        "/es/accounts/logout/",
        {"next": "/es/announcements/"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.request["PATH_INFO"] == "/es/announcements/"
    assert '<html lang="es">' in response.content.decode()

    client.force_login(person)
    response = client.post(
        "/es/accounts/logout/", {"next": "https://evil.example/"}, follow=True
    )
    _assert_home_in(response, "es")


@pytest.mark.parametrize("language", ["es", "en"])
def test_account_deletion_lands_on_the_home_page_in_the_language_used(
    client, person, language
):
    client.force_login(person)
    response = client.post(
        f"/{language}/accounts/profile/delete/",
        {"confirm": "on"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=OTHER[language],
    )

    person.refresh_from_db()
    assert not person.is_active
    _assert_home_in(response, language)
    assert DELETED[language] in response.content.decode()
