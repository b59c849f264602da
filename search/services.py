"""Writes of the search app: extracting document text and keeping every engine's
index true after pages, documents and agencies change."""

import logging
from collections.abc import Callable

from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from core import effects
from search import cache as search_cache
from search.engines import database_engine, elasticsearch_engine
from search.engines.base import Progress, SearchEngine, SearchError
from search.extraction import extract_file
from search.models import DocumentText
from search.registry import registry

logger = logging.getLogger(__name__)


def writing_engines() -> list[SearchEngine]:
    """The database index is always kept, so it can answer when Elasticsearch
    cannot; Elasticsearch is written too when configured."""
    engines = [database_engine()]
    elasticsearch = elasticsearch_engine()
    if elasticsearch is not None:
        engines.append(elasticsearch)
    return engines


def _each_engine(action: Callable[[SearchEngine], None]) -> None:
    """Every write to an index goes through here: cached search results and
    pages are made stale now (this transaction reads fresh results) and again
    once it commits, so a request that cached the old state in between is not
    kept."""
    for engine in writing_engines():
        try:
            action(engine)
        except SearchError:
            logger.warning("Search engine %s could not be updated", engine.name)
    search_cache.index_changed()
    transaction.on_commit(search_cache.index_changed)


def index_object(obj) -> None:
    _each_engine(lambda engine: engine.index(obj))


def remove_source(source: str) -> None:
    _each_engine(lambda engine: engine.remove_source(source))


def index_page(*, page_id: int, descendants: bool = False) -> None:
    """Index a page (or remove it when it is no longer live and public)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        remove_source(f"page:{page_id}")
        return
    pages = page.get_descendants(inclusive=True) if descendants else [page]
    for each in pages:
        specific = each.specific
        adapter = registry.adapter_for(specific)
        if adapter is None:
            continue
        index_object(specific)
        for dependent in adapter.dependents(specific):
            index_object(dependent)


def index_collection(*, collection_id: int) -> None:
    """Re-check the documents of a collection (and below) after its privacy changed."""
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return
    collections = collection.get_descendants(inclusive=True)
    for document in get_document_model().objects.filter(collection__in=collections):
        index_object(document)


def document_text_refresh(*, document) -> DocumentText:
    """Extract the document's text unless it was read from this very file already."""
    try:
        size = document.file_size or document.file.size
    except OSError:
        size = None
    source = f"{document.file.name}:{size}"[:500]
    existing = DocumentText.objects.filter(document=document).first()
    if existing is not None and existing.source == source:
        return existing
    extraction = extract_file(document.file)
    if extraction.error:
        logger.warning(
            "Document %s (%s) is indexed by title only: %s",
            document.pk,
            document.file.name,
            extraction.error,
        )
    text, _created = DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "text": extraction.text,
            "status": extraction.status,
            "error": extraction.error,
            "pages": extraction.pages,
            "source": source,
        },
    )
    return text


@effects.effect
def index_document(*, document_id: int) -> None:
    """After an upload or a replacement: read the file's text (a child process with
    limits), then index it. Run by the task worker, so an upload never waits for it."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        remove_source(f"document:{document_id}")
        return
    document_text_refresh(document=document)
    document = (
        get_document_model()
        .objects.select_related("extracted_text")
        .get(pk=document_id)
    )
    index_object(document)


def after_commit(function: Callable[..., None], **kwargs) -> None:
    """Run an index update once the transaction commits; a failure is logged, and
    never undoes or breaks the change that caused it."""

    def run():
        try:
            function(**kwargs)
        except Exception:
            logger.exception("Search index update %s failed", function.__name__)

    transaction.on_commit(run)


def rebuild_index(progress: Progress | None = None) -> dict[str, int]:
    """Rebuild every engine from scratch; returns the database engine's counts."""
    for document in get_document_model().objects.filter(extracted_text__isnull=True):
        document_text_refresh(document=document)
    _each_engine(lambda engine: engine.rebuild(progress))
    return database_engine().counts()


def update_index(progress: Progress | None = None) -> tuple[dict[str, int], int]:
    """Re-index every object in place (no clearing), filling what signals missed,
    and prune the entries of objects deleted, unpublished or made private since.
    Returns the database engine's counts and how many objects it pruned."""
    for document in get_document_model().objects.all():
        document_text_refresh(document=document)
    pruned = {}

    def update(engine: SearchEngine) -> None:
        pruned[engine.name] = engine.update(progress)

    _each_engine(update)
    return database_engine().counts(), pruned.get("database", 0)


def index_object_by_key(*, kind: str, pk) -> None:
    """Index (or remove) one object of a registered type, looked up afresh."""
    adapter = registry.get(kind)
    if adapter is None:
        return
    obj = adapter.model._default_manager.filter(pk=pk).first()
    if obj is None:
        remove_source(f"{kind}:{pk}")
    else:
        index_object(obj)
