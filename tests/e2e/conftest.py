"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

Screenshots of failed journeys go to test-results/ (the run's output folder).
"""

import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        RESULTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=RESULTS_DIR / f"{item.name}.png", full_page=True)


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="es-ES", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()
