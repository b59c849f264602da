"""A failed browser test leaves a screenshot of every page it had open."""

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
