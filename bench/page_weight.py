"""Page-weight budget: bytes each public page transfers (images aside) and its Largest
Contentful Paint, in Chromium on a slow-3G profile, against the demo content.

    .venv/bin/python bench/page_weight.py [--rounds 3] [--port 8005]

It builds the demo in a database of its own (an SQLite file under var/, or the
database named in DATABASE_URL, created when missing), collects the static files,
starts daphne on 127.0.0.1:<port> with the production settings (DEBUG off,
WhiteNoise's compressed static files, the HTTPS redirect off for loopback), and
opens each public page in a fresh Chromium context (cold cache) with the network
throttled through the DevTools protocol to Chrome's "Slow 3G" preset (400 ms
round trip, 400 kbit/s down and up).

For each page it records the bytes that crossed the network (encoded, headers
included) for the document, style sheets, scripts, fonts and other requests, with
images counted apart, and the last `largest-contentful-paint` entry a
PerformanceObserver saw. Each page is loaded --rounds times; the table shows the
medians against the budget: at most 60 kB without images and LCP under 2.5 s.
It exits with status 1 when a page is over budget.

The benchmark is not part of the test suite; other work on the machine skews the
LCP figures (not the bytes).
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

BUDGET_BYTES = 60_000
BUDGET_LCP_MS = 2_500
# Chrome DevTools' "Slow 3G" preset (throughput in bytes per second).
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}
CHROMIUM = "/usr/bin/chromium"
LCP_OBSERVER = """
window.__lcp = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { window.__lcp = entry.startTime; }
}).observe({type: "largest-contentful-paint", buffered: true});
"""
IMAGE_TYPES = {"Image", "Media"}


def _configure_environment(port: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["SECURE_SSL_REDIRECT"] = "False"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    var = BASE_DIR / "var" / "bench-page-weight"
    var.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'portal.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(var / "media"))


def _manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=os.environ, check=True
    )


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _start_server(port: int, log: Path) -> subprocess.Popen:
    daphne = str(Path(sys.executable).with_name("daphne"))
    with log.open("ab") as out:
        process = subprocess.Popen(
            [daphne, "-b", "127.0.0.1", "-p", str(port), "-v", "0"]
            + ["portal.asgi:application"],
            cwd=BASE_DIR,
            env=os.environ,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(300):
        if process.poll() is not None:
            raise SystemExit(f"daphne exited early; see {log}")
        try:
            if _get(base + "/healthz") == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("daphne did not answer")


def _targets() -> list[tuple[str, str]]:
    """One page of each public kind in the demo, in Spanish."""
    from agencies.models import Agency
    from events.models import EventIndexPage, EventPage
    from home.models import NewsIndexPage, NewsPage, ResourceIndexPage, ResourcePage

    def first(model):
        page = model.objects.live().filter(locale__language_code="es").first()
        if page is None:
            raise SystemExit(f"The demo has no {model.__name__}; run load_demo.")
        return page.url

    agency = Agency.objects.filter(is_active=True).order_by("slug").first()
    illustrated = (
        EventPage.objects.live()
        .filter(locale__language_code="es", image__isnull=False)
        .first()
    )
    return [
        ("home", "/es/"),
        ("calendar", first(EventIndexPage)),
        ("training", first(EventPage)),
        ("news index", first(NewsIndexPage)),
        ("news page", first(NewsPage)),
        ("resources", first(ResourceIndexPage)),
        ("resource", first(ResourcePage)),
        ("search", "/es/search/?q=migrantes"),
        ("agency profile", f"/es/agencies/{agency.slug}/"),
        # Images (logos, illustrations) are counted apart, and must not delay LCP.
        *([("training + image", illustrated.url)] if illustrated else []),
    ]


def _measure(browser, url: str) -> dict:
    """One cold load of `url` on slow 3G: bytes by kind and the LCP."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    kinds: dict[str, str] = {}
    sizes: dict[str, int] = {}

    def response(event):
        mime = event["response"].get("mimeType", "")
        kind = event.get("type", "Other")
        kinds[event["requestId"]] = "Image" if mime.startswith("image/") else kind

    def finished(event):
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", response)
    cdp.on("Network.loadingFinished", finished)
    page.add_init_script(LCP_OBSERVER)
    page.goto(url, wait_until="load", timeout=120_000)
    # Let late requests settle and the LCP entry arrive.
    page.wait_for_timeout(1500)
    lcp = page.evaluate("window.__lcp")
    context.close()
    text = sum(size for rid, size in sizes.items() if kinds.get(rid) not in IMAGE_TYPES)
    images = sum(size for rid, size in sizes.items() if kinds.get(rid) in IMAGE_TYPES)
    by_kind: dict[str, int] = {}
    for rid, size in sizes.items():
        kind = kinds.get(rid, "Other")
        by_kind[kind] = by_kind.get(kind, 0) + size
    return {"bytes": text, "images": images, "lcp": lcp, "kinds": by_kind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8005)
    parser.add_argument(
        "--skip-setup", action="store_true", help="reuse the database and static"
    )
    args = parser.parse_args()
    _configure_environment(args.port)
    if not args.skip_setup:
        _manage("migrate", "--noinput", "-v0")
        _manage("load_demo", "--quiet-logins")
        _manage("collectstatic", "--noinput", "-v0")

    import django

    django.setup()
    targets = _targets()
    from django.db import connections

    connections.close_all()

    from playwright.sync_api import sync_playwright

    log = BASE_DIR / "var" / "bench-page-weight" / "daphne.log"
    server = _start_server(args.port, log)
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            runs = {name: [] for name, _path in targets}
            for _round in range(args.rounds):
                for name, path in targets:
                    runs[name].append(_measure(browser, base + path))
            browser.close()
        for name, path in targets:
            measured = runs[name]
            rows.append(
                {
                    "name": name,
                    "path": path,
                    "bytes": statistics.median(run["bytes"] for run in measured),
                    "images": statistics.median(run["images"] for run in measured),
                    "lcp": statistics.median(run["lcp"] for run in measured),
                    "kinds": measured[-1]["kinds"],
                }
            )
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(
        f"\nSlow 3G (400 ms RTT, 400 kbit/s), cold cache, median of {args.rounds} "
        f"rounds; budget {BUDGET_BYTES / 1000:.0f} kB without images, LCP "
        f"< {BUDGET_LCP_MS / 1000:.1f} s\n"
    )
    print("| page | path | kB (no images) | kB images | LCP s | within budget |")
    print("|---|---|---:|---:|---:|---|")
    over = False
    for row in rows:
        fits = row["bytes"] <= BUDGET_BYTES and row["lcp"] < BUDGET_LCP_MS
        over = over or not fits
        print(
            f"| {row['name']} | {row['path']} | {row['bytes'] / 1000:.1f} | "
            f"{row['images'] / 1000:.1f} | {row['lcp'] / 1000:.2f} | "
            f"{'yes' if fits else 'NO'} |"
        )
    print("\nBytes by kind (last round):")
    for row in rows:
        parts = ", ".join(
            f"{kind} {size / 1000:.1f} kB"
            for kind, size in sorted(row["kinds"].items())
        )
        print(f"  {row['name']}: {parts}")
    print(f"\nLoad average: {os.getloadavg()[0]:.2f}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
