"""Ways around the site: agencies reachable from the menu and from every organizer
name, the calendar early in the menu, calls to action and "see all" on the home page."""

import datetime

import pytest
from django.utils import timezone

from tests.events.factories import (
    EventAgencyFactory,
    EventIndexPageFactory,
    EventPageFactory,
    local,
)
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendars(site_tree):
    es = EventIndexPageFactory(
        parent=site_tree.homes["es"], title="Capacitaciones", show_in_menus=True
    )
    en = EventIndexPageFactory(
        parent=site_tree.homes["en"],
        title="Trainings",
        show_in_menus=True,
        translation_key=es.translation_key,
    )
    return {"es": es, "en": en}


@pytest.fixture
def training(calendars):
    day = timezone.localdate() + datetime.timedelta(days=20)
    lead = EventAgencyFactory(
        slug="migration", name_es="Servicio de Migración", acronym="SNM"
    )
    partner = EventAgencyFactory(slug="partner", name_es="Socio", acronym="")
    start = local(day.year, day.month, day.day, 9)
    return EventPageFactory(
        parent=calendars["es"],
        title="Taller",
        lead_agency=lead,
        co_organizers=[partner],
        days=[(start, start + datetime.timedelta(hours=7))],
    )


def nav(html: str) -> str:
    return html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize("language", ["es", "en"])
def test_menu_links_the_agencies_and_puts_the_calendar_first(
    client, calendars, language
):
    menu = nav(client.get(f"/{language}/").content.decode())
    assert f'href="/{language}/agencies/"' in menu
    home_at = menu.index(f'href="/{language}/"')
    calendar_at = menu.index(calendars[language].url)
    news_at = menu.index(f'href="/{language}/news/"')
    assert home_at < calendar_at < news_at


def test_organizer_names_link_to_their_profiles_on_cards_and_the_training_page(
    client, training
):
    for url in ("/es/", training.get_parent().url, training.url):
        html = client.get(url).content.decode()
        main = html.split('<main id="main"', 1)[1]
        assert 'href="/es/agencies/migration/"' in main, url
        assert 'href="/es/agencies/partner/"' in main, url
    assert client.get("/es/agencies/migration/").status_code == 200


def test_an_inactive_organizer_is_named_without_a_dead_link(client, training):
    training.lead_agency.is_active = False
    training.lead_agency.save()
    html = client.get(training.url).content.decode()
    assert "Servicio de Migración" in html
    assert 'href="/es/agencies/migration/"' not in html


def test_news_names_the_agencies_involved_with_links_to_their_profiles(
    client, site_tree
):
    agency = EventAgencyFactory(slug="ministry", name_es="Ministerio")
    news = NewsPageFactory(parent=site_tree.news["es"], title="Taller conjunto")
    news.agencies.set([agency])
    news.save_revision().publish()
    html = client.get(news.url).content.decode()
    assert '<a href="/es/agencies/ministry/">Ministerio</a>' in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_home_page_offers_calls_to_action_and_see_all_links(
    client, site_tree, calendars, language
):
    html = client.get(f"/{language}/").content.decode()
    main = html.split('<main id="main"', 1)[1]
    hero = main.split('class="hero__actions"', 1)[1].split("</p>", 1)[0]
    assert calendars[language].url in hero
    assert f'href="/{language}/agencies/"' in hero
    see_all = main.split('class="see-all"')[1:]
    assert [part.split('href="', 1)[1].split('"', 1)[0] for part in see_all] == [
        calendars[language].url,
        site_tree.news[language].url,
        site_tree.resources[language].url,
    ]
