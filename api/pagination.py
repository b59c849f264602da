"""Cursor pagination: opaque cursors naming the last row seen (keyset), so pages
stay right while rows are added and a deep page costs what the first one does."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from api.errors import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class CursorPage:
    items: list
    next_cursor: str | None


def _encode_value(value) -> list:
    if isinstance(value, datetime.datetime):
        return ["t", value.isoformat()]
    if isinstance(value, datetime.date):
        return ["d", value.isoformat()]
    if isinstance(value, int):
        return ["i", value]
    return ["s", str(value)]


def _decode_value(pair):
    kind, value = pair
    if kind == "t":
        moment = datetime.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment
    if kind == "d":
        return datetime.date.fromisoformat(value)
    if kind == "i" and isinstance(value, int):
        return value
    if kind == "s" and isinstance(value, str):
        return value
    raise ValueError("unknown cursor value")


def encode_cursor(values: Sequence) -> str:
    text = json.dumps([_encode_value(value) for value in values])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list:
    """The values a cursor names; ApiError (400) for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        pairs = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(pairs, list) or len(pairs) != size:
            raise ValueError("wrong size")
        return [_decode_value(pair) for pair in pairs]
    except (ValueError, TypeError, UnicodeError, binascii.Error) as error:
        raise ApiError(_("This cursor is not valid."), code="cursor") from error


def _after(ordering: Sequence[str], values: Sequence) -> Q:
    """Rows after the one with `values` in `ordering` ("-field" descending)."""
    condition = Q(pk__in=[])
    for position, name in enumerate(ordering):
        field = name.lstrip("-")
        lookup = "lt" if name.startswith("-") else "gt"
        equal = {
            earlier.lstrip("-"): value
            for earlier, value in zip(ordering[:position], values, strict=False)
        }
        condition |= Q(**equal, **{f"{field}__{lookup}": values[position]})
    return condition


def cursor_page(
    queryset: QuerySet,
    *,
    ordering: Sequence[str],
    cursor: str | None,
    limit: int,
) -> CursorPage:
    """One page of `queryset` ordered by `ordering` (its last field unique, such
    as the primary key), starting after `cursor`."""
    ordering = list(ordering)
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(
            _after(ordering, decode_cursor(cursor, len(ordering)))
        )
    rows = list(queryset[: limit + 1])
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(
            [getattr(last, name.lstrip("-")) for name in ordering]
        )
    return CursorPage(items=items, next_cursor=next_cursor)
