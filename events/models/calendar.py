"""The calendar: the index page that lists trainings and serves the feeds."""

from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from agencies.models import AgencyIndexPageMixin
from core.cache import (
    AnonymousPageCacheMixin,
)
from core.pagination import paginate


class EventIndexPage(
    AgencyIndexPageMixin, AnonymousPageCacheMixin, RoutablePageMixin, Page
):
    """The shared calendar: a list, a month grid, past trainings and ICS feeds."""

    cache_query_parameters = (
        "view",
        "month",
        "when",
        "agency",
        "topic",
        "modality",
        "location",
        "language",
        "audience",
        "page",
    )

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("training calendar")
        verbose_name_plural = _("training calendars")

    def get_context(self, request, *args, **kwargs):
        from events import selectors

        context = super().get_context(request, *args, **kwargs)
        try:
            filters = selectors.EventFilters.from_query(request.GET)
        except ValueError as error:
            raise Http404(str(error)) from error
        context["filters"] = filters
        # Lazy: read only when the cached listing fragment has to be rendered.
        context["filter_options"] = SimpleLazyObject(
            lambda: selectors.filter_options(index=self)
        )
        if filters.view == "month":
            context["month"] = SimpleLazyObject(
                lambda: selectors.month_grid(index=self, filters=filters)
            )
        else:
            events = selectors.events_for_index(index=self, filters=filters)
            context["events"] = SimpleLazyObject(
                lambda: self._page_of_cards(request, events)
            )
        return context

    @staticmethod
    def _page_of_cards(request, events):
        from events import selectors

        page = paginate(request, events)
        page.object_list = selectors.with_registration_states(page.object_list)
        return page

    @path("feed.ics/", name="feed")
    def ics_feed(self, request):
        from events import ics, selectors

        try:
            filters = selectors.EventFilters.from_query(request.GET)
        except ValueError as error:
            raise Http404(str(error)) from error
        return ics.calendar_response(
            selectors.sessions_for_feed(index=self, filters=filters),
            cancelled=selectors.cancelled_sessions_for_feed(
                index=self, filters=filters
            ),
            request=request,
            name=self.title,
            filename="trainings.ics",
        )
