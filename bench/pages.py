"""Page-speed benchmark: requests/second, p50/p95 latency, worker CPU and SQL
queries per request of the public pages, anonymous and signed in, through the
production settings and two ASGI processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_pages \\
    REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/pages.py [--duration 5] [--rounds 3] [--connections 8]

It creates the database named in DATABASE_URL if it is missing, migrates it, loads
the demo content and then, in bulk, 2,000 trainings, 5,000 news articles, 10,000
documents and 5,000 registrations (skipped when a previous run left them there;
--reload starts from an empty database). Pages go straight into the page tree
(materialised paths computed here, one INSERT per table and batch), which is what
Wagtail's `add_child` would write one page at a time; their search entries go
straight into the database search engine.

It then collects the static files, starts two daphne processes that accept on one
shared listening socket (daphne has no worker option; sharing the socket is how
several processes serve one port), with the production settings, DEBUG off and
the HTTPS redirect off for loopback, and runs `wrk` (from Debian) against each
page in turn, in `--rounds` interleaved rounds (every page once per round), after
a short warm-up. `/healthz` (a view that returns "ok") is the ceiling: each page
is also reported as a fraction of its requests/second in the same round. The
table gives the medians of the rounds and their spread, the worker CPU per
request (user + system time of the daphne processes over the requests served)
and the SQL queries of one warm request to the page (counted in this process).
Signed-in rows send the session cookie of a bench participant.

The benchmark is not part of the test suite. Other work on the machine skews the
figures: the load average is printed with the table.
"""

import argparse
import datetime
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import bench_servers
from bench_databases import ensure_database

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

EVENTS = 2_000
NEWS = 5_000
DOCUMENTS = 10_000
REGISTRATIONS = 5_000
PARTICIPANTS = 1_000
BATCH = 500
PREFIX = "bench-"

WORDS = (
    "migración tráfico ilícito migrantes trata personas capacitación taller "
    "frontera protocolo derechos humanos coordinación interinstitucional sociedad "
    "civil instructores evaluación desempeño docencia gobernanza protección "
    "refugio asilo identificación víctimas fiscalía policía servicio nacional "
    "cooperación internacional organización comunidad acogida orientación jurídica "
    "datos abiertos movilidad humana plan nacional convención delincuencia "
    "organizada metodología participativa análisis casos replicación"
).split()
LUA_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
"""


# Appended to the script of a path ending in VARY: each request puts a different
# pair of words there, so every search misses the caches (uncached search).
LUA_VARY = """
local words = {WORDS}
local counter = 0
request = function()
  counter = counter + 1
  local first = words[(counter % #words) + 1]
  local second = words[(math.floor(counter / #words) % #words) + 1]
  return wrk.format(nil, string.sub(wrk.path, 1, -5) .. first .. "+" .. second)
end
""".replace(
    "WORDS", ", ".join(f'"{urllib.parse.quote(word)}"' for word in sorted(set(WORDS)))
)


def _configure_environment() -> None:
    """The production settings, with what a loopback run cannot have."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["SECURE_SSL_REDIRECT"] = "False"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("MEDIA_ROOT", str(BASE_DIR / "var" / "bench-media"))
    # Under ASGI each request runs in a thread of its own, so persistent
    # connections (CONN_MAX_AGE > 0) pile up until PostgreSQL refuses clients.
    os.environ.setdefault("CONN_MAX_AGE", "0")


def _manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=os.environ, check=True
    )


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _insert_pages(parent, pages: list) -> list:
    """Append `pages` (unsaved, one specific class) under `parent` as live pages.

    Writes what `parent.add_child(instance=page)` writes, a batch at a time: the
    base `wagtailcore_page` rows with their materialised paths, then the rows of
    the specific table (Django cannot bulk-create a multi-table child, so its
    table is written with a raw insert of its own columns).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    parent.refresh_from_db()
    now = timezone.now()
    bases = []
    for step, page in enumerate(pages, start=parent.numchild + 1):
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.last_published_at = now
        page.translation_key = uuid.uuid4()
        bases.append(
            Page(
                **{
                    field.attname: getattr(page, field.attname)
                    for field in Page._meta.concrete_fields
                    if field.attname != "id"
                }
            )
        )
    Page.objects.bulk_create(bases, batch_size=BATCH)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
    own_fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(
            pages[start : start + BATCH], fields=own_fields, raw=True
        )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def _bench_counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model

    from events.models import EventPage
    from home.models import NewsPage
    from registrations.models import Registration

    return {
        "events": EventPage.objects.filter(slug__startswith=PREFIX).count(),
        "news": NewsPage.objects.filter(slug__startswith=PREFIX).count(),
        "documents": get_document_model()
        .objects.filter(title__startswith=PREFIX)
        .count(),
        "registrations": Registration.objects.filter(
            user__in=get_user_model().objects.filter(username__startswith=PREFIX)
        ).count(),
    }


def _load(rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, Locale

    from agencies.models import Agency
    from events.models import EventIndexPage, EventPage, EventSession
    from home.models import NewsIndexPage, NewsPage
    from registrations.models import Registration
    from search.engines import database_engine
    from search.models import DocumentText
    from search.registry import IndexEntry

    locale = Locale.objects.get(language_code="es")
    calendar = EventIndexPage.objects.get(locale=locale)
    news_index = NewsIndexPage.objects.get(locale=locale)
    agencies = list(Agency.objects.all())
    now = timezone.now()
    entries: list[IndexEntry] = []

    with transaction.atomic():
        events = []
        for number in range(EVENTS):
            # Half already happened, half are coming: both calendar tabs are full.
            start = now + datetime.timedelta(days=rng.randint(-730, 730), hours=9)
            events.append(
                EventPage(
                    title=f"Taller {number}: {_text(rng, 5)}",
                    slug=f"{PREFIX}taller-{number}",
                    summary=_text(rng, 30),
                    lead_agency=rng.choice(agencies),
                    city=rng.choice(["Panamá", "Colón", "Chiriquí", "Darién"]),
                    capacity=30,
                    start=start,
                    end=start + datetime.timedelta(days=2, hours=8),
                )
            )
        _insert_pages(calendar, events)
        sessions = [
            EventSession(
                page_id=event.pk,
                locale_id=event.locale_id,
                sort_order=day,
                start=event.start + datetime.timedelta(days=day),
                end=event.start + datetime.timedelta(days=day, hours=8),
            )
            for event in events
            for day in range(3)
        ]
        EventSession.objects.bulk_create(sessions, batch_size=BATCH)

        news = [
            NewsPage(
                title=f"Noticia {number}: {_text(rng, 6)}",
                slug=f"{PREFIX}noticia-{number}",
                date=(now - datetime.timedelta(days=rng.randint(0, 3650))).date(),
                summary=_text(rng, 40),
            )
            for number in range(NEWS)
        ]
        _insert_pages(news_index, news)
        NewsPage.agencies.through.objects.bulk_create(
            [
                NewsPage.agencies.through(
                    newspage_id=page.pk, agency_id=rng.choice(agencies).pk
                )
                for page in news
            ],
            batch_size=BATCH,
        )

        name = default_storage.save(
            "documents/bench-document.txt", ContentFile(b"Documento de prueba.\n")
        )
        collection = Collection.get_first_root_node()
        documents = get_document_model().objects.bulk_create(
            [
                get_document_model()(
                    title=f"{PREFIX}documento {number}: {_text(rng, 4)}",
                    file=name,
                    collection=collection,
                    file_size=21,
                )
                for number in range(DOCUMENTS)
            ],
            batch_size=BATCH,
        )
        texts = {document.pk: _text(rng, 200) for document in documents}
        # Text already "extracted", so a later index rebuild reads no file.
        DocumentText.objects.bulk_create(
            [
                DocumentText(
                    document=document,
                    text=texts[document.pk],
                    status=DocumentText.Status.OK,
                    source=f"{name}:21",
                )
                for document in documents
            ],
            batch_size=BATCH,
        )

        User = get_user_model()
        participants = User.objects.bulk_create(
            [
                User(
                    username=f"{PREFIX}{number}",
                    email=f"{PREFIX}{number}@example.org",
                    password="!",  # noqa: S106 - Django's "unusable password" marker
                )
                for number in range(PARTICIPANTS)
            ],
            batch_size=BATCH,
        )
        statuses = list(Registration.Status.values)
        registrations = []
        per_person = REGISTRATIONS // PARTICIPANTS
        for person in participants:
            for event in rng.sample(events, per_person):
                registrations.append(
                    Registration(
                        event_id=event.pk,
                        user=person,
                        status=rng.choice(statuses),
                        email=person.email,
                        full_name=person.username,
                        applied_at=now,
                    )
                )
        Registration.objects.bulk_create(registrations, batch_size=BATCH)

        for page in [*events, *news]:
            kind = "event" if isinstance(page, EventPage) else "news"
            parent = calendar if kind == "event" else news_index
            date = page.start.date() if kind == "event" else page.date
            entries.append(
                IndexEntry(
                    key=f"page:{page.pk}",
                    source=f"page:{page.pk}",
                    kind=kind,
                    title=page.title,
                    url=f"/es/{parent.slug}/{page.slug}/",
                    body=page.summary,
                    date=date,
                    language="es",
                )
            )
        for document in documents:
            entries.append(
                IndexEntry(
                    key=f"document:{document.pk}",
                    source=f"document:{document.pk}",
                    kind="document",
                    title=document.title,
                    url=document.url,
                    body=texts[document.pk],
                    date=now.date(),
                )
            )
        engine = database_engine()
        for start in range(0, len(entries), BATCH):
            engine.bulk_index(entries[start : start + BATCH])


def _get(base: str, path: str, headers: list[str] = ()) -> tuple[int, bytes]:
    # Loopback http only: the URL is built from the benchmark's own port.
    request = urllib.request.Request(  # noqa: S310
        base + path, headers=dict(header.split(": ", 1) for header in headers)
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _wrk(
    url: str, *, duration: int, connections: int, script: Path, headers=()
) -> dict:
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            *[argument for header in headers for argument in ("-H", header)],
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(
        line for line in result.stdout.splitlines() if line.startswith("BENCH ")
    )
    requests, micros, p50, p95, bad_status, socket_errors = map(int, line.split()[1:])
    return {
        "rps": requests / (micros / 1_000_000),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "errors": bad_status + socket_errors,
        "requests": requests,
    }


def _targets() -> list[tuple[str, str, bool]]:
    """(name, path, signed in) of each page measured, /healthz first."""
    from django.urls import reverse
    from django.utils import translation

    from agencies.models import Agency
    from events.models import EventPage
    from home.models import NewsPage, ResourcePage

    now = datetime.datetime.now(tz=datetime.UTC)
    event = (
        EventPage.objects.live()
        .filter(slug__startswith=PREFIX, start__gt=now)
        .order_by("start")
        .first()
    )
    story = NewsPage.objects.live().filter(slug__startswith=PREFIX).first()
    resource = ResourcePage.objects.live().filter(locale__language_code="es").first()
    agency = Agency.objects.filter(is_active=True).order_by("pk").first()
    with translation.override("es"):
        agency_path = reverse("agencies:detail", kwargs={"slug": agency.slug})
        my_registrations = reverse("registrations:list")
    search = "/es/search/?q=trata+de+personas"
    return [
        ("/healthz", "/healthz", False),
        ("home", "/es/", False),
        ("calendar", "/es/events/", False),
        ("news index", "/es/news/", False),
        ("resource index", resource.get_parent().url, False),
        ("training page", event.url, False),
        ("news page", story.url, False),
        ("resource page", resource.url, False),
        ("agency profile", agency_path, False),
        ("search", search, False),
        ("search (uncached)", "/es/search/?q=VARY", False),
        ("home (signed in)", "/es/", True),
        ("training (signed in)", event.url, True),
        ("My registrations", my_registrations, True),
        ("search (signed in)", search, True),
    ]


def _signed_in_client():
    """A test client signed in as a bench participant with registrations; its
    session lives in the database, so the servers accept its cookie."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    person = (
        get_user_model()
        .objects.filter(username__startswith=PREFIX, registrations__isnull=False)
        .first()
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def _queries_per_request(targets, signed_in_client) -> dict[str, int]:
    """SQL queries of a request to each page once its caches are warm (the
    second of two requests, in this process, through the whole stack)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    anonymous = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, path, signed_in in targets:
        client = signed_in_client if signed_in else anonymous
        # A path ending in VARY: a query not asked before, which no cache has.
        client.get(path.replace("VARY", "capacitación+taller"))
        with CaptureQueriesContext(connection) as queries:
            client.get(path.replace("VARY", "protocolo+frontera"))
        counts[name] = len(queries)
    return counts


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _spread(values: list[float]) -> str:
    """Lowest–highest of the rounds, relative to the median."""
    middle = _median(values)
    if not middle:
        return "—"
    return f"±{(max(values) - min(values)) / 2 / middle * 100:.0f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=1, help="seconds per page")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--reload", action="store_true", help="start from scratch")
    parser.add_argument("--label", default="", help="a title for the table")
    args = parser.parse_args()

    url = bench_servers.postgresql_and_redis_url()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    _configure_environment()
    ensure_database(url, recreate=args.reload)
    began = time.perf_counter()
    _manage("migrate", "--noinput", "-v0")
    _manage("load_demo", "--quiet-logins")
    # Before this process reads the static files manifest (it renders pages to
    # count their queries).
    _manage("collectstatic", "--noinput", "-v0")

    import django

    django.setup()
    counts = _bench_counts()
    if any(counts.values()) and counts["events"] < EVENTS:
        raise SystemExit(f"Partly loaded {counts}; run again with --reload.")
    if not any(counts.values()):
        loading = time.perf_counter()
        _load(random.Random(8))  # noqa: S311 - repeatable content, not secrets
        print(f"Loaded the bench content in {time.perf_counter() - loading:.1f} s")
        counts = _bench_counts()
    print(f"Content: {counts} (database ready in {time.perf_counter() - began:.1f} s)")
    targets = _targets()
    signed_in_client, session = _signed_in_client()
    queries = _queries_per_request(targets, signed_in_client)

    from django.conf import settings
    from django.db import connections

    connections.close_all()
    cookie = f"Cookie: {settings.SESSION_COOKIE_NAME}={session}"
    listener = bench_servers.free_socket(args.port)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    log = Path(tempfile.gettempdir()) / "bench-pages-daphne.log"
    processes = bench_servers.start_servers(listener, args.workers, log)
    results: dict[str, list[dict]] = {name: [] for name, _path, _signed in targets}
    sizes = {}
    load_before = os.getloadavg()
    try:
        bench_servers.wait_for(listener.getsockname()[1], processes)
        with (
            tempfile.NamedTemporaryFile("w", suffix=".lua") as plain,
            tempfile.NamedTemporaryFile("w", suffix=".lua") as varying,
        ):
            plain.write(LUA_REPORT)
            plain.flush()
            varying.write(LUA_REPORT + LUA_VARY)
            varying.flush()
            for round_number in range(args.rounds):
                for name, path, signed_in in targets:
                    headers = [cookie] if signed_in else []
                    script = varying if "VARY" in path else plain
                    if round_number == 0:
                        status, body = _get(
                            base, path.replace("VARY", "trata+personas"), headers
                        )
                        if status != 200:
                            raise SystemExit(f"{path} answered {status}")
                        sizes[name] = len(body)
                        _wrk(
                            base + path,
                            duration=args.warmup,
                            connections=args.connections,
                            script=Path(script.name),
                            headers=headers,
                        )
                    cpu = bench_servers.cpu_seconds(processes)
                    result = _wrk(
                        base + path,
                        duration=args.duration,
                        connections=args.connections,
                        script=Path(script.name),
                        headers=headers,
                    )
                    spent = bench_servers.cpu_seconds(processes) - cpu
                    result["cpu_ms"] = spent * 1000 / max(result["requests"], 1)
                    results[name].append(result)
                print(
                    f"round {round_number + 1}/{args.rounds} done, load "
                    + " ".join(f"{value:.2f}" for value in os.getloadavg()),
                    flush=True,
                )
    finally:
        bench_servers.stop(processes)
        listener.close()

    ceiling = results["/healthz"]
    title = args.label or "Page speed"
    print(
        f"\n{title}: {args.workers} daphne processes, wrk 1 thread × "
        f"{args.connections} connections, {args.rounds} interleaved rounds of "
        f"{args.duration} s per page; medians of the rounds, spread = half the "
        f"range of the rounds relative to the median"
    )
    before = " ".join(f"{value:.2f}" for value in load_before)
    after = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average (1, 5, 15 min) before: {before}, after: {after}")
    header = (
        f"| {'page':<20} | {'req/s':>7} | {'spread':>6} | {'÷ /healthz':>10} | "
        f"{'p50 ms':>6} | {'p95 ms':>6} | {'CPU ms/req':>10} | {'SQL/req':>7} | "
        f"{'errors':>6} | {'KiB':>5} |"
    )
    print(header)
    print(
        "|" + "|".join("-" * (len(cell) + 0) for cell in header.split("|")[1:-1]) + "|"
    )
    for name, _path, _signed in targets:
        rounds = results[name]
        rps = [result["rps"] for result in rounds]
        # The ratio of each round to /healthz in the same round, then the median.
        ratio = _median(
            [
                result["rps"] / top["rps"]
                for result, top in zip(rounds, ceiling, strict=True)
            ]
        )
        print(
            f"| {name:<20} | {_median(rps):>7.1f} | {_spread(rps):>6} | "
            f"{ratio:>10.3f} | {_median([r['p50'] for r in rounds]):>6.1f} | "
            f"{_median([r['p95'] for r in rounds]):>6.1f} | "
            f"{_median([r['cpu_ms'] for r in rounds]):>10.1f} | "
            f"{queries[name]:>7} | {sum(r['errors'] for r in rounds):>6} | "
            f"{sizes[name] / 1024:>5.1f} |"
        )


if __name__ == "__main__":
    main()
