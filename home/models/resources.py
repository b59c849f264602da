"""The resource library: laws, guides and forms with their documents."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from agencies.forms import AgencyScopedPageForm
from agencies.models import AgencyIndexPageMixin, AgencyScopedPageMixin
from core.cache import AnonymousPageCacheMixin
from core.pagination import paginate
from home.blocks import BodyBlock

from .topics import ContentLanguage, Topic


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
