"""Admin registration of the registrations app: the organizers' admin URLs and a
"Registrations" button on training pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets

from events.models import EventPage
from registrations import admin_views, selectors


@hooks.register("register_admin_urls")
def register_registration_admin_urls():
    return admin_views.admin_urls()


def _registrations_button(page, user, priority: int):
    specific = page.specific_deferred
    if not isinstance(specific, EventPage):
        return
    if not selectors.user_can_manage_registrations(user, specific):
        return
    yield wagtailadmin_widgets.Button(
        _("Registrations"),
        admin_views.admin_url_for(specific),
        icon_name="group",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def registration_page_header_button(page, user, view_name, next_url=None):
    yield from _registrations_button(page, user, priority=40)


@hooks.register("register_page_listing_more_buttons")
def registration_page_listing_button(page, user, next_url=None):
    yield from _registrations_button(page, user, priority=45)
