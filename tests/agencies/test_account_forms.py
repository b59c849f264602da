"""Every error on allauth's forms is tied to its field and listed in a summary."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def linked_errors(response, summary=True) -> dict[str, str]:
    """Field name → its error text, checking the links a screen reader follows.

    Each invalid input has aria-invalid and an aria-describedby id naming an
    element with that error; every error list on the page belongs to an input;
    the summary (role=alert) links to each invalid field.
    """
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").find("main")
    errors = {}
    described_ids = set()
    for control in main.find_all(attrs={"aria-invalid": "true"}):
        ids = control.get("aria-describedby", "").split()
        described_ids.update(ids)
        texts = [
            main.find(id=element_id).get_text(" ", strip=True)
            for element_id in ids
            if "errorlist" in (main.find(id=element_id).get("class") or [])
        ]
        assert texts, f"{control.get('name')} has no error described"
        errors[control["name"]] = " ".join(texts)
    for error_list in main.select("form .errorlist"):
        assert error_list.get("id") in described_ids, error_list
    assert errors
    if not summary:
        # A form of a single hand-drawn field: its error sits by the field.
        return errors
    summary = main.find(class_="error-summary")
    assert summary is not None and summary["role"] == "alert"
    for link in summary.find_all("a"):
        target = main.find(id=link["href"].removeprefix("#"))
        assert target is not None and target.get("aria-invalid") == "true"
    linked = {main.find(id=link["href"][1:])["name"] for link in summary.find_all("a")}
    assert linked == set(errors)
    return errors


def test_signup_errors_are_linked_to_their_fields(client, site_tree):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "not-an-address", "password1": PASSWORD, "password2": "other"},
    )
    errors = linked_errors(response)
    assert set(errors) == {"email", "password2"}
    assert "valid email" in errors["email"]


def test_login_errors_are_linked_and_summarised(client, site_tree):
    errors = linked_errors(client.post("/es/accounts/login/", {"login": ""}))
    assert set(errors) == {"login", "password"}
    assert "Este campo es necesario" in errors["login"]
    # A wrong password is a form-wide error: it is in the summary, once.
    UserFactory(email="rosa@example.org")
    response = client.post(
        "/en/accounts/login/", {"login": "rosa@example.org", "password": "wrong"}
    )
    summary = BeautifulSoup(response.content, "html.parser").find(
        class_="error-summary"
    )
    assert "not correct" in summary.get_text()
    assert response.content.decode().count("not correct") == 1


def test_password_reset_and_change_errors_are_linked(client, site_tree):
    errors = linked_errors(
        client.post("/en/accounts/password/reset/", {"email": "nope"})
    )
    assert set(errors) == {"email"}
    user = UserFactory(email="luis@example.org")
    client.force_login(user)
    errors = linked_errors(
        client.post(
            "/en/accounts/password/change/",
            {"oldpassword": "wrong", "password1": PASSWORD, "password2": PASSWORD},
        )
    )
    assert set(errors) == {"oldpassword"}


def test_email_change_error_is_linked(client, site_tree):
    client.force_login(UserFactory(email="ana@example.org"))
    errors = linked_errors(
        client.post("/en/accounts/email/", {"email": "nope", "action_add": ""}),
        summary=False,
    )
    assert set(errors) == {"email"}


def test_reauthentication_and_two_factor_code_errors_are_linked(client, site_tree):
    client.force_login(UserFactory(email="eva@example.org", password=PASSWORD))
    activate = "/en/accounts/2fa/totp/activate/"
    reauthenticate = (
        "/en/accounts/reauthenticate/?next=%2Fen%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert client.get(activate)["Location"] == reauthenticate
    errors = linked_errors(client.post(reauthenticate, {"password": "wrong"}))
    assert set(errors) == {"password"}
    assert client.post(reauthenticate, {"password": PASSWORD}).status_code == 302
    errors = linked_errors(client.post(activate, {"code": "000000"}))
    assert set(errors) == {"code"}
