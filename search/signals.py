"""Signal receivers that keep the index true; connected in SearchConfig.ready().

Receivers only schedule work for after the commit; services do the work."""

from wagtail.models import Page

from core import effects
from search import services


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


def agency_saved(sender, instance, **kwargs):
    services.after_commit(services.index_object_by_key, kind="agency", pk=instance.pk)


def agency_deleted(sender, instance, **kwargs):
    services.after_commit(services.remove_source, source=f"agency:{instance.pk}")


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction, PageViewRestriction
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

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
    try:
        agency = apps.get_model("agencies", "Agency")
    except LookupError:
        return
    post_save.connect(agency_saved, sender=agency, dispatch_uid="search_agency_saved")
    post_delete.connect(
        agency_deleted, sender=agency, dispatch_uid="search_agency_deleted"
    )
