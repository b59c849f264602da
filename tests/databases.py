"""Template databases: the migrated schema is built once and copied per worker.

Running the ~200 migrations took every pytest worker a minute or more. Instead the
first worker that needs a test database builds a *template* (migrations applied,
post-migrate rows written), keyed by a hash of every migration file of every
installed app and of what else decides the schema; each worker then starts from a
copy of it, in this run and in the next ones:

- SQLite: the template is a file, `var/test-templates/sqlite-<hash>.sqlite3`; each
  worker loads it into its in-memory test database with sqlite3's backup API.
- PostgreSQL: the template is a database, `tpl_<database>_<hash>`; each worker's
  test database is created from it (`CREATE DATABASE … TEMPLATE …`).

A builder holds a lock while it builds (a file lock beside the SQLite templates, a
PostgreSQL advisory lock), so two workers never build the same template at once:
the second waits and then copies what the first built. A changed, added or removed
migration changes the hash, so the next run builds a new template (and removes the
older ones). `TEST_REBUILD_TEMPLATES=1` rebuilds whatever exists; `--reuse-db` and
`--nomigrations` bypass the templates.
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import django
from django.apps import apps
from django.conf import settings
from django.core import management
from django.db import DatabaseError, connections

TEMPLATES_DIR = settings.VAR_DIR / "test-templates"
# Bumped when the way templates are built changes.
_FORMAT = "1"

stats: dict[str, str] = {}
# alias -> the migrated template its test database was copied from (a Path for
# SQLite, a database name for PostgreSQL), for templates built on top of it.
migrated: dict[str, Path | str] = {}


def files_digest(paths: list[Path], root_of: Callable[[Path], Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root_of(path))).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def migrations_key(connection) -> str:
    """A hash of everything that decides what a freshly migrated database holds."""
    paths = []
    roots = {}
    for app in apps.get_app_configs():
        folder = Path(app.path) / "migrations"
        for path in folder.glob("*.py"):
            paths.append(path)
            roots[path] = Path(app.path).parent
    digest = hashlib.sha256()
    digest.update(files_digest(paths, roots.__getitem__).encode())
    for part in (
        _FORMAT,
        connection.vendor,
        django.get_version(),
        # Apps without migrations get their tables from their models (syncdb).
        ",".join(app.label for app in apps.get_app_configs()),
        settings.LANGUAGE_CODE,
        repr(settings.LANGUAGES),
        repr(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None)),
        repr(getattr(settings, "MIGRATION_MODULES", None)),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def this_run() -> str:
    """What the workers of one pytest run (and only they) share."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"


def usable(exists: bool, built_by: str | None) -> bool:
    """Whether an existing template may be copied: always, unless
    TEST_REBUILD_TEMPLATES asks for new ones and this run has not built it yet."""
    forced = os.environ.get("TEST_REBUILD_TEMPLATES", "") not in ("", "0")
    return exists and (not forced or built_by == this_run())


@contextlib.contextmanager
def file_lock(name: str) -> Iterator[None]:
    TEMPLATES_DIR.mkdir(parents=True, exist_ok=True)
    with (TEMPLATES_DIR / f".{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _migrate(connection, call_command) -> None:
    # As create_test_db migrates a test database.
    call_command(
        "migrate",
        verbosity=0,
        interactive=False,
        database=connection.alias,
        run_syncdb=True,
    )


# SQLite -----------------------------------------------------------------------


def sqlite_built_by(path: Path) -> str | None:
    marker = path.with_name(path.name + ".run")
    return marker.read_text() if marker.exists() else None


def sqlite_publish(building: Path, path: Path, pattern: str) -> None:
    """Move a built template into place, note the run that built it, and remove
    the older templates of the same kind."""
    plain = sqlite3.connect(building)
    # One file, no WAL beside it: readers copy it while nobody writes.
    plain.execute("PRAGMA journal_mode=DELETE")
    plain.close()
    os.replace(building, path)
    path.with_name(path.name + ".run").write_text(this_run())
    for old in TEMPLATES_DIR.glob(pattern):
        if old.name.split(".")[0] != path.name.split(".")[0]:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)


def sqlite_migrate(connection, call_command) -> None:
    """Fill the connection's (in-memory) database from the template file, after
    building the template if it is missing (under a file lock).

    The builder migrates its own in-memory database, then writes it to the file:
    migrating a file directly waits for the disk at every commit."""
    path = TEMPLATES_DIR / f"sqlite-{migrations_key(connection)}.sqlite3"
    with file_lock("sqlite"):
        migrated[connection.alias] = path
        if usable(path.exists(), sqlite_built_by(path)):
            sqlite_copy(path, connection)
            stats.setdefault("migrations", "copied")
            return
        _migrate(connection, call_command)
        connection.ensure_connection()
        building = path.with_name(f"{path.name}.{os.getpid()}.building")
        building.unlink(missing_ok=True)
        writer = sqlite3.connect(building)
        try:
            connection.connection.backup(writer)
        finally:
            writer.close()
        sqlite_publish(building, path, "sqlite-*")
        stats["migrations"] = "built"


def sqlite_copy(source: Path, connection) -> None:
    """Replace everything in the connection's database by the file's content."""
    connection.ensure_connection()
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        reader.backup(connection.connection)
    finally:
        reader.close()


# PostgreSQL -------------------------------------------------------------------


@contextlib.contextmanager
def advisory_lock(connection, name: str) -> Iterator[object]:
    """A cursor on the server's maintenance database, holding an advisory lock
    named `name` (which also keeps parallel runs on one server apart)."""
    digest = hashlib.sha256(name.encode()).digest()
    number = int.from_bytes(digest[:8], "big", signed=True)
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [number])
        try:
            yield cursor
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [number])


def postgresql_built_by(cursor, name: str) -> tuple[bool, str | None]:
    """Whether database `name` exists, and the run that built it."""
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = %s",
        [name],
    )
    row = cursor.fetchone()
    return row is not None, row[0] if row else None


def postgresql_publish(cursor, connection, building: str, name: str, prefix: str):
    """Rename a built template into place, note the run that built it, and drop
    the older templates of the same kind."""
    quote = connection.ops.quote_name
    cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
    cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(name)}")
    cursor.execute(f"COMMENT ON DATABASE {quote(name)} IS %s", [this_run()])
    cursor.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s",
        [prefix.replace("_", r"\_") + "%"],
    )
    for (old,) in cursor.fetchall():
        if old != name:
            # Another run may still be copying it: then it stays.
            with contextlib.suppress(DatabaseError):
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)}")


def postgresql_template(connection, call_command) -> str:
    """The name of the migrated template database, built first if missing (under
    an advisory lock)."""
    # Room for "demo_", the key and "_b" in PostgreSQL's 63 characters.
    prefix = f"tpl_{connection.settings_dict['NAME']}_"[:40]
    name = prefix + migrations_key(connection)
    quote = connection.ops.quote_name
    with advisory_lock(connection, prefix) as cursor:
        if usable(*postgresql_built_by(cursor, name)):
            stats.setdefault("migrations", "copied")
            return name
        building = f"{name}_b"
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(building)}")
        cursor.execute(f"CREATE DATABASE {quote(building)}")
        saved = connection.settings_dict["NAME"]
        connection.close()
        connection.settings_dict["NAME"] = building
        try:
            _migrate(connection, call_command)
        finally:
            connection.close()
            connection.settings_dict["NAME"] = saved
        postgresql_publish(cursor, connection, building, name, prefix)
        stats["migrations"] = "built"
        return name


# Both -------------------------------------------------------------------------


@contextlib.contextmanager
def migrated_from_templates(aliases) -> Iterator[None]:
    """While Django sets up the test databases of `aliases`, give each a copy of
    its template instead of running the migrations in it."""
    call_command = management.call_command
    copies: dict[str, Callable[[], None]] = {}
    for alias in aliases:
        connection = connections[alias]
        if connection.vendor == "postgresql":
            connection.settings_dict.setdefault("TEST", {})
            template = postgresql_template(connection, call_command)
            connection.settings_dict["TEST"]["TEMPLATE"] = migrated[alias] = template
            # CREATE DATABASE … TEMPLATE made it whole: nothing left to do.
            copies[alias] = lambda: None
        elif connection.vendor == "sqlite":
            copies[alias] = lambda connection=connection: sqlite_migrate(
                connection, call_command
            )

    def migrate_or_copy(name, *args, **options):
        alias = options.get("database")
        if name == "migrate" and alias in copies and not args:
            return copies[alias]()
        return call_command(name, *args, **options)

    with mock.patch.object(management, "call_command", migrate_or_copy):
        yield
