"""Shared fixtures: locales and a bilingual page tree like the one load_demo builds."""

import contextlib
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

from events.models import EventIndexPage
from home.models import HomePage, NewsIndexPage, ResourceIndexPage
from tests import databases, snapshots
from tests.events.factories import EventIndexPageFactory
from tests.factories import NewsIndexPageFactory, ResourceIndexPageFactory


def pytest_collection_modifyitems(items):
    """Browser tests run last, and every transactional test restores the migrated
    data (Wagtail's root page, default site, collections, groups) instead of leaving
    an empty database.

    The browser fixture keeps Playwright's event loop running in the worker's thread
    until the session ends, so an async test after it could not start its own loop.
    Django requires all transactional tests of a run to agree on serialized
    rollback: a flush without it re-creates content types that a later serialized
    restore collides with.
    """
    items.sort(key=lambda item: "tests/e2e/" in str(item.fspath))
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if not marker.kwargs.get("serialized_rollback"):
            options = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(
                pytest.mark.django_db(*marker.args, **options), append=False
            )


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's test databases, each a copy of a migrated template database
    built once (tests/databases.py) instead of migrated in every worker."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    copying = contextlib.nullcontext()
    if django_db_use_migrations and not keepdb:
        copying = databases.migrated_from_templates(aliases)
    with django_db_blocker.unblock(), copying:
        setup = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(setup, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language, whatever the last one left."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_search_cache():
    """Each test starts with a new search-index version: results another test's
    database cached (the cache outlives a test's rollback) are unreachable."""
    from search.cache import index_changed

    index_changed()


@dataclass
class SiteTree:
    homes: dict[str, HomePage]
    news: dict[str, NewsIndexPage]
    resources: dict[str, ResourceIndexPage]


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return make_locales()


def make_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("es", "en")
    }


@pytest.fixture
def site_tree(db) -> SiteTree:
    """Spanish and English home pages (translations of each other) with indexes.

    Built once per worker and replayed in each test (tests/snapshots.py), with
    the locales: on PostgreSQL a locale made outside the recording gets another id
    in every test."""
    return snapshots.replay("site_tree", lambda: build_site_tree(make_locales()))


def build_site_tree(locales) -> SiteTree:
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    homes, news, resources = {}, {}, {}
    for code in ("es", "en"):
        home = HomePage(
            title=f"Home {code}",
            slug=f"home-{code}",
            hero_title=f"Hero {code}",
            locale=locales[code],
        )
        if code == "en":
            home.translation_key = homes["es"].translation_key
        root.add_child(instance=home)
        home.save_revision().publish()
        homes[code] = home
        translation_of = {}
        if code == "en":
            translation_of = {
                "news": {"translation_key": news["es"].translation_key},
                "resources": {"translation_key": resources["es"].translation_key},
            }
        news[code] = NewsIndexPageFactory(
            parent=home,
            title=f"News {code}",
            show_in_menus=True,
            **translation_of.get("news", {}),
        )
        resources[code] = ResourceIndexPageFactory(
            parent=home,
            title=f"Resources {code}",
            show_in_menus=True,
            **translation_of.get("resources", {}),
        )
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=homes["es"], is_default_site=True
    )
    return SiteTree(homes=homes, news=news, resources=resources)


@pytest.fixture
def calendars(site_tree) -> dict[str, EventIndexPage]:
    """The training calendar under each home page, translations of each other."""
    return snapshots.replay("calendars", lambda: build_calendars(site_tree))


def build_calendars(site_tree) -> dict[str, EventIndexPage]:
    es = EventIndexPageFactory(parent=site_tree.homes["es"], title="Capacitaciones")
    en = EventIndexPageFactory(
        parent=site_tree.homes["en"],
        title="Trainings",
        translation_key=es.translation_key,
    )
    return {"es": es, "en": en}


@pytest.fixture
def calendar(db) -> EventIndexPage:
    """A training calendar straight under the root, outside any site (the
    registration and access tests reach their trainings by id, not by URL)."""
    return snapshots.replay(
        "calendar",
        lambda: EventIndexPageFactory(
            parent=Page.get_first_root_node(), title="Calendario", slug="calendario"
        ),
    )


def pytest_terminal_summary(terminalreporter):
    if snapshots.stats:
        terminalreporter.write_line(f"snapshots: {snapshots.stats}")
    if databases.stats:
        terminalreporter.write_line(f"template databases: {databases.stats}")
