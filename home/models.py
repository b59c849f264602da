"""Pages of the public site and the taxonomy they share; the tree reads from here."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from agencies.forms import AgencyScopedPageForm
from agencies.models import AgencyIndexPageMixin, AgencyScopedPageMixin
from core.cache import AnonymousPageCacheMixin
from core.pagination import paginate
from core.translation import TranslatedField
from home.blocks import BodyBlock
from home.hooks import home_page_listings


class Topic(models.Model):
    """A subject shared by resources and trainings (e.g. migrant smuggling)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    panels = [FieldPanel("name_es"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    name = TranslatedField()


class ContentLanguage(models.TextChoices):
    """The language a resource document is written in (not the page's locale)."""

    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    MULTILINGUAL = "multi", _("Several languages")


class HomePage(AnonymousPageCacheMixin, Page):
    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hero link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_text = models.CharField(_("hero link text"), max_length=80, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_link"),
                FieldPanel("hero_link_text"),
            ],
            heading=_("Hero"),
        ),
        InlinePanel("featured_resources", label=_("Featured resources"), max_num=6),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.NewsIndexPage",
        "home.ResourceIndexPage",
        "home.StandardPage",
        "events.EventIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from home import selectors

        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the cached listing fragment has to be rendered.
        context["latest_news"] = selectors.latest_news(locale=self.locale, limit=3)
        context["featured_resources"] = SimpleLazyObject(
            lambda: selectors.featured_resources(home=self)
        )
        # Listings other apps contribute (the next trainings).
        context.update(home_page_listings.read(home=self))
        context["sections"] = selectors.home_sections(home=self)
        return context


class HomePageFeaturedResource(Orderable):
    home_page = ParentalKey(HomePage, related_name="featured_resources")
    resource = models.ForeignKey(
        "home.ResourcePage",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured resource")
        verbose_name_plural = _("featured resources")


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
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. Shown under the summary, scaled for phones; its description "
            "(or else its title) is the text for screen readers."
        ),
    )
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
        FieldPanel("image"),
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


class NewsPageRelatedResource(Orderable):
    """A law or other resource a news article cites, linked under the article."""

    news_page = ParentalKey(NewsPage, related_name="related_resources")
    resource = models.ForeignKey(
        "home.ResourcePage",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = _("resource cited")
        verbose_name_plural = _("resources cited")


class ResourceType(models.TextChoices):
    LAW = "law", _("Law")
    INTERNATIONAL_INSTRUMENT = "instrument", _("International instrument")
    NATIONAL_PLAN = "plan", _("National plan")
    GUIDE = "guide", _("Guide")
    REPORT = "report", _("Report")
    TOOLKIT = "toolkit", _("Toolkit")


class ResourceIndexPage(AgencyIndexPageMixin, AnonymousPageCacheMixin, Page):
    cache_query_parameters = ("type", "topic", "language", "page")
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ResourcePage"]

    class Meta:
        verbose_name = _("resource index")

    def get_context(self, request, *args, **kwargs):
        from home import selectors

        context = super().get_context(request, *args, **kwargs)
        filters = selectors.ResourceFilters.from_query(request.GET)
        context["filters"] = filters
        context["resources"] = paginate(
            request, selectors.resources_for_index(self, filters)
        )
        context["resource_types"] = ResourceType.choices
        context["topics"] = Topic.objects.all()
        context["languages"] = ContentLanguage.choices
        return context


class ResourcePage(AgencyScopedPageMixin, AnonymousPageCacheMixin, Page):
    resource_type = models.CharField(
        _("resource type"), max_length=20, choices=ResourceType.choices
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    document_language = models.CharField(
        _("language of the resource"),
        max_length=5,
        choices=ContentLanguage.choices,
        default=ContentLanguage.SPANISH,
    )
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    agencies = ParentalManyToManyField(
        "agencies.Agency",
        verbose_name=_("agencies involved"),
        blank=True,
        related_name="resource_pages",
    )

    base_form_class = AgencyScopedPageForm
    # The organizing agencies decide who edits every language of the page:
    # wagtail-localize copies them on each sync (it skips many-to-many fields
    # unless named).
    override_translatable_fields = [SynchronizedField("agencies", overridable=False)]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("resource_type"),
                FieldPanel("topic"),
                FieldPanel("document_language"),
                FieldPanel("issuing_body"),
                FieldPanel("publication_date"),
            ],
            heading=_("Description"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Documents")),
        FieldPanel("agencies", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("issuing_body"),
        index.FilterField("resource_type"),
        index.FilterField("document_language"),
        index.FilterField("topic"),
    ]
    parent_page_types = ["home.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def organizing_agency_ids(self) -> set[int]:
        return {agency.pk for agency in self.agencies.all()}


class ResourcePageDocument(Orderable):
    page = ParentalKey(ResourcePage, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Contact details shown in the footer of every page."""

    organisation_name = models.CharField(
        _("organisation running the portal"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    panels = [FieldPanel("organisation_name"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("portal settings")
