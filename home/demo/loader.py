"""Loading the demo pages into the tree, idempotently, and linking them to agencies."""

import datetime

from wagtail.models import Page, Site

from agencies.models import Agency
from core.demo import (
    DemoReport,
    ensure_document,
    ensure_image,
    ensure_page,
    locales,
    pdf_bytes,
    scene_png,
)
from home.models import (
    HomePage,
    HomePageFeaturedResource,
    NewsIndexPage,
    NewsPage,
    NewsPageRelatedResource,
    PortalSettings,
    ResourceIndexPage,
    ResourcePage,
    ResourcePageDocument,
    StandardPage,
    Topic,
)

from .content import (
    ABOUT,
    HOME,
    NEWS_INDEX,
    PAGE_AGENCIES,
    RESOURCE_INDEX,
    RESOURCES,
    SEED_NEWS,
    TOPICS,
)
from .legal import LEGAL_PAGES


def _paragraphs(texts: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _sections(sections: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    blocks = []
    for heading, texts in sections:
        blocks.append(("heading", heading))
        blocks += _paragraphs(texts)
    return blocks


# The seed story's illustration, with its text for screen readers in each language.
SEED_NEWS_IMAGE = {
    "es": ("Taller de mayo de 2022 (ilustración)",),
    "en": ("May 2022 workshop (illustration)",),
}


def load(report: DemoReport) -> None:
    locale = locales()
    topics = {
        slug: Topic.objects.get_or_create(
            slug=slug, defaults={"name_es": name_es, "name_en": name_en}
        )[0]
        for slug, name_es, name_en in TOPICS
    }
    homes = _homes(locale, report)
    site = Site.objects.get(is_default_site=True)
    PortalSettings.objects.get_or_create(
        site=site,
        defaults={
            # Who runs the portal, a proper name (the portal's own name is
            # in the header, in the reader's language).
            "organisation_name": (
                "Secretaría Técnica de Coordinación Interinstitucional"
            ),
            "contact_email": "contacto@example.org",
        },
    )

    originals = {}
    news_indexes, resource_indexes = {}, {}
    for code in ("es", "en"):
        home = homes[code]
        title, intro = NEWS_INDEX[code]
        news_indexes[code] = ensure_page(
            home,
            NewsIndexPage(title=title, slug="news", intro=intro, show_in_menus=True),
            report,
            translation_of=originals.get("news"),
        )
        originals.setdefault("news", news_indexes[code])
        title, intro = RESOURCE_INDEX[code]
        resource_indexes[code] = ensure_page(
            home,
            ResourceIndexPage(
                title=title, slug="resources", intro=intro, show_in_menus=True
            ),
            report,
            translation_of=originals.get("resources"),
        )
        originals.setdefault("resources", resource_indexes[code])
        about = ABOUT[code]
        page = ensure_page(
            home,
            StandardPage(
                title=about["title"],
                slug="about",
                intro=about["intro"],
                body=_paragraphs([about["body"]]),
                show_in_menus=True,
            ),
            report,
            translation_of=originals.get("about"),
        )
        originals.setdefault("about", page)
        for slug, text in LEGAL_PAGES.items():
            legal = text[code]
            page = ensure_page(
                home,
                StandardPage(
                    title=legal["title"],
                    slug=slug,
                    intro=legal["intro"],
                    body=_sections(legal["sections"]),
                ),
                report,
                translation_of=originals.get(slug),
            )
            originals.setdefault(slug, page)

    seed_original, seed_news = None, {}
    for code in ("es", "en"):
        story = SEED_NEWS[code]
        news = NewsPage(
            title=story["title"],
            slug="workshop-migrant-smuggling-2022",
            date=datetime.date(2022, 5, 16),
            summary=story["summary"],
            body=_paragraphs(story["paragraphs"]),
            contact=story["contact"],
            image=ensure_image(
                *SEED_NEWS_IMAGE[code],
                "taller-2022.png",
                scene_png(("#cfe6f3", "#5b9a6e", "#f4d35e")),
                report,
            ),
        )
        news.tags.add(*story["tags"])
        page = ensure_page(
            news_indexes[code], news, report, translation_of=seed_original
        )
        seed_original = seed_original or page
        seed_news[code] = page

    featured = {"es": [], "en": []}
    for spec in RESOURCES:
        documents = []
        if spec["pdf"]:
            title, filename, paragraphs = spec["pdf"]
            documents.append(
                ensure_document(
                    title, filename, pdf_bytes(title, paragraphs), report=report
                )
            )
        original = None
        for code in ("es", "en"):
            text = spec[code]
            resource = ResourcePage(
                title=text["title"],
                slug=spec["slug"],
                resource_type=spec["type"],
                topic=topics[spec["topic"]],
                document_language=spec["language"],
                issuing_body=text["issuing_body"],
                publication_date=spec["date"],
                summary=text["summary"],
                documents=[ResourcePageDocument(document=doc) for doc in documents],
            )
            page = ensure_page(
                resource_indexes[code], resource, report, translation_of=original
            )
            original = original or page
            featured[code].append(page)
    for code, resources in featured.items():
        _feature(homes[code], resources, report)
        # The workshop's story cites the smuggling law and the Protocol.
        _cite(seed_news[code], resources[:3:2], report)


def _homes(locale, report: DemoReport) -> dict[str, HomePage]:
    """The home page in each language, made the default site's root."""
    site = Site.objects.get(is_default_site=True)
    root = Page.get_first_root_node()
    homes = {}
    original = None
    for code in ("es", "en"):
        home = HomePage.objects.filter(locale=locale[code], depth=2).first()
        if home is None:
            home = HomePage(
                locale=locale[code],
                slug=f"portal-{code}",
                **HOME[code],
            )
            if original is not None:
                home.translation_key = original.translation_key
            root.add_child(instance=home)
            home.save_revision().publish()
            report.add(f"home page ({code})")
        homes[code] = home
        original = original or home
    if not isinstance(site.root_page.specific, HomePage):
        welcome = site.root_page
        site.root_page = homes["es"]
        site.save(update_fields=["root_page"])
        welcome.delete()
    return homes


def _cite(news: NewsPage, resources: list[ResourcePage], report) -> None:
    """Link the resources a news article cites, unless an editor linked any."""
    if news.related_resources.exists():
        return
    news.related_resources = [
        NewsPageRelatedResource(resource=resource) for resource in resources
    ]
    news.save_revision().publish()
    report.add(f"resources cited by the news ({news.locale})")


def _feature(home: HomePage, resources: list[ResourcePage], report) -> None:
    """Feature the resources on a home page that features nothing yet."""
    if home.featured_resources.exists():
        return
    home.featured_resources = [
        HomePageFeaturedResource(resource=resource) for resource in resources[:3]
    ]
    home.save_revision().publish()
    report.add(f"featured resources ({home.locale})")


def link_agencies(report: DemoReport) -> None:
    """Name the demo agencies involved in each demo page; needs both demos loaded."""
    agencies = Agency.objects.in_bulk(
        {slug for slugs in PAGE_AGENCIES.values() for slug in slugs},
        field_name="slug",
    )
    for (model, slug), agency_slugs in PAGE_AGENCIES.items():
        for page in model.objects.filter(slug=slug):
            _link(page, [agencies[agency_slug] for agency_slug in agency_slugs], report)


def _link(page, agencies: list[Agency], report: DemoReport) -> None:
    """Name the agencies involved in a demo page that names none yet."""
    if page.agencies.exists():
        return
    page.agencies.set(agencies)
    revision = page.save_revision()
    if page.live:
        revision.publish()
    report.add(f"agencies of {page.title} ({page.locale})")
