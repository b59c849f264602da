"""The Elasticsearch engine: elasticsearch-dsl documents with Spanish and English
analysis, facet aggregations, highlighting, a phrase suggester, bulk writes, and
rebuilds into a fresh index behind an alias so search never goes dark.

Every failure of the cluster surfaces as `SearchError`; callers fall back to the
database engine.

The package holds one module per subject; import from here.
"""

from .engine import ElasticsearchEngine
from .mapping import EntryDocument, entry_document, index_alias, index_definition
from .queries import build_search

__all__ = [
    "ElasticsearchEngine",
    "EntryDocument",
    "build_search",
    "entry_document",
    "index_alias",
    "index_definition",
]
