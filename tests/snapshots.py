"""Build a fixture's world once per worker, replay it per test.

`replay(key, build)` runs `build()` the first time inside a savepoint, records
what it changed in every table (rows inserted, updated, deleted) and the mails it
sent, and rolls it back. From then on, in every test whose database is in the
state the recording started from, it writes those rows straight back (a few
INSERTs and DELETEs instead of hundreds of model saves, revisions and signal
handlers) and returns `build()`'s result with its model instances fetched afresh.

It falls back to calling `build()` whenever replaying could differ from building:
in transactional tests (live servers, subprocesses: building there also runs the
on-commit effects), when a table the recording touched holds other rows than it
did at recording time, or when the result holds something it cannot re-fetch;
and always with TEST_NO_REPLAY=1 in the environment.
"""

import copy
import dataclasses
import datetime
import decimal
import enum
import os

from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

_SCALARS = (
    type(None),
    bool,
    int,
    float,
    str,
    bytes,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    decimal.Decimal,
    enum.Enum,
)
_SQLITE_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


class _NotReplayable(Exception):
    pass


class _Rollback(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class _Ref:
    model: type
    pk: object


@dataclasses.dataclass
class _Table:
    name: str
    key: str  # the column (or rowid) that identifies a row
    columns: list[str]  # written back: the key first, generated columns left out
    sequence: str | None = None
    # An SQLite virtual table (full-text index): triggers on other tables may
    # write it, so it is brought to the recorded state last, from what it holds.
    virtual: bool = False


@dataclasses.dataclass
class _Recording:
    tables: dict[str, _Table]
    before: dict[str, dict]  # table -> {key: row} when recording started
    after: dict[str, dict]  # table -> {key: row} once built
    result: object
    mails: list
    # Filled in lazily: the statements that turn `before` into `after`.
    _plan: list | None = None
    failures: int = 0


_recordings: dict[str, _Recording | None] = {}
stats: dict[str, int] = {}


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> dict[str, _Table]:
    tables = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            )
            found = cursor.fetchall()
            virtual = {name for name, sql in found if "VIRTUAL TABLE" in sql.upper()}
            for name, _sql in found:
                if any(name == v + s for v in virtual for s in _SQLITE_SHADOW_SUFFIXES):
                    continue
                cursor.execute(f"PRAGMA table_xinfo({_quote(name)})")
                info = (
                    cursor.fetchall()
                )  # cid, name, type, notnull, default, pk, hidden
                columns = [row[1] for row in info if row[6] in (0,)]
                keys = [row[1] for row in info if row[5]]
                if name in virtual or len(keys) != 1:
                    key = "rowid"
                    columns = ["rowid", *columns]
                else:
                    key = keys[0]
                    columns = [key, *(c for c in columns if c != key)]
                tables[name] = _Table(name, key, columns, virtual=name in virtual)
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.table_name, c.column_name FROM information_schema.columns c "
                "JOIN information_schema.tables t ON t.table_name = c.table_name "
                "AND t.table_schema = c.table_schema "
                "WHERE c.table_schema = current_schema() "
                "AND t.table_type = 'BASE TABLE' "
                "AND c.is_generated = 'NEVER' ORDER BY c.table_name, c.ordinal_position"
            )
            columns: dict[str, list[str]] = {}
            for table, column in cursor.fetchall():
                columns.setdefault(table, []).append(column)
            for name, names in columns.items():
                keys = connection.introspection.get_primary_key_columns(cursor, name)
                if not keys or len(keys) != 1:
                    # Replayed only if untouched (checked when recording).
                    tables[name] = _Table(name, "", names)
                    continue
                key = keys[0]
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [name, key])
                sequence = cursor.fetchone()[0]
                tables[name] = _Table(
                    name, key, [key, *(c for c in names if c != key)], sequence
                )
        else:
            raise _NotReplayable(connection.vendor)
    return tables


def _read(tables: dict[str, _Table], names=None) -> dict[str, dict]:
    rows = {}
    with connection.cursor() as cursor:
        for name in names if names is not None else tables:
            table = tables[name]
            select = ", ".join(
                "rowid" if c == "rowid" else _quote(c) for c in table.columns
            )
            cursor.execute(f"SELECT {select} FROM {_quote(name)}")  # noqa: S608
            fetched = cursor.fetchall()
            if table.key:
                rows[name] = {row[0]: tuple(row) for row in fetched}
            else:
                rows[name] = {index: tuple(row) for index, row in enumerate(fetched)}
    return rows


def _freeze(value):
    if isinstance(value, Model):
        if value.pk is None:
            raise _NotReplayable("an unsaved model instance")
        return _Ref(type(value), value.pk)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            "dataclass",
            type(value),
            {
                f.name: _freeze(getattr(value, f.name))
                for f in dataclasses.fields(value)
            },
        )
    if isinstance(value, dict):
        return ("dict", type(value), [(k, _freeze(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return ("seq", type(value), [_freeze(v) for v in value])
    if isinstance(value, _SCALARS):
        return ("scalar", value)
    raise _NotReplayable(f"cannot re-fetch a {type(value).__name__}")


def _thaw(frozen, memo: dict):
    if isinstance(frozen, _Ref):
        if frozen not in memo:
            memo[frozen] = frozen.model._base_manager.get(pk=frozen.pk)
        return memo[frozen]
    kind = frozen[0]
    if kind == "scalar":
        return frozen[1]
    if kind == "dataclass":
        _kind, cls, fields = frozen
        return cls(**{name: _thaw(v, memo) for name, v in fields.items()})
    if kind == "dict":
        _kind, cls, items = frozen
        return cls((k, _thaw(v, memo)) for k, v in items)
    _kind, cls, items = frozen
    return cls(_thaw(v, memo) for v in items)


def _record(build) -> _Recording | None:
    """Build inside a savepoint, note the difference, roll it back."""
    try:
        with transaction.atomic():
            tables = _tables()
            before = _read(tables)
    except DatabaseError:
        return None
    outbox = getattr(mail, "outbox", None)
    sent_before = len(outbox) if outbox is not None else 0
    recording = None
    try:
        with transaction.atomic():
            result = build()
            after = _read(tables)
            touched = {name for name in tables if before[name] != after[name]}
            for name in touched:
                if not tables[name].key:
                    raise _NotReplayable(f"{name} changed and has no single key")
            mails = list(mail.outbox[sent_before:]) if outbox is not None else []
            recording = _Recording(
                tables={name: tables[name] for name in touched},
                before={name: before[name] for name in touched},
                after={name: after[name] for name in touched},
                result=_freeze(result),
                mails=copy.deepcopy(mails),
            )
            raise _Rollback
    except (_Rollback, _NotReplayable):
        pass
    if outbox is not None:
        del mail.outbox[sent_before:]
    return recording


def _plan(recording: _Recording, tables=None, current=None) -> tuple[list, list]:
    """DELETEs then INSERTs that turn `before` (or `current`) into `after`."""
    statements = []
    inserts = []
    for name in tables if tables is not None else recording.tables:
        table = recording.tables[name]
        if table.virtual and current is None:
            continue
        before = (current or recording.before)[name]
        after = recording.after[name]
        gone = [key for key, row in before.items() if after.get(key) != row]
        new = [row for key, row in after.items() if before.get(key) != row]
        key = "rowid" if table.key == "rowid" else _quote(table.key)
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            statements.append(
                (f"DELETE FROM {_quote(name)} WHERE {key} IN ({marks})", chunk)  # noqa: S608
            )
        if new:
            columns = ", ".join(
                "rowid" if c == "rowid" else _quote(c) for c in table.columns
            )
            marks = ", ".join(["%s"] * len(table.columns))
            inserts.append(
                (
                    f"INSERT INTO {_quote(name)} ({columns}) VALUES ({marks})",  # noqa: S608
                    new,
                    table,
                )
            )
    return statements, inserts


def _apply(recording: _Recording) -> bool | None:
    """Write the recorded rows if the touched tables are as they were: True if
    written, None if the tables differ, False if the database refused them."""
    if _read(recording.tables, recording.tables) != recording.before:
        return None
    if recording._plan is None:
        recording._plan = _plan(recording)
    deletes, inserts = recording._plan
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params in deletes:
                cursor.execute(sql, params)
            for sql, rows, _table in inserts:
                cursor.executemany(sql, rows)
            virtual = [name for name, t in recording.tables.items() if t.virtual]
            if virtual:
                current = _read(recording.tables, virtual)
                for sql, params in _plan(recording, virtual, current)[0]:
                    cursor.execute(sql, params)
                for sql, rows, _table in _plan(recording, virtual, current)[1]:
                    cursor.executemany(sql, rows)
            if connection.vendor == "postgresql":
                # Sequences never go back on their own; after a flush they might
                # lag behind the keys written here.
                for _sql, rows, table in inserts:
                    if table.sequence:
                        cursor.execute(
                            "SELECT setval(%s::regclass, %s) WHERE "
                            "coalesce(pg_sequence_last_value(%s::regclass), 0) < %s",
                            [table.sequence, max(r[0] for r in rows)] * 2,
                        )
    except DatabaseError:
        # Rolled back to the savepoint: the test builds its world itself.
        return False
    return True


def _after_writing() -> None:
    """What the signal handlers of the saves would have done outside the database."""
    from wagtail.models import Site

    from core.cache import listings_changed

    Site.clear_site_root_paths_cache()
    listings_changed()


def replay(key: str, build):
    """`build()`'s world and result: recorded once per worker, replayed after."""
    if not connection.in_atomic_block or os.environ.get("TEST_NO_REPLAY"):
        return build()
    if key not in _recordings:
        try:
            _recordings[key] = _record(build)
        except _NotReplayable:
            _recordings[key] = None
    recording = _recordings[key]
    applied = recording is not None and _apply(recording)
    if recording is not None and applied is False:
        recording.failures += 1
        if recording.failures > 3:  # the database keeps refusing: stop trying
            _recordings[key] = None
    if not applied:
        recording = None
    if recording is None:
        stats[key + ":built"] = stats.get(key + ":built", 0) + 1
        return build()
    stats[key + ":replayed"] = stats.get(key + ":replayed", 0) + 1
    _after_writing()
    if hasattr(mail, "outbox"):
        mail.outbox.extend(copy.deepcopy(recording.mails))
    return _thaw(recording.result, {})
