"""Rate limits count per client: behind the trusted proxy one client's failures do not
lock out everyone else, and nobody escapes a limit by writing X-Forwarded-For."""

import pytest
from django.core.cache import cache

from core.client_address import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
VISITOR = "198.51.100.7"
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]


def via_proxy(client_ip: str, forwarded_by_client: str = "") -> dict:
    """What the proxy sends: the client's own header, then the address it saw."""
    hops = [forwarded_by_client, client_ip] if forwarded_by_client else [client_ip]
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(hops)}


def fail_logins(client, count: int, **origin) -> str:
    content = ""
    for attempt in range(count):
        response = client.post(
            "/en/accounts/login/",
            {"login": f"nobody{attempt}@example.org", "password": "wrong"},
            **origin,
        )
        content = response.content.decode()
    return content


def test_one_client_behind_the_proxy_does_not_lock_out_the_others(
    client, site_tree, behind_proxy
):
    UserFactory(username="eva", email="eva@example.org")
    last = fail_logins(client, 11, **via_proxy(ATTACKER))
    assert "Too many failed login attempts" in last

    visitor = type(client)()
    response = visitor.post(
        "/en/accounts/login/",
        {"login": "eva@example.org", "password": PASSWORD},
        **via_proxy(VISITOR),
    )
    assert response.status_code == 302
    assert "_auth_user_id" in visitor.session


def test_a_client_cannot_escape_the_limit_by_forging_x_forwarded_for(
    client, site_tree, behind_proxy
):
    fail_logins(client, 10, **via_proxy(ATTACKER))
    UserFactory(username="eva", email="eva@example.org")
    response = client.post(
        "/en/accounts/login/",
        {"login": "eva@example.org", "password": PASSWORD},
        **via_proxy(ATTACKER, forwarded_by_client=VISITOR),
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, site_tree):
    """A direct client that invents a new X-Forwarded-For on each try still hits
    the limit of its own address."""
    for attempt in range(10):
        client.post(
            "/en/accounts/login/",
            {"login": f"nobody{attempt}@example.org", "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
    UserFactory(username="eva", email="eva@example.org")
    response = client.post(
        "/en/accounts/login/",
        {"login": "eva@example.org", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert "Too many failed login attempts" in response.content.decode()


def test_per_account_limit_holds_across_client_addresses(
    client, site_tree, behind_proxy
):
    UserFactory(username="eva", email="eva@example.org")
    for attempt in range(5):
        client.post(
            "/en/accounts/login/",
            {"login": "eva@example.org", "password": "wrong"},
            **via_proxy(f"198.51.100.{attempt + 10}"),
        )
    response = client.post(
        "/en/accounts/login/",
        {"login": "eva@example.org", "password": PASSWORD},
        **via_proxy(VISITOR),
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_ups_behind_the_proxy_are_counted_per_client(
    client, site_tree, behind_proxy
):
    for attempt in range(10):
        client.post(
            "/en/accounts/signup/",
            {"email": f"s{attempt}@example.org", "password1": "x", "password2": "y"},
            **via_proxy(ATTACKER),
        )
    blocked = client.post(
        "/en/accounts/signup/",
        {"email": "s@example.org", "password1": "x", "password2": "y"},
        **via_proxy(ATTACKER),
    )
    assert blocked.status_code == 429
    passphrase = "a-long-and-unusual-passphrase-42"
    response = type(client)().post(
        "/en/accounts/signup/",
        {"email": "new@example.org", "password1": passphrase, "password2": passphrase},
        **via_proxy(VISITOR),
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        pytest.param(PROXY, "", PROXY, id="proxy-without-header"),
        pytest.param(PROXY, ATTACKER, ATTACKER, id="one-proxy"),
        pytest.param(PROXY, f"{VISITOR}, {ATTACKER}", ATTACKER, id="forged-left-hop"),
        pytest.param(PROXY, f"{ATTACKER}, 10.1.1.1", ATTACKER, id="two-proxies"),
        pytest.param(PROXY, "garbage, 10.1.1.1", "10.1.1.1", id="garbage-hop"),
        pytest.param(PROXY, f"{ATTACKER}:4711", ATTACKER, id="hop-with-port"),
        pytest.param("fd00::5", "2001:db8::1", "2001:db8::1", id="ipv6"),
        pytest.param(ATTACKER, VISITOR, ATTACKER, id="untrusted-peer"),
    ],
)
def test_client_address_reads_the_rightmost_untrusted_hop(
    rf, behind_proxy, remote, forwarded, expected
):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.fixture
def protected_page(site_tree):
    from wagtail.models import PageViewRestriction

    from tests.factories import NewsPageFactory

    page = NewsPageFactory(parent=site_tree.news["es"], title="Acta reservada")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="the-real-one"
    )
    return page, restriction


def guess(client, page, restriction, password, **origin):
    from django.urls import reverse

    return client.post(
        reverse(
            "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
        ),
        {"password": password, "return_url": page.url},
        **origin,
    )


def test_page_password_guesses_are_limited_per_client(client, protected_page):
    page, restriction = protected_page
    for _attempt in range(10):
        assert guess(client, page, restriction, "wrong").status_code == 200
    blocked = guess(client, page, restriction, "the-real-one")
    assert blocked.status_code == 429
    assert "Demasiadas contraseñas incorrectas" in blocked.content.decode()
    # Not let in: the page still asks for its password.
    assert "authenticate_with_password" in client.get(page.url).content.decode()

    other = type(client)()
    response = guess(other, page, restriction, "the-real-one", REMOTE_ADDR=VISITOR)
    assert response.status_code == 302
    assert response["Location"] == page.url


def test_page_password_guesses_are_limited_per_page_from_all_clients(
    client, protected_page, settings
):
    settings.VIEW_RESTRICTION_RATE_LIMITS = "10/m/ip,20/h/key"
    page, restriction = protected_page
    for attempt in range(20):
        response = guess(
            client, page, restriction, "wrong", REMOTE_ADDR=f"192.0.2.{attempt + 1}"
        )
        assert response.status_code == 200
    response = guess(client, page, restriction, "wrong", REMOTE_ADDR="192.0.2.200")
    assert response.status_code == 429
    english = client.post(
        f"/en/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "x", "return_url": page.url},
        REMOTE_ADDR="192.0.2.201",
    )
    assert english.status_code == 429
    assert "Too many wrong passwords" in english.content.decode()
