"""Adapter building blocks any app may extend: live public pages and Wagtail
documents with their extracted text. The apps register their own adapters."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from search.registry import IndexEntry, SearchAdapter


def stream_text(value) -> str:
    """The searchable text of a StreamField value (rich text without its tags)."""
    if not value:
        return ""
    return "\n".join(value.stream_block.get_searchable_content(value))


def related_slugs(obj, *names: str) -> tuple[str, ...]:
    """Slugs of agencies (or topics) an object points at through any of `names`.

    Tolerant: a field that does not exist yet (or is empty) gives nothing.
    """
    slugs: list[str] = []
    for name in names:
        value = getattr(obj, name, None)
        if value is None:
            continue
        if hasattr(value, "all"):
            slugs.extend(item.slug for item in value.all())
        elif getattr(value, "slug", None):
            slugs.append(value.slug)
    return tuple(dict.fromkeys(slugs))


class PageAdapter(SearchAdapter):
    """A live page without view restrictions, in its own locale."""

    agency_fields: tuple[str, ...] = ("agencies", "lead_agency", "co_organizers")
    topic_fields: tuple[str, ...] = ("topic", "topics")
    # Pages follow publication, moves and restrictions (search.signals), not saves:
    # saving a draft must not change what the index shows.
    index_on_save = False

    def source(self, obj) -> str:
        # Every page type shares one key space so a bare Page can be removed too.
        return f"page:{obj.pk}"

    def objects(self):
        return self.model.objects.live().public().select_related("locale")

    def count(self) -> int:
        return self.model.objects.live().public().count()

    def is_public(self, obj) -> bool:
        return bool(
            obj.live
            and not obj.get_view_restrictions().exists()
            and obj.get_url() is not None
        )

    def text(self, page) -> str:
        return ""

    def date(self, page):
        published = page.first_published_at or page.latest_revision_created_at
        return published.date() if published else None

    def entries(self, page) -> list[IndexEntry]:
        language = page.locale.language_code
        with translation.override(language):
            url = page.get_url()
        return [
            IndexEntry(
                key=self.source(page),
                source=self.source(page),
                kind=self.kind,
                title=page.title,
                url=url or "",
                body="\n".join(
                    part for part in (page.search_description, self.text(page)) if part
                ),
                date=self.date(page),
                language=language,
                agencies=related_slugs(page, *self.agency_fields),
                topics=related_slugs(page, *self.topic_fields),
            )
        ]


class DocumentAdapter(SearchAdapter):
    """A document in a collection without view restrictions, with its text.

    Its language, agencies and topics come from what it is attached to, which only
    the app that attaches documents knows: a subclass answers `facets()`.
    """

    kind = "document"
    label = _("Documents")
    # Documents are indexed after their text is read (search.signals), not on save.
    index_on_save = False

    @property
    def model(self):
        return get_document_model()

    def objects(self):
        return self.model.objects.select_related("collection", "extracted_text")

    def is_public(self, document) -> bool:
        return not document.collection.get_view_restrictions().exists()

    def facets(self, document) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """The document's language, agency slugs and topic slugs."""
        return "", (), ()

    def entries(self, document) -> list[IndexEntry]:
        language, agencies, topics = self.facets(document)
        extracted = getattr(document, "extracted_text", None)
        text = extracted.text if extracted is not None else ""
        tags = " ".join(tag.name for tag in document.tags.all())
        return [
            IndexEntry(
                key=self.source(document),
                source=self.source(document),
                kind=self.kind,
                title=document.title,
                url=document.url,
                body="\n".join(part for part in (tags, text) if part),
                date=document.created_at.date() if document.created_at else None,
                language=language,
                agencies=agencies,
                topics=topics,
            )
        ]
