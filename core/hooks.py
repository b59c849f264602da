"""Hooks: a lower app names a place that apps above it fill, without importing them.

The lower app defines `agency_profile_listings = Hook("agency profile listings")`
and reads it; an app above registers a reader from its AppConfig.ready():
`agency_profile_listings.register("news", agency_news)`. Registering a key again
replaces its reader, so a second ready() (as tests may cause) adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """Readers registered under keys, called together with the same arguments."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._readers: dict[str, Callable[..., Any]] = {}

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {', '.join(self._readers) or 'empty'}>"

    def register(self, key: str, reader: Callable[..., Any]) -> None:
        self._readers[key] = reader

    def unregister(self, key: str) -> None:
        self._readers.pop(key, None)

    def read(self, **kwargs: Any) -> dict[str, Any]:
        """Each key's reader called with `kwargs`, in the order they registered."""
        return {key: reader(**kwargs) for key, reader in self._readers.items()}
