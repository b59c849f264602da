"""Reads for the public site's listings: news and resources, filtered and ordered."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from taggit.models import Tag
from wagtail.models import Locale, Page

from home.models import (
    ContentLanguage,
    HomePage,
    NewsPage,
    NewsPageTag,
    ResourcePage,
    ResourceType,
)


def _clean_int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 1900 <= number <= 2200 else None


def _clean_choice(value: str | None, choices) -> str:
    return value if value in {choice for choice, _label in choices} else ""


@dataclass(frozen=True)
class NewsFilters:
    tag: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> "NewsFilters":
        """Unknown or malformed values are dropped, never an error."""
        return cls(tag=query.get("tag", "")[:100], year=_clean_int(query.get("year")))


@dataclass(frozen=True)
class ResourceFilters:
    resource_type: str = ""
    topic: str = ""
    language: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> "ResourceFilters":
        return cls(
            resource_type=_clean_choice(query.get("type"), ResourceType.choices),
            topic=query.get("topic", "")[:80],
            language=_clean_choice(query.get("language"), ContentLanguage.choices),
        )


def latest_news(*, locale: Locale, limit: int) -> QuerySet[NewsPage]:
    return (
        NewsPage.objects.live()
        .public()
        .filter(locale=locale)
        .order_by("-date", "-pk")[:limit]
    )


def featured_resources(*, home: HomePage) -> list[ResourcePage]:
    return [
        item.resource
        for item in home.featured_resources.select_related("resource")
        if item.resource.live
    ]


def agency_news(*, agency, locale: Locale, limit: int = 10) -> QuerySet[NewsPage]:
    """The agency's news on its profile (registered on agencies' profile hook)."""
    return (
        NewsPage.objects.live()
        .public()
        .filter(locale=locale, agencies=agency)
        .order_by("-date", "-pk")[:limit]
    )


def agency_resources(
    *, agency, locale: Locale, limit: int = 10
) -> QuerySet[ResourcePage]:
    """The agency's resources on its profile (registered on agencies' profile hook)."""
    return (
        ResourcePage.objects.live()
        .public()
        .filter(locale=locale, agencies=agency)
        .select_related("topic")
        .order_by("-publication_date", "-pk")[:limit]
    )


def news_for_index(index: Page, filters: NewsFilters) -> QuerySet[NewsPage]:
    news = NewsPage.objects.child_of(index).live().public()
    if filters.tag:
        news = news.filter(tags__slug=filters.tag)
    if filters.year:
        news = news.filter(date__year=filters.year)
    return news.prefetch_related("tags").order_by("-date", "-pk").distinct()


def news_years(index: Page) -> list[int]:
    dates = NewsPage.objects.child_of(index).live().public()
    years = dates.annotate(year=ExtractYear("date")).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def news_tags(index: Page) -> QuerySet[Tag]:
    news_ids = NewsPage.objects.child_of(index).live().public().values("pk")
    tag_ids = NewsPageTag.objects.filter(content_object__in=news_ids).values("tag_id")
    return Tag.objects.filter(pk__in=tag_ids).order_by("name")


def resources_for_index(
    index: Page, filters: ResourceFilters
) -> QuerySet[ResourcePage]:
    resources = ResourcePage.objects.child_of(index).live().public()
    if filters.resource_type:
        resources = resources.filter(resource_type=filters.resource_type)
    if filters.topic:
        resources = resources.filter(topic__slug=filters.topic)
    if filters.language:
        resources = resources.filter(document_language=filters.language)
    return resources.select_related("topic").order_by("-publication_date", "title")


# The home page's sections by kind, for "see all" links; by content type so the
# home app needs no import of the calendar's app (which sits above it).
SECTION_MODELS = {
    "calendar": ("events", "eventindexpage"),
    "news": ("home", "newsindexpage"),
    "resources": ("home", "resourceindexpage"),
}


def home_sections(*, home: Page) -> dict[str, Page]:
    """The first live public calendar, news index and resource index under `home`."""
    sections = {}
    children = home.get_children().live().public().select_related("content_type")
    for child in children:
        kind = (child.content_type.app_label, child.content_type.model)
        for name, model in SECTION_MODELS.items():
            if kind == model:
                sections.setdefault(name, child)
    return sections


# The pages a public site owes its readers, found by slug among the home page's
# children in each language (StandardPages editors can rewrite; load_demo creates them).
LEGAL_PAGE_SLUGS = ("privacy", "terms", "accessibility")


def legal_pages(*, root: Page) -> dict[str, Page]:
    """The live, public legal pages under `root` (a localized home), by slug."""
    pages = root.get_children().live().public().filter(slug__in=LEGAL_PAGE_SLUGS)
    return {page.slug: page for page in pages}


def site_map_sections(*, root: Page, per_section: int = 50) -> list[dict]:
    """The home page's live public sections, each with its first pages, for people.

    Listings with more pages than `per_section` show their newest first and say
    how many there are in all; the sections' own pages list everything.
    """
    sections = []
    children = root.get_children().live().public().specific()
    # The calendar first, as in the main menu.
    ordered = sorted(
        children, key=lambda page: page._meta.model_name != "eventindexpage"
    )
    for section in ordered:
        children = section.get_children().live().public()
        sections.append(
            {
                "page": section,
                "children": list(
                    children.order_by("-first_published_at")[:per_section]
                ),
                "total": children.count(),
            }
        )
    return sections
