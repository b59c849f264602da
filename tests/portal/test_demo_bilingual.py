"""The demo is bilingual: from every page the Spanish navigation reaches (header menu,
footer, and the listings of those pages one level down), the language switch leads to
the same content in English, never to a Spanish page or a 'not translated yet' page."""

import io
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page

from core import demo

# Spanish words that English text never uses; proper names (venues such as "Casa de
# la Cultura", a Spanish document's title) make a few of them on an English page.
SPANISH_WORDS = {"de", "la", "el", "los", "las", "del", "para", "con", "y", "una"}
SPANISH_SHARE = 0.05


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """load_demo once for the module, inside a transaction rolled back at its end."""
    original_logins = demo.LOGINS_FILE
    demo.LOGINS_FILE = tmp_path_factory.mktemp("demo") / "demo-logins.txt"
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", quiet_logins=True, stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
    finally:
        demo.LOGINS_FILE = original_logins


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _main_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.find("main").get_text(" ").split())


def _internal_spanish_links(nodes) -> list[str]:
    paths = []
    for node in nodes:
        for anchor in node.find_all("a", href=True):
            parts = urlsplit(anchor["href"])
            if parts.netloc or parts.query or parts.fragment:
                continue
            if parts.path.startswith("/es/") and parts.path not in paths:
                paths.append(parts.path)
    return paths


def _is_html_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith(
        "text/html"
    )


def _reachable_spanish_pages(client) -> list[str]:
    home = _soup(client.get("/es/"))
    first_level = ["/es/"] + _internal_spanish_links(
        [home.find("nav", class_="main-nav"), home.find("footer")]
    )
    reached = list(first_level)
    for path in first_level:
        response = client.get(path)
        if not _is_html_page(response):
            continue
        for link in _internal_spanish_links([_soup(response).find("main")]):
            if link not in reached:
                reached.append(link)
    return [path for path in reached if _is_html_page(client.get(path))]


def _spanish_only_titles() -> set[str]:
    english = set(
        Page.objects.filter(locale__language_code="en").values_list("title", flat=True)
    )
    return {
        title
        for title in Page.objects.filter(
            locale__language_code="es", depth__gt=1
        ).values_list("title", flat=True)
        if title not in english
    }


@pytest.mark.django_db
def test_every_page_of_the_spanish_navigation_switches_to_english(demo_site, client):
    pages = _reachable_spanish_pages(client)
    assert len(pages) > 10, pages
    spanish_titles = _spanish_only_titles()
    failures = []
    for path in pages:
        response = client.get(path)
        spanish = _soup(response)
        switch = spanish.find("nav", class_="language-switcher").find(
            "a", hreflang="en"
        )
        english_response = client.get(switch["href"], follow=True)
        if english_response.status_code != 200:
            failures.append((path, english_response.status_code))
            continue
        english = _soup(english_response)
        english_text = _main_text(english)
        words = english_text.lower().split()
        spanish_words = sum(word in SPANISH_WORDS for word in words)
        problems = []
        if english.html["lang"] != "en":
            problems.append(f"lang={english.html['lang']}")
        if english_text == _main_text(spanish):
            problems.append("same main text")
        if spanish_words > SPANISH_SHARE * len(words):
            problems.append(f"{spanish_words} Spanish words of {len(words)}")
        problems += [
            f"Spanish title {title!r}"
            for title in spanish_titles
            if title in english_text
        ]
        if problems:
            failures.append((path, switch["href"], problems))
    assert not failures, "\n".join(map(str, failures))
