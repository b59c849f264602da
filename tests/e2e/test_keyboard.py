"""Keyboard use: the sign-in form in a sensible order, and a focus outline that
stands out (3:1) on every element people can reach, in the body and the footer too."""

from pprint import pformat

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/es/",
    "/es/events/taller-trafico-ilicito-migrantes-2027-colon/",
    "/es/resources/law-36-2013/",
    "/es/search/?q=ley",
    "/es/accounts/login/",
    "/es/accounts/signup/",
    "/en/privacy/",
]

# The focused element's outline: its width and its contrast against what is
# behind the element (the outline sits outside it, over its parent's background).
FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body || !element.matches(":focus-visible")) {
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
    while (behind && getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
        behind = behind.parentElement;
    }
    const background = behind
        ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
    const style = getComputedStyle(element);
    const [light, dark] = [
        luminance(style.outlineColor), luminance(background),
    ].sort((a, b) => b - a);
    return {
        text: `${element.tagName.toLowerCase()} ${(element.textContent || element.name
            || element.id || "").trim().slice(0, 40)}`,
        width: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
        contrast: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100,
    };
}"""


def test_forgot_password_link_is_reached_after_the_password(
    live_server, demo_site, page
):
    page.goto(f"{live_server.url}/es/accounts/login/")
    page.locator("#id_login").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        "/es/accounts/password/reset/"
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_focus_outline_stands_out_everywhere(live_server, demo_site, browser, width):
    context = browser.new_context(
        locale="es-ES", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    weak = {}
    reached = 0
    for path in PAGES:
        page.goto(live_server.url + path)
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS)
            if focused is None:
                continue
            reached += 1
            if focused["width"] < 2 or focused["contrast"] < 3:
                weak[f"{path}: {focused['text']}"] = focused
            if page.evaluate("!!document.activeElement.closest('.site-footer')"):
                if page.evaluate(
                    "document.activeElement.getAttribute('href') === '/admin/'"
                ):
                    break
    context.close()
    assert reached > 50
    assert weak == {}, pformat(weak, width=120)
