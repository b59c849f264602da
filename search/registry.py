"""The registry of searchable types: one adapter per model turns an object into
index entries, so any app can make its own model searchable, and names the values
of the facets it fills (agency slugs, topic slugs, languages).

An app registers its adapters from its AppConfig.ready():

    from search.registry import registry
    registry.register(MyAdapter())
    registry.register_facet_labels("topic", topic_names)
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class IndexEntry:
    """What both engines store for one searchable item in one language."""

    key: str
    source: str
    kind: str
    title: str
    url: str
    body: str = ""
    date: datetime.date | None = None
    language: str = ""
    agencies: tuple[str, ...] = field(default_factory=tuple)
    topics: tuple[str, ...] = field(default_factory=tuple)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


class SearchAdapter:
    """How one model is searched. Subclasses set `kind`, `label`, `model`."""

    kind: str = ""
    label = ""
    model: type[models.Model]
    # True: the index follows every save and deletion of `model` (search.signals
    # connects the receivers once the adapter is registered).
    index_on_save: bool = True

    def source(self, obj) -> str:
        """The key every entry of `obj` shares, used to remove them all at once."""
        return f"{self.kind}:{obj.pk}"

    def objects(self) -> Iterable[models.Model]:
        """Every candidate for the index (rebuild filters them with is_public)."""
        return self.model._default_manager.all()

    def count(self) -> int:
        return self.model._default_manager.count()

    def prepare(self, obj) -> models.Model:
        """The object as entries() needs it (e.g. a page's specific instance)."""
        return obj

    def is_public(self, obj) -> bool:
        raise NotImplementedError

    def entries(self, obj) -> list[IndexEntry]:
        raise NotImplementedError

    def annotate_hits(self, hits: list) -> None:
        """Add to a results page's hits of this kind what the index does not hold
        and may change without reindexing (a training's seats left), read for all
        of them at once. Called on every results page, cached or not."""

    def dependents(self, obj) -> Iterable[models.Model]:
        """Objects whose entries take something from `obj` (a resource page's
        documents take its language), indexed again with it."""
        return ()


# Takes facet values, returns their names in the active language (missing: unknown).
FacetLabels = Callable[[set[str]], dict[str, str]]


class SearchRegistry:
    def __init__(self):
        self._adapters: dict[str, SearchAdapter] = {}
        self._listeners: list[Callable[[SearchAdapter], None]] = []
        self._facet_labels: dict[str, FacetLabels] = {}

    def register(self, adapter: SearchAdapter) -> None:
        self._adapters[adapter.kind] = adapter
        for listener in self._listeners:
            listener(adapter)

    def on_register(self, listener: Callable[[SearchAdapter], None]) -> None:
        """Call `listener` with every adapter, registered already or later, so the
        order in which the apps become ready does not matter."""
        self._listeners.append(listener)
        for adapter in self.adapters():
            listener(adapter)

    def register_facet_labels(self, facet: str, labels: FacetLabels) -> None:
        self._facet_labels[facet] = labels

    def facet_labels(self, facet: str, values: set[str]) -> dict[str, str]:
        """Names of `values` of `facet`, from the app that registered them."""
        labels = self._facet_labels.get(facet)
        return labels(values) if labels is not None and values else {}

    def adapters(self) -> list[SearchAdapter]:
        return list(self._adapters.values())

    def kinds(self) -> dict[str, str]:
        return {kind: adapter.label for kind, adapter in self._adapters.items()}

    def get(self, kind: str) -> SearchAdapter | None:
        return self._adapters.get(kind)

    def adapter_for(self, obj) -> SearchAdapter | None:
        """The adapter of the most specific registered class `obj` is an instance of."""
        for cls in type(obj).__mro__:
            for adapter in self._adapters.values():
                if adapter.model is cls:
                    return adapter
        return None


registry = SearchRegistry()
