"""The browser harness itself: a failed test leaves a screenshot of every page it
had open, and the axe check reports what it should."""

from tests.e2e.axe_checks import serious_violations
from tests.e2e.conftest import screenshot_open_pages


def test_every_open_page_is_saved_under_the_output_folder(
    browser, page, second_page, tmp_path, monkeypatch
):
    monkeypatch.setenv("PYTEST_OUTPUT", str(tmp_path / "out"))
    page.set_content("<h1>Participant</h1>")
    second_page.set_content("<h1>Organizer</h1>")

    written = screenshot_open_pages(browser, "test_journey[es]")

    assert [path.name for path in written] == [
        "test_journey_es_.png",
        "test_journey_es_-1.png",
    ]
    for path in written:
        assert path.parent == tmp_path / "out"
        assert path.read_bytes().startswith(b"\x89PNG")


def test_axe_reports_serious_violations_and_passes_clean_pages(page):
    page.set_content(
        '<html lang="es"><head><title>Prueba</title></head><body><main>'
        '<h1>Prueba</h1><img src="data:,"><input type="text"></main></body></html>'
    )
    found = " ".join(serious_violations(page))
    assert "image-alt (critical)" in found
    assert "label (critical)" in found

    page.set_content(
        '<html lang="es"><head><title>Prueba</title></head><body><main>'
        '<h1>Prueba</h1><img src="data:," alt="Logo">'
        '<label for="q">Buscar</label><input id="q" type="text"></main></body></html>'
    )
    assert serious_violations(page) == []
