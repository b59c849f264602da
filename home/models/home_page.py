"""The home page of each language and the resources it features."""

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from core.cache import AnonymousPageCacheMixin
from home.hooks import home_page_listings

from .links import ResourceLink


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


class HomePageFeaturedResource(ResourceLink):
    home_page = ParentalKey(HomePage, related_name="featured_resources")

    class Meta(ResourceLink.Meta):
        verbose_name = _("featured resource")
        verbose_name_plural = _("featured resources")
