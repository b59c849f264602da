"""Retake the README's screenshots (docs/screenshots/) against a running portal.

Start the portal with `make run` (demo loaded), then, from the checkout:

    .venv/bin/python tools/screenshots.py [--base-url http://127.0.0.1:8000]

Takes home, calendar, a training, search, "My registrations" (signed in as the demo
participant) and the applicant list (signed in as the demo editor of the SNM) at
390 and 1280 px wide, in Spanish (`--language en` for English). It signs in by
writing sessions to the portal's database (the same settings as `make run`), so it
needs no password. Each PNG is the top of the page, up to a few screens long, and
is reduced to a 256-colour palette when larger than 300 kB.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {390: 2400, 1280: 1800}  # viewport width -> tallest screenshot (px)
MAX_BYTES = 300_000
PARTICIPANT = "participante@example.org"
ORGANIZER = "editor.snm@example.org"
TRAINING = "taller-trafico-ilicito-migrantes-2027-colon"
# The seed story's workshop: its applicants were scored and selected.
WORKSHOP = "taller-trafico-ilicito-migrantes-2022"
EAGER_IMAGES = """async () => {
    for (const image of document.images) image.loading = "eager";
    const images = [...document.images];
    await Promise.all(images.map((image) => image.decode().catch(() => null)));
}"""


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()


def session_for(email: str) -> str:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(email=email)
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def shots(language: str) -> list[tuple[str, str, str | None]]:
    """(name, path, signed in as) of each screenshot."""
    from events.models import EventPage

    workshop = EventPage.objects.get(
        slug=WORKSHOP, locale__language_code=settings_language()
    )
    return [
        ("home", f"/{language}/", None),
        ("calendar", f"/{language}/events/", None),
        ("training", f"/{language}/events/{TRAINING}/", None),
        ("search", f"/{language}/search/?q=taller", None),
        ("my-registrations", f"/{language}/registrations/", PARTICIPANT),
        ("applicants", f"/admin/registrations/{workshop.pk}/", ORGANIZER),
    ]


def settings_language() -> str:
    from django.conf import settings

    return settings.LANGUAGE_CODE


def small_png(png: bytes) -> bytes:
    """The screenshot as it is, or on a 256-colour palette when it is large."""
    if len(png) <= MAX_BYTES:
        return png
    from PIL import Image

    with Image.open(io.BytesIO(png)) as picture:
        reduced = picture.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        reduced.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--language", default="es", choices=["es", "en"])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    arguments = parser.parse_args()
    django_setup()
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    base = arguments.base_url.rstrip("/")
    plan = shots(arguments.language)
    sessions = {email: session_for(email) for _n, _p, email in plan if email}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for width, tallest in WIDTHS.items():
            for name, path, email in plan:
                context = browser.new_context(
                    locale="es-ES" if arguments.language == "es" else "en-GB",
                    viewport={"width": width, "height": 900},
                    reduced_motion="reduce",
                )
                if email:
                    context.add_cookies(
                        [
                            {
                                "name": settings.SESSION_COOKIE_NAME,
                                "value": sessions[email],
                                "url": base,
                            }
                        ]
                    )
                page = context.new_page()
                response = page.goto(base + path, wait_until="load")
                if response is None or response.status >= 400:
                    raise SystemExit(f"{path}: HTTP {response and response.status}")
                # Lazy images below the fold: load them for the picture.
                page.evaluate(EAGER_IMAGES)
                height = min(
                    page.evaluate("document.documentElement.scrollHeight"), tallest
                )
                png = page.screenshot(
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": height},
                )
                target = out / f"{name}-{arguments.language}-{width}.png"
                target.write_bytes(small_png(png))
                print(f"{target}  {target.stat().st_size // 1024} kB")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
