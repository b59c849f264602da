"""Registry of what each app holds on a person: exporters and anonymisers.

Apps register in their AppConfig.ready(), e.g. the registrations app:
``personal_data.register("registrations", export=export_fn, anonymise=anon_fn)``.
`agencies.services.account_export` and `account_delete` call every registration,
so deleting an account anonymises registrations (kept for event counts) without
the agencies app knowing about them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], Any]
Anonymiser = Callable[[Any], None]


@dataclass(frozen=True)
class PersonalDataHandler:
    name: str
    export: Exporter | None = None
    anonymise: Anonymiser | None = None


_handlers: dict[str, PersonalDataHandler] = {}


def register(
    name: str, *, export: Exporter | None = None, anonymise: Anonymiser | None = None
) -> None:
    """Register (or replace) an app's exporter and anonymiser under `name`."""
    _handlers[name] = PersonalDataHandler(name=name, export=export, anonymise=anonymise)


def unregister(name: str) -> None:
    _handlers.pop(name, None)


def handlers() -> list[PersonalDataHandler]:
    return [_handlers[name] for name in sorted(_handlers)]
