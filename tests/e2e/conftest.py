"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

When a browser test fails, every page it has open is saved as a screenshot under
the run's output folder: $PYTEST_OUTPUT if set, else test-results/ (git-ignored).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from core import demo
from tests import demo_template

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]


def results_dir() -> Path:
    return Path(os.environ.get("PYTEST_OUTPUT") or ROOT / "test-results")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    # Playwright's sync API runs an event loop in the test thread while the tests
    # (and pytest-django's fixtures) still use the database synchronously.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # From here on Django hands out new connection objects (a new context), which
        # lack the snapshot serialized_rollback restores after a transactional test.
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def screenshot_open_pages(browser, name: str) -> list[Path]:
    """Save every page open in the browser (all contexts) as `<name>[-n].png`."""
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", name)
    written = []
    pages = [page for context in browser.contexts for page in context.pages]
    for number, page in enumerate(pages):
        suffix = f"-{number}" if number else ""
        path = folder / f"{stem}{suffix}.png"
        try:
            page.screenshot(path=path, full_page=True)
        except Exception:  # noqa: S112 - a closed page must not hide the failure
            continue
        written.append(path)
    return written


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    browser = getattr(item, "funcargs", {}).get("browser")
    if report.when == "call" and report.failed and browser is not None:
        for path in screenshot_open_pages(browser, item.name):
            report.sections.append(("screenshot", str(path)))


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="es-ES", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def second_page(browser):
    """A page in a second browser context: another person, other cookies."""
    context = browser.new_context(
        locale="es-ES", viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def demo_site(transactional_db, tmp_path, monkeypatch):
    """The demo content: a copy of the demo template database, built once
    (tests/demo_template.py); load_demo itself, its printed logins kept out of
    var/, where this run's databases were not made from templates."""
    if not demo_template.copy_demo():
        monkeypatch.setattr(demo, "LOGINS_FILE", tmp_path / "logins.txt")
        call_command("load_demo", quiet_logins=True)


@pytest.fixture
def sign_in():
    """Sign a browser context in as a user by its session cookie (no login form)."""
    from django.test import Client

    def sign_in(context, user, base_url: str) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
        )

    return sign_in
