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
from events import admin_views, organizers, selectors
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
            "events/co-organizing/",
            admin_views.co_organizing_list,
            name="events_co_organizing",
        ),
        path(
            "events/co-organizing/<int:pk>/",
            admin_views.co_organizing_detail,
            name="events_co_organizing_detail",
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


class CoordinatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(permissions.coordinated_agency_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_co_organizing_menu_item():
    return CoordinatorsMenuItem(
        gettext_lazy("Invitations to co-organize"),
        reverse("events_co_organizing"),
        icon_name="group",
        order=251,
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


def _ask_new_co_organizers(request, page):
    """Once a training is saved, ask the agencies it newly names (see
    events.forms.EventPageForm for who may name them)."""
    if not isinstance(page, EventPage) or page.pk is None:
        return
    organizers.co_organizers_sync(
        event=page,
        by=request.user,
        removed=getattr(page, "co_organizers_removed", ()),
    )


hooks.register("after_create_page", _ask_new_co_organizers)
hooks.register("after_edit_page", _ask_new_co_organizers)
hooks.register("before_publish_page", _ask_new_co_organizers)


@hooks.register("after_publish_page")
def _tell_the_lead_of_co_organizer_changes(request, page):
    page = page.specific if not isinstance(page, EventPage) else page
    if isinstance(page, EventPage):
        organizers.co_organizer_published(event=page, by=request.user)
