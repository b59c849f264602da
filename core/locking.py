"""Row locks for writes that must run one after another (the seats of a training).

`lock_rows` refuses to run outside a transaction, where a lock would be released
as soon as it is taken, and always locks in primary-key order, so two writers
wanting the same rows cannot deadlock by taking them in opposite orders.

PostgreSQL: SELECT … FOR UPDATE on the rows (only the model's own table, not the
parents of a multi-table model). SQLite has no row locks; every transaction of
the portal starts with BEGIN IMMEDIATE (portal settings), which already holds the
database's write lock, so writers are serialised and a plain read is enough.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)


class LockError(RuntimeError):
    """A lock was asked for outside a transaction (a mistake in the caller)."""


def lock_rows(
    model: type[M], pks: Iterable[int], *, using: str = DEFAULT_DB_ALIAS
) -> list[M]:
    """Lock the rows of `model` with these primary keys until the transaction
    ends, and return them fresh from the database, in primary-key order.

    Raises LockError outside transaction.atomic() and DoesNotExist when a row is
    missing.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise LockError(
            f"Locking {model._meta.label} rows needs a transaction "
            "(call it inside transaction.atomic())."
        )
    wanted = sorted(set(pks))
    queryset = model._default_manager.using(using).filter(pk__in=wanted)
    if connection.features.has_select_for_update:
        of = ("self",) if connection.features.has_select_for_update_of else ()
        queryset = queryset.select_for_update(of=of)
    rows = list(queryset.order_by("pk"))
    if len(rows) != len(wanted):
        found = {row.pk for row in rows}
        missing = [pk for pk in wanted if pk not in found]
        raise model.DoesNotExist(f"{model._meta.label} {missing} not found")
    return rows


def lock_row(model: type[M], pk: int, *, using: str = DEFAULT_DB_ALIAS) -> M:
    """`lock_rows` for one row."""
    return lock_rows(model, [pk], using=using)[0]
