"""Admin registration of the events app: clash warnings, coordination, editions."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from agencies import permissions
from events import admin_views, registration_hooks, selectors  # noqa: F401
from events.models import EventPage


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [
        path(
            "events/coordination/",
            admin_views.coordination,
            name="events_coordination",
        ),
        path(
            "events/<int:page_id>/new-edition/",
            admin_views.new_edition,
            name="events_new_edition",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_coordination_menu_item():
    return MenuItem(
        gettext_lazy("Training coordination"),
        reverse("events_coordination"),
        icon_name="date",
        order=250,
    )


class NewEditionButton(PageMenuItem):
    label = gettext_lazy("New edition")
    icon_name = "copy"
    url_name = "events_new_edition"

    def is_shown(self, user):
        return permissions.user_can_edit_page(user, self.page)


def _is_event(page) -> bool:
    return page.specific_class is EventPage


@hooks.register("register_page_listing_more_buttons")
def event_listing_buttons(page, user, next_url=None):
    if _is_event(page):
        yield NewEditionButton(page=page, priority=25)


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name, next_url=None):
    if _is_event(page):
        yield NewEditionButton(page=page, priority=35)


def _warn_about_clashes(request, page):
    """A warning, not a refusal: agencies may well run parallel trainings."""
    page = page.specific if not isinstance(page, EventPage) else page
    if not isinstance(page, EventPage):
        return
    for other in selectors.event_clashes(event=page):
        agencies = ", ".join(agency.name for agency in other.organizers())
        messages.warning(
            request,
            _(
                "Its sessions overlap “%(title)s” (%(agencies)s), published for the "
                "same audience or city on %(date)s. Consider coordinating the dates."
            )
            % {
                "title": other.title,
                "agencies": agencies,
                "date": date_format(timezone.localtime(other.start))
                if other.start
                else "",
            },
        )


hooks.register("after_create_page", _warn_about_clashes)
hooks.register("after_edit_page", _warn_about_clashes)
