"""The contract every search engine fulfils, and the values it speaks in."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from search.registry import IndexEntry, registry

FACETS = ("kind", "agency", "topic", "language", "year")
PER_PAGE = 10
MAX_PAGE = 1000

Progress = Callable[[int, int], None]


class SearchError(Exception):
    """The search app's one business error: an engine cannot answer or write."""


@dataclass(frozen=True)
class SearchFilters:
    """Chosen facet values: values of one facet are alternatives (OR), facets
    combine (AND)."""

    kind: tuple[str, ...] = ()
    agency: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    year: tuple[int, ...] = ()

    def without(self, facet: str) -> "SearchFilters":
        return SearchFilters(**{**self.as_dict(), facet: ()})

    def as_dict(self) -> dict[str, tuple]:
        return {name: getattr(self, name) for name in FACETS}

    def __bool__(self) -> bool:
        return any(self.as_dict().values())


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    date: datetime.date | None
    language: str
    agencies: list[str]
    snippet: SafeString
    title_html: SafeString
    score: float = 0.0
    kind_label: str = ""
    agency_names: list[str] = field(default_factory=list)
    language_label: str = ""
    # The indexed object's key ("page:12"), shared by its entries in every language.
    source: str = ""


@dataclass
class FacetCount:
    value: str
    count: int
    label: str = ""
    selected: bool = False


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int = PER_PAGE
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    suggestion: str = ""
    engine: str = ""
    # False when the engine stopped counting at `total` (and facet counts were
    # taken over those first matches): "more than `total` results".
    total_exact: bool = True

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class SearchEngine:
    """One engine. `search` reads; `index`, `remove`, `rebuild` keep it true."""

    name = ""

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        facets: bool = True,
        page: int = 1,
        language: str = "es",
    ) -> Results:
        raise NotImplementedError

    def index_entries(self, source: str, entries: list[IndexEntry]) -> None:
        """Replace every entry of `source` by `entries` (none: remove them)."""
        raise NotImplementedError

    def bulk_index(self, entries: Iterable[IndexEntry]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def counts(self) -> dict[str, int]:
        """Indexed entries per type."""
        raise NotImplementedError

    def index(self, obj) -> None:
        """Index `obj` if it is public, remove it otherwise."""
        adapter = registry.adapter_for(obj)
        if adapter is None:
            return
        obj = adapter.prepare(obj)
        entries = adapter.entries(obj) if adapter.is_public(obj) else []
        self.index_entries(adapter.source(obj), entries)

    def remove(self, obj) -> None:
        adapter = registry.adapter_for(obj)
        if adapter is not None:
            self.index_entries(adapter.source(obj), [])

    def remove_source(self, source: str) -> None:
        self.index_entries(source, [])

    def rebuild(self, progress: Progress | None = None) -> int:
        """Index every public object of every registered type from scratch."""
        self.clear()
        return self.bulk_index_all(progress)

    def update(self, progress: Progress | None = None) -> int:
        """Re-index every public object in place, then remove the entries of
        objects that no longer exist or are no longer live and public. Returns
        how many objects' entries were removed."""
        kept: set[str] = set()
        self.bulk_index_all(progress, kept=kept)
        return self.prune(kept)

    def sources(self) -> set[str]:
        """The source of every indexed entry."""
        raise NotImplementedError

    def prune(self, kept: set[str]) -> int:
        """Remove the entries of every source not in `kept`; returns how many."""
        stale = self.sources() - kept
        for source in sorted(stale):
            self.remove_source(source)
        return len(stale)

    def bulk_index_all(
        self, progress: Progress | None = None, kept: set[str] | None = None
    ) -> int:
        """Index every public object; `kept` collects their sources."""
        adapters = registry.adapters()
        total = sum(adapter.count() for adapter in adapters)
        done = 0
        batch: list[IndexEntry] = []
        for adapter in adapters:
            for obj in adapter.objects().iterator(chunk_size=200):
                obj = adapter.prepare(obj)
                if adapter.is_public(obj):
                    batch.extend(adapter.entries(obj))
                    if kept is not None:
                        kept.add(adapter.source(obj))
                done += 1
                if len(batch) >= 200:
                    self.bulk_index(batch)
                    batch = []
                if progress:
                    progress(done, total)
        if batch:
            self.bulk_index(batch)
        return done
