"""On a phone the main menu folds behind a button that works without JavaScript, and
keyboard focus in the dark header stands out. (No page scrolls sideways from 320 to
1280 px: test_page_walk.py.)"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The contrast of the focused header element's outline against what is behind it.
FOCUS_CONTRAST = """() => {
    const element = document.activeElement;
    if (!element.closest(".site-header") || !element.matches(":focus-visible")) {
        return null;
    }
    const luminance = (color) => {
        const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map((value) => {
            const channel = Number(value) / 255;
            return channel <= 0.03928
                ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let behind = element.parentElement;
    while (getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
        behind = behind.parentElement;
    }
    const [light, dark] = [
        luminance(getComputedStyle(element).outlineColor),
        luminance(getComputedStyle(behind).backgroundColor),
    ].sort((a, b) => b - a);
    return {
        text: element.textContent.trim(),
        contrast: (light + 0.05) / (dark + 0.05),
    };
}"""


def test_phone_menu_works_without_javascript_and_header_focus_stands_out(
    live_server, demo_site, browser
):
    # On a phone the main menu folds behind a button that works without JavaScript.
    context = browser.new_context(
        locale="es-ES",
        viewport={"width": 390, "height": 800},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/es/")
    search_link = page.locator(".main-nav a", has_text="Buscar")
    expect(search_link).to_be_hidden()
    assert page.locator(".site-header").bounding_box()["height"] < 100
    page.locator(".site-header summary", has_text="Menú").click()
    expect(search_link).to_be_visible()
    context.close()

    # Keyboard focus in the dark header stands out: outline at least 3:1 against it.
    context = browser.new_context(
        locale="es-ES", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/es/")
    contrasts = {}
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused := page.evaluate(FOCUS_CONTRAST):
            contrasts[focused["text"]] = focused["contrast"]
    context.close()
    assert "Buscar" in contrasts
    assert {text: ratio for text, ratio in contrasts.items() if ratio < 3} == {}
