"""Search benchmark: p50/p95 latency of 50 varied queries, with and without facets,
on 10,000 and 100,000 mixed items, on SQLite and PostgreSQL; prints a table.

    .venv/bin/python bench/search.py                      # both databases
    .venv/bin/python bench/search.py --sizes 10000        # a quicker run
    .venv/bin/python bench/search.py --databases sqlite

Each database run happens in its own process against the database named by
BENCH_SQLITE_URL / BENCH_POSTGRES_URL (SQLite: in memory by default): it is migrated
and its search tables are emptied, so point it at a database of its own. Items are
loaded straight into the database engine's index with bulk inserts (pages and
documents alike become index entries, which is what a query reads); the page tree
is not involved, so the run measures search, not page saves.

The "facets" column says how each row searched: "no" and "yes" call the engine
directly (without and with facet counts); "api" rows send the same queries (with
facets) to `/api/search/` as an anonymous visitor, through the middleware: "api"
with a cold cache, "api repeat" the same addresses again (whole responses from the
cache: no SQL), "api CAPS" each query in capitals (new addresses whose results
come from the cache, see search/cache.py). The cache is local memory unless
CACHE_URL names a Redis (give it a database of its own).
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_databases import ensure_database

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASES = {
    "sqlite": os.environ.get("BENCH_SQLITE_URL", "sqlite:///:memory:"),
    "postgres": os.environ.get(
        "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
    ),
}
KINDS = ["news", "resource", "page", "event", "document"]
AGENCIES = ["snm", "oim", "pho", "red", "clinica", "observatorio", "senafront"]
TOPICS = ["migrant-smuggling", "trafficking-in-persons", "migration-governance"]
QUERIES = [
    "migración",
    "migracion",
    "capacitaciones",
    "trainings",
    "ley 36",
    "tráfico ilícito de migrantes",
    "migrant smuggling",
    "servicio nacional de migración",
    "protocolo",
    "protocol against the smuggling",
    "evaluaciones de desempeño",
    "teaching experience",
    "plan nacional",
    "national plan",
    "instructores",
    "instructors",
    "derechos humanos",
    "human rights",
    "convención",
    "organized crime",
    "taller",
    "workshop",
    "frontera",
    "border",
    "participantes",
    "participants",
    "coordinación interinstitucional",
    "sociedad civil",
    "civil society",
    "gobernanza",
    "governance",
    "metodologías participativas",
    "case analysis",
    "profesionalización",
    "awareness",
    "transparencia",
    "security",
    "república de panamá",
    "republic of panama",
    "unidad de asuntos",
    "capacitación constante",
    "peer exchanges",
    "migracoin",
    "smugling",
    "xylofono",
    "2022",
    "mayo 2013",
    "entidades",
    "resources",
    "aprendizaje teórico práctico",
]


def corpus_words() -> dict[str, list[str]]:
    from home.demo import ABOUT, RESOURCES, SEED_NEWS

    texts = {"es": [], "en": []}
    for language in ("es", "en"):
        texts[language].extend(SEED_NEWS[language]["paragraphs"])
        texts[language].append(ABOUT[language]["body"])
        for resource in RESOURCES:
            texts[language].append(resource[language]["summary"])
    return {
        language: re.findall(r"\w+", " ".join(parts))
        for language, parts in texts.items()
    }


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """A long tail of rare words, as real documents have."""
    syllables = "ca me ti lo ra pu ne so di ga ber tol man ven qui tra ex ful".split()
    return [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        for _ in range(count)
    ]


def items(count: int, seed: int = 6):
    import datetime

    from search.registry import IndexEntry

    rng = random.Random(seed)
    words = corpus_words()
    tail = pseudo_words(rng, 20_000)

    def sentence(language: str, length: int) -> str:
        pool = words[language]
        chosen = [
            rng.choice(tail) if rng.random() < 0.08 else rng.choice(pool)
            for _ in range(length)
        ]
        return " ".join(chosen).capitalize() + "."

    for number in range(count):
        language = rng.choice(["es", "en", "es", ""])
        text_language = language or rng.choice(["es", "en"])
        kind = rng.choice(KINDS)
        paragraphs = [
            " ".join(sentence(text_language, rng.randint(8, 20)) for _ in range(4))
            for _ in range(rng.randint(2, 4))
        ]
        yield IndexEntry(
            key=f"bench:{number}",
            source=f"bench:{number}",
            kind=kind,
            title=sentence(text_language, rng.randint(4, 9))[:-1],
            url=f"/{language or 'es'}/bench/{number}/",
            body="\n\n".join(paragraphs),
            date=datetime.date(2010, 1, 1) + datetime.timedelta(rng.randint(0, 5800)),
            language=language,
            agencies=tuple(rng.sample(AGENCIES, rng.randint(0, 2))),
            topics=tuple(rng.sample(TOPICS, rng.randint(0, 1))),
        )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


API_RUNS = [
    # (label, how the query is typed): the first pass misses every cache; the
    # second repeats each address (the whole response is cached); the third
    # types each query in capitals (a new address sharing the cached results).
    ("api", str),
    ("api repeat", str),
    ("api CAPS", str.upper),
]


def api_rows(vendor: str, size: int, load_seconds: float) -> list[dict]:
    """The same queries (with facets) through `/api/search/` as an anonymous
    visitor, middleware and JSON included, cold and then from the cache."""
    from django.test import Client

    from search.cache import index_changed

    index_changed()
    client = Client()
    rows = []
    for label, typed in API_RUNS:
        timings = []
        for number, query in enumerate(QUERIES):
            params = {"q": typed(query), "lang": "es", "page": 1 + number % 2}
            if number % 3 == 0:
                params["type"] = ["news", "resource"]
            begin = time.perf_counter()
            response = client.get("/api/search/", params)
            timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, response.status_code
        rows.append(
            {
                "database": vendor,
                "items": size,
                "run": label,
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
                "max": max(timings),
                "load_s": load_seconds,
            }
        )
    return rows


def run_one(sizes: list[int], keep: bool = False) -> list[dict]:
    """Inside the child process: load each size, time the queries."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from search.engines.base import SearchFilters
    from search.engines.database import DatabaseEngine

    call_command("migrate", verbosity=0, interactive=False)
    rows = []
    engine = DatabaseEngine()
    engine.clear()
    try:
        loaded = 0
        batch = []
        for size in sorted(sizes):
            started = time.perf_counter()
            for entry in items(size):
                if int(entry.key.split(":")[1]) < loaded:
                    continue
                batch.append(entry)
                if len(batch) == 1000:
                    engine.bulk_index(batch)
                    batch = []
            if batch:
                engine.bulk_index(batch)
                batch = []
            loaded = size
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE search_searchentry")
                    cursor.execute("VACUUM ANALYZE search_searchfacetvalue")
            load_seconds = time.perf_counter() - started
            for facets in (False, True):
                timings = []
                for number, query in enumerate(QUERIES):
                    filters = SearchFilters()
                    if facets and number % 3 == 0:
                        filters = SearchFilters(kind=("news", "resource"))
                    begin = time.perf_counter()
                    engine.search(query, filters, facets=facets, page=1 + number % 2)
                    timings.append((time.perf_counter() - begin) * 1000)
                rows.append(
                    {
                        "database": connection.vendor,
                        "items": size,
                        "run": "yes" if facets else "no",
                        "p50": statistics.median(timings),
                        "p95": percentile(timings, 0.95),
                        "max": max(timings),
                        "load_s": load_seconds,
                    }
                )
            rows.extend(api_rows(connection.vendor, size, load_seconds))
    finally:
        if not keep:
            engine.clear()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--keep", action="store_true", help="leave the items loaded (to EXPLAIN)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    if arguments.child:
        print(json.dumps(run_one(sizes, keep=arguments.keep)))
        return
    rows = []
    for database in arguments.databases.split(","):
        if database == "postgres":
            ensure_database(DATABASES[database])
        environment = {**os.environ, "DATABASE_URL": DATABASES[database]}
        child = subprocess.run(
            [sys.executable, __file__, "--child", "--sizes", arguments.sizes]
            + (["--keep"] if arguments.keep else []),
            env=environment,
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        )
        if child.returncode:
            raise SystemExit(f"the {database} run failed:\n{child.stderr}")
        rows.extend(json.loads(child.stdout.strip().splitlines()[-1]))
    print(
        f"{'database':<11}{'items':>9}  {'facets':<11}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'max ms':>9}{'load s':>9}"
    )
    for row in rows:
        print(
            f"{row['database']:<11}{row['items']:>9}  {row['run']:<11}"
            f"{row['p50']:>9.1f}{row['p95']:>9.1f}{row['max']:>9.1f}{row['load_s']:>9.1f}"
        )


if __name__ == "__main__":
    main()
