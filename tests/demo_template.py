"""The demo template: the migrated template with `load_demo` run in it, built once.

Browser tests start from the demo content; loading it took each of them 20 to 35
seconds. The first test that asks for it builds a template of it, the way the
migrated template is built (tests/databases.py), and every later test, in this run
and the next ones, copies it into its own database:

- the build copies the migrated template (a file, or a database made with
  `CREATE DATABASE … TEMPLATE`), runs `load_demo` in it in a subprocess (on-commit
  work such as search indexing included), and keeps the files the demo uploaded;
- a copy loads the file into the test's database (SQLite backup API) or re-creates
  the test's database from the template (PostgreSQL), and puts the uploaded files
  under this process's MEDIA_ROOT and PRIVATE_MEDIA_ROOT.

The key is the migrated template's, a hash of every file of the portal's apps, of
the translations and of requirements.txt, and the day (the demo dates some rows
relative to today).
"""

import datetime
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db import connections

from tests import databases

# load_demo, its logins written beside the template instead of var/.
_LOAD = """
import sys
from pathlib import Path

import django

django.setup()
from django.core.management import call_command

from core import demo

demo.LOGINS_FILE = Path(sys.argv[1])
call_command("load_demo", quiet_logins=True, verbosity=0)
"""


def _source_files() -> list[Path]:
    base = Path(settings.BASE_DIR).resolve()
    files = [base / "requirements.txt", *sorted((base / "locale").rglob("*.mo"))]
    for app in apps.get_app_configs():
        folder = Path(app.path).resolve()
        if base not in folder.parents or folder.parent != base:
            continue
        files += [
            path
            for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        ]
    return [path for path in files if path.exists()]


def demo_key(connection) -> str:
    digest = hashlib.sha256()
    digest.update(databases.migrations_key(connection).encode())
    base = Path(settings.BASE_DIR).resolve()
    digest.update(databases.files_digest(_source_files(), lambda _path: base).encode())
    digest.update(datetime.date.today().isoformat().encode())  # noqa: DTZ011
    return digest.hexdigest()[:16]


def _load_demo(database_url: str, media: Path) -> None:
    """Run load_demo against `database_url`, its uploads under `media`."""
    for part in ("public", "private"):
        (media / part).mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "portal.settings.test"
        ),
        "DATABASE_URL": database_url,
        "TEST_MEDIA_ROOT": str(media / "public"),
        "TEST_PRIVATE_MEDIA_ROOT": str(media / "private"),
    }
    subprocess.run(
        [sys.executable, "-c", _LOAD, str(media / "logins.txt")],
        check=True,
        cwd=settings.BASE_DIR,
        env=environment,
    )


def _postgresql_url(connection, name: str) -> str:
    parts = connection.settings_dict
    credentials = quote(parts["USER"] or "", safe="")
    if parts["PASSWORD"]:
        credentials += ":" + quote(parts["PASSWORD"], safe="")
    host = parts["HOST"] or "localhost"
    port = f":{parts['PORT']}" if parts["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{name}"


def _build_sqlite(connection, key: str) -> tuple[Path, Path]:
    path = databases.TEMPLATES_DIR / f"demo-sqlite-{key}.sqlite3"
    media = databases.TEMPLATES_DIR / f"demo-sqlite-{key}.media"
    with databases.file_lock("demo-sqlite"):
        built_by = databases.sqlite_built_by(path)
        if databases.usable(path.exists() and media.exists(), built_by):
            return path, media
        building = path.with_name(f"{path.name}.{os.getpid()}.building")
        shutil.rmtree(media, ignore_errors=True)
        shutil.copyfile(databases.migrated[connection.alias], building)
        _load_demo(f"sqlite:///{building}", media)
        databases.sqlite_publish(building, path, "demo-sqlite-*")
        databases.stats["demo"] = "built"
        return path, media


def _build_postgresql(connection, key: str) -> tuple[str, Path]:
    base = databases.migrated[connection.alias]
    prefix = f"{base[:-16]}demo_"
    name = prefix + key
    media = databases.TEMPLATES_DIR / f"{name}.media"
    quote_name = connection.ops.quote_name
    with databases.advisory_lock(connection, prefix) as cursor:
        exists, built_by = databases.postgresql_built_by(cursor, name)
        if databases.usable(exists and media.exists(), built_by):
            return name, media
        building = f"{name}_b"
        shutil.rmtree(media, ignore_errors=True)
        cursor.execute(f"DROP DATABASE IF EXISTS {quote_name(building)}")
        cursor.execute(
            f"CREATE DATABASE {quote_name(building)} TEMPLATE {quote_name(base)}"
        )
        _load_demo(_postgresql_url(connection, building), media)
        databases.postgresql_publish(cursor, connection, building, name, prefix)
        for old in databases.TEMPLATES_DIR.glob(f"{prefix}*.media"):
            if old != media:
                shutil.rmtree(old, ignore_errors=True)
        databases.stats["demo"] = "built"
        return name, media


def _copy_files(media: Path) -> None:
    for part, root in (
        ("public", settings.MEDIA_ROOT),
        ("private", settings.PRIVATE_MEDIA_ROOT),
    ):
        shutil.copytree(media / part, root, dirs_exist_ok=True)


def _forget_what_the_process_knew() -> None:
    """Caches of this process that outlive the database they describe (content
    types keep their ids: the demo template grew from the migrated one)."""
    from django.core.cache import caches
    from wagtail.models import Site

    from core.cache import listings_changed
    from search.cache import index_changed

    for cache in caches.all():
        cache.clear()
    Site.clear_site_root_paths_cache()
    listings_changed()
    index_changed()


def copy_demo(alias: str = "default") -> bool:
    """Put the demo content in the (transactional) test's database, from the demo
    template; False if this run's databases were not made from templates."""
    connection = connections[alias]
    if alias not in databases.migrated:
        return False
    key = demo_key(connection)
    if connection.vendor == "sqlite":
        path, media = _build_sqlite(connection, key)
        databases.sqlite_copy(path, connection)
    else:
        name, media = _build_postgresql(connection, key)
        test_database = connection.settings_dict["NAME"]
        connection.close()
        quote_name = connection.ops.quote_name
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                f"DROP DATABASE IF EXISTS {quote_name(test_database)} WITH (FORCE)"
            )
            cursor.execute(
                f"CREATE DATABASE {quote_name(test_database)} "
                f"TEMPLATE {quote_name(name)}"
            )
    _copy_files(media)
    _forget_what_the_process_knew()
    databases.stats.setdefault("demo", "copied")
    return True
