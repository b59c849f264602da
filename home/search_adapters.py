"""How the public site's content is searched: news, resources, standard pages and
the documents attached to resources; names of topics and content languages."""

from django.utils.translation import gettext_lazy as _

from home.models import ContentLanguage, NewsPage, ResourcePage, StandardPage, Topic
from search.adapters import DocumentAdapter, PageAdapter, related_slugs, stream_text
from search.registry import registry


class NewsAdapter(PageAdapter):
    kind = "news"
    label = _("News")
    model = NewsPage

    def text(self, page) -> str:
        tags = " ".join(tag.name for tag in page.tags.all())
        return "\n".join([page.summary, stream_text(page.body), tags, page.contact])

    def date(self, page):
        return page.date


class ResourceAdapter(PageAdapter):
    kind = "resource"
    label = _("Resources")
    model = ResourcePage

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

    def dependents(self, page):
        # Its documents take their language, agencies and topic from it.
        return [item.document for item in page.documents.select_related("document")]


class StandardPageAdapter(PageAdapter):
    kind = "page"
    label = _("Pages")
    model = StandardPage

    def text(self, page) -> str:
        return "\n".join([page.intro, stream_text(page.body)])


class ResourceDocumentAdapter(DocumentAdapter):
    """A document takes language, agencies and topic from the live public resource
    pages it is attached to (a language only when they agree on one)."""

    def facets(self, document):
        resources = list(
            ResourcePage.objects.live()
            .public()
            .filter(documents__document=document)
            .prefetch_related("agencies")
            .select_related("topic")
            .distinct()
        )
        languages = {page.document_language for page in resources}
        agencies, topics = [], []
        for page in resources:
            agencies.extend(related_slugs(page, "agencies"))
            topics.extend(related_slugs(page, "topic"))
        return (
            languages.pop() if len(languages) == 1 else "",
            tuple(dict.fromkeys(agencies)),
            tuple(dict.fromkeys(topics)),
        )


def topic_names(slugs: set[str]) -> dict[str, str]:
    return {item.slug: item.name for item in Topic.objects.filter(slug__in=slugs)}


def language_names(codes: set[str]) -> dict[str, str]:
    return {code: str(name) for code, name in ContentLanguage.choices if code in codes}


def register() -> None:
    """Called from HomeConfig.ready()."""
    for adapter in (
        NewsAdapter(),
        ResourceAdapter(),
        StandardPageAdapter(),
        ResourceDocumentAdapter(),
    ):
        registry.register(adapter)
    registry.register_facet_labels("topic", topic_names)
    registry.register_facet_labels("language", language_names)
