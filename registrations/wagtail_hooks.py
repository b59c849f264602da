"""Admin registration of the registrations app: the organizers' admin URLs, a
"Registrations" button on training pages, and the agency members' dashboard
panel of their trainings."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.admin.ui.components import Component

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


class AgencyTrainingsPanel(Component):
    """The dashboard panel of an agency member: its trainings with pending
    applications, drafts and the next deadlines."""

    name = "agency_trainings"
    template_name = "registrations/admin/dashboard_panel.html"
    order = 90

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = self.rows
        return context


@hooks.register("construct_homepage_panels")
def add_agency_trainings_panel(request, panels):
    rows = selectors.agency_dashboard(user=request.user)
    if rows:
        panels.append(AgencyTrainingsPanel(rows))
