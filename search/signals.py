"""Signal receivers that keep the index true; connected in SearchConfig.ready().

Receivers only schedule work for after the commit; services do the work."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from core import effects
from search import services
from search.registry import SearchAdapter, registry


def page_changed(sender, instance, **kwargs):
    services.after_commit(services.index_page, page_id=instance.pk)


def page_tree_changed(sender, instance, **kwargs):
    """A move or a new slug changes the addresses of the page and everything below."""
    services.after_commit(services.index_page, page_id=instance.pk, descendants=True)


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        services.after_commit(services.remove_source, source=f"page:{instance.pk}")


def page_restriction_changed(sender, instance, **kwargs):
    services.after_commit(
        services.index_page, page_id=instance.page_id, descendants=True
    )


def collection_restriction_changed(sender, instance, **kwargs):
    services.after_commit(
        services.index_collection, collection_id=instance.collection_id
    )


def document_saved(sender, instance, **kwargs):
    effects.enqueue_after_commit(services.index_document, document_id=instance.pk)


def document_deleted(sender, instance, **kwargs):
    services.after_commit(services.remove_source, source=f"document:{instance.pk}")


def object_saved(sender, instance, **kwargs):
    adapter = registry.adapter_for(instance)
    if adapter is not None:
        services.after_commit(
            services.index_object_by_key, kind=adapter.kind, pk=instance.pk
        )


def object_deleted(sender, instance, **kwargs):
    adapter = registry.adapter_for(instance)
    if adapter is not None:
        services.after_commit(services.remove_source, source=adapter.source(instance))


def follow_saves(adapter: SearchAdapter) -> None:
    """Keep the entries of a registered model that is indexed on save."""
    if not adapter.index_on_save:
        return
    post_save.connect(
        object_saved,
        sender=adapter.model,
        dispatch_uid=f"search_{adapter.kind}_saved",
    )
    post_delete.connect(
        object_deleted,
        sender=adapter.model,
        dispatch_uid=f"search_{adapter.kind}_deleted",
    )


def connect() -> None:
    page_published.connect(page_changed, dispatch_uid="search_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="search_page_unpublished")
    post_page_move.connect(page_tree_changed, dispatch_uid="search_page_moved")
    page_slug_changed.connect(page_tree_changed, dispatch_uid="search_page_slug")
    post_delete.connect(page_deleted, dispatch_uid="search_page_deleted")
    for model in (PageViewRestriction,):
        post_save.connect(
            page_restriction_changed, sender=model, dispatch_uid="search_pvr_saved"
        )
        post_delete.connect(
            page_restriction_changed, sender=model, dispatch_uid="search_pvr_deleted"
        )
    post_save.connect(
        collection_restriction_changed,
        sender=CollectionViewRestriction,
        dispatch_uid="search_cvr_saved",
    )
    post_delete.connect(
        collection_restriction_changed,
        sender=CollectionViewRestriction,
        dispatch_uid="search_cvr_deleted",
    )
    document = get_document_model()
    post_save.connect(document_saved, sender=document, dispatch_uid="search_doc_saved")
    post_delete.connect(
        document_deleted, sender=document, dispatch_uid="search_doc_deleted"
    )
    registry.on_register(follow_saves)
