"""The news index, news articles, their tags and the resources they cite."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from agencies.forms import AgencyScopedPageForm
from agencies.models import AgencyIndexPageMixin, AgencyScopedPageMixin
from core.cache import AnonymousPageCacheMixin
from core.pagination import paginate
from home.blocks import BodyBlock

from .links import ResourceLink
from .resources import ResourcePage


class NewsIndexPage(
    AgencyIndexPageMixin, AnonymousPageCacheMixin, RoutablePageMixin, Page
):
    cache_query_parameters = ("tag", "year", "page")
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from home import selectors

        context = super().get_context(request, *args, **kwargs)
        filters = selectors.NewsFilters.from_query(request.GET)
        context["filters"] = filters
        # Lazy: read only when the cached listing fragment has to be rendered.
        context["news"] = SimpleLazyObject(
            lambda: paginate(request, selectors.news_for_index(self, filters))
        )
        context["years"] = SimpleLazyObject(lambda: selectors.news_years(self))
        context["tags"] = selectors.news_tags(self)
        return context

    @path("feed/")
    def rss_feed(self, request):
        from home.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from home.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(AgencyScopedPageMixin, AnonymousPageCacheMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(
        verbose_name=_("tags"), through=NewsPageTag, blank=True
    )
    contact = models.CharField(
        _("contact"),
        max_length=255,
        blank=True,
        help_text=_("Who readers can contact for more information."),
    )
    agencies = ParentalManyToManyField(
        "agencies.Agency",
        verbose_name=_("agencies involved"),
        blank=True,
        related_name="news_pages",
    )

    base_form_class = AgencyScopedPageForm
    # The organizing agencies decide who edits every language of the page:
    # wagtail-localize copies them on each sync (it skips many-to-many fields
    # unless named).
    override_translatable_fields = [SynchronizedField("agencies", overridable=False)]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("contact"),
        FieldPanel("tags"),
        FieldPanel("agencies", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "related_resources", label=_("Laws and resources cited"), max_num=12
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def organizing_agency_ids(self) -> set[int]:
        return {agency.pk for agency in self.agencies.all()}

    @property
    def linked_resources(self) -> list["ResourcePage"]:
        """The cited resources readers can open, in the editor's order."""
        return [
            link.resource
            for link in self.related_resources.select_related("resource")
            if link.resource.live
        ]


class NewsPageRelatedResource(ResourceLink):
    """A law or other resource a news article cites, linked under the article."""

    news_page = ParentalKey(NewsPage, related_name="related_resources")

    class Meta(ResourceLink.Meta):
        verbose_name = _("resource cited")
        verbose_name_plural = _("resources cited")
