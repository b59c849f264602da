"""Adapters for the portal's searchable types: news, resources, standard pages,
documents, agencies, and trainings once the events app defines EventPage."""

import logging

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Page

from search.registry import IndexEntry, SearchAdapter, registry

logger = logging.getLogger(__name__)


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


class NewsAdapter(PageAdapter):
    kind = "news"
    label = _("News")

    def text(self, page) -> str:
        tags = " ".join(tag.name for tag in page.tags.all())
        return "\n".join([page.summary, stream_text(page.body), tags, page.contact])

    def date(self, page):
        return page.date


class ResourceAdapter(PageAdapter):
    kind = "resource"
    label = _("Resources")

    def text(self, page) -> str:
        documents = " ".join(item.document.title for item in page.documents.all())
        return "\n".join(
            [
                page.issuing_body,
                page.summary,
                stream_text(page.body),
                page.get_resource_type_display(),
                documents,
            ]
        )

    def date(self, page):
        return page.publication_date or super().date(page)


class StandardPageAdapter(PageAdapter):
    kind = "page"
    label = _("Pages")

    def text(self, page) -> str:
        return "\n".join([page.intro, stream_text(page.body)])


class EventAdapter(PageAdapter):
    """A training with its sessions' places and dates. Fields are read with
    getattr so the adapter keeps working while the events app evolves."""

    kind = "event"
    label = _("Trainings")
    page_text_fields = ("summary", "venue_name", "venue_address", "city", "contact")
    session_text_fields = ("title", "room", "facilitators")

    def text(self, page) -> str:
        parts = [str(getattr(page, name, "") or "") for name in self.page_text_fields]
        body = getattr(page, "body", None)
        if body is not None and hasattr(body, "stream_block"):
            parts.append(stream_text(body))
        sessions = getattr(page, "sessions", None)
        for session in sessions.all() if sessions is not None else []:
            parts.extend(
                str(getattr(session, name, "") or "")
                for name in self.session_text_fields
            )
            start = getattr(session, "start", None)
            if start:
                start = timezone.localtime(start)
                # Both written forms, so "2025-06-12" and "12/06/2025" find it.
                parts.append(f"{start:%Y-%m-%d} {start:%d/%m/%Y}")
        return "\n".join(part for part in parts if part)

    def date(self, page):
        start = getattr(page, "start", None)
        if start:
            return timezone.localtime(start).date()
        return super().date(page)


class DocumentAdapter(SearchAdapter):
    """A document in a collection without view restrictions, with its text.

    Language, agencies and topic come from the resource pages it is attached to.
    """

    kind = "document"
    label = _("Documents")

    @property
    def model(self):
        return get_document_model()

    def objects(self):
        return self.model.objects.select_related("collection", "extracted_text")

    def is_public(self, document) -> bool:
        return not document.collection.get_view_restrictions().exists()

    def entries(self, document) -> list[IndexEntry]:
        from home.models import ResourcePage

        resources = list(
            ResourcePage.objects.live()
            .public()
            .filter(documents__document=document)
            .prefetch_related("agencies")
            .select_related("topic")
            .distinct()
        )
        languages = {page.document_language for page in resources}
        extracted = getattr(document, "extracted_text", None)
        text = extracted.text if extracted is not None else ""
        tags = " ".join(tag.name for tag in document.tags.all())
        agencies, topics = [], []
        for page in resources:
            agencies.extend(related_slugs(page, "agencies"))
            topics.extend(related_slugs(page, "topic"))
        return [
            IndexEntry(
                key=self.source(document),
                source=self.source(document),
                kind=self.kind,
                title=document.title,
                url=document.url,
                body="\n".join(part for part in (tags, text) if part),
                date=document.created_at.date() if document.created_at else None,
                language=languages.pop() if len(languages) == 1 else "",
                agencies=tuple(dict.fromkeys(agencies)),
                topics=tuple(dict.fromkeys(topics)),
            )
        ]


class AgencyAdapter(SearchAdapter):
    """An active agency, once per language (its names and descriptions differ)."""

    kind = "agency"
    label = _("Agencies")

    @property
    def model(self):
        return apps.get_model("agencies", "Agency")

    def objects(self):
        return self.model.objects.filter(is_active=True)

    def count(self) -> int:
        return self.objects().count()

    def is_public(self, agency) -> bool:
        return agency.is_active

    def entries(self, agency) -> list[IndexEntry]:
        entries = []
        for language in ("es", "en"):
            with translation.override(language):
                try:
                    url = reverse("agencies:detail", kwargs={"slug": agency.slug})
                except NoReverseMatch:
                    url = ""
            name = getattr(agency, f"name_{language}") or agency.name_es
            entries.append(
                IndexEntry(
                    key=f"{self.source(agency)}:{language}",
                    source=self.source(agency),
                    kind=self.kind,
                    title=f"{name} ({agency.acronym})" if agency.acronym else name,
                    url=url,
                    body="\n".join(
                        [
                            getattr(agency, f"description_{language}", ""),
                            agency.get_kind_display(),
                            agency.country,
                        ]
                    ),
                    date=agency.created_at.date() if agency.created_at else None,
                    language=language,
                    agencies=(agency.slug,),
                )
            )
        return entries


def register_portal_adapters() -> None:
    """Register the types this project knows; events and agencies when present."""
    from home.models import NewsPage, ResourcePage, StandardPage

    for adapter_class, model in (
        (NewsAdapter, NewsPage),
        (ResourceAdapter, ResourcePage),
        (StandardPageAdapter, StandardPage),
    ):
        adapter = adapter_class()
        adapter.model = model
        registry.register(adapter)
    registry.register(DocumentAdapter())
    try:
        apps.get_model("agencies", "Agency")
        registry.register(AgencyAdapter())
    except LookupError:
        logger.debug("agencies.Agency is not defined; agencies are not searchable")
    try:
        event_page = apps.get_model("events", "EventPage")
    except LookupError:
        logger.debug("events.EventPage is not defined yet; trainings not searchable")
    else:
        adapter = EventAdapter()
        adapter.model = event_page
        registry.register(adapter)


def is_page(obj) -> bool:
    return isinstance(obj, Page)
