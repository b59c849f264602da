"""Admin registration of agencies, their audit-log actions and permission upkeep."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agencies import admin_scope, permissions, services, translation_views
from agencies.models import Agency, AgencyScopedPageMixin, Membership

# Registered first thing, before any view asks the registry for the page policy:
# every admin listing, report and API endpoint built on it follows the agencies.
register_permission_policy(Page, permissions.AgencyPagePermissionPolicy(Page))


class AgencyFilterSet(WagtailFilterSet):
    class Meta:
        model = Agency
        fields = ["kind", "is_active", "country"]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = _("Agencies")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name_es", "acronym", "kind", "country", "is_active"]
    filterset_class = AgencyFilterSet
    search_fields = ["name_es", "name_en", "acronym", "slug"]
    # Search with the database directly: agencies are few and not page-indexed.
    search_backend_name = None
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name_es"),
                FieldPanel("name_en"),
                FieldPanel("acronym"),
                FieldPanel("slug"),
            ],
            heading=_("Name"),
        ),
        FieldPanel("kind"),
        FieldPanel("country"),
        FieldPanel("description_es"),
        FieldPanel("description_en"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("contact_email"),
        FieldPanel("is_active"),
    ]


register_snippet(AgencyViewSet)


@hooks.register("after_create_snippet")
def provision_new_agency(request, instance):
    """A new agency gets its collection and editors' group straight away."""
    if isinstance(instance, Agency):
        services.agency_provision(agency=instance)


@hooks.register("after_create_page")
def grant_editors_new_index(request, page):
    """Editors may add agency pages under an index created after their group."""
    specific_class = page.specific_class
    if specific_class is None:
        return
    if any(
        issubclass(child, AgencyScopedPageMixin)
        for child in specific_class.creatable_subpage_models()
    ):
        services.agency_editors_group_ensure()


@hooks.register("construct_explorer_page_queryset")
def list_only_pages_the_member_may_act_on(parent_page, pages, request):
    """The explorer (listing, search within it and side menu) follows the policy."""
    return permissions.pages_user_may_act_on(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def choose_only_pages_the_member_may_see(pages, request):
    """Page choosers offer the member's pages and others' public pages only."""
    return permissions.pages_user_may_see(request.user, pages, public=True)


@hooks.register("construct_image_chooser_queryset")
def choose_only_images_the_member_may_see(images, request):
    return permissions.collection_objects_user_may_see(
        request.user, images.model, images
    )


@hooks.register("construct_document_chooser_queryset")
def choose_only_documents_the_member_may_see(documents, request):
    return permissions.collection_objects_user_may_see(
        request.user, documents.model, documents
    )


@hooks.register("construct_admin_api", order=1)
def scope_admin_api_images_and_documents(router):
    """After Wagtail registers its own endpoints (order 0), replace them."""
    router.register_endpoint("images", admin_scope.AgencyImagesAdminAPIViewSet)
    router.register_endpoint("documents", admin_scope.AgencyDocumentsAdminAPIViewSet)


ROLE_LABELS = dict(Membership.Role.choices)


class MembershipLogFormatter(LogFormatter):
    template = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return self.template % {
            "email": data.get("email") or _("(deleted account)"),
            "role": ROLE_LABELS.get(data.get("role"), data.get("role", "")),
            "previous": ROLE_LABELS.get(data.get("previous"), ""),
        }


@hooks.register("register_log_actions")
def register_agency_log_actions(actions):
    @actions.register_action("agencies.membership.add")
    class MemberAdded(MembershipLogFormatter):
        label = _("Member added")
        template = _("Added %(email)s as %(role)s")

    @actions.register_action("agencies.membership.role")
    class RoleChanged(MembershipLogFormatter):
        label = _("Member role changed")
        template = _("Changed the role of %(email)s from %(previous)s to %(role)s")

    @actions.register_action("agencies.membership.remove")
    class MemberRemoved(MembershipLogFormatter):
        label = _("Member removed")
        template = _("Removed %(email)s (%(role)s)")

    @actions.register_action("agencies.invitation.send")
    class InvitationSent(MembershipLogFormatter):
        label = _("Invitation sent")
        template = _("Invited %(email)s as %(role)s")

    @actions.register_action("agencies.invitation.resend")
    class InvitationResent(MembershipLogFormatter):
        label = _("Invitation resent")
        template = _("Sent the invitation of %(email)s (%(role)s) again")

    @actions.register_action("agencies.invitation.revoke")
    class InvitationRevoked(MembershipLogFormatter):
        label = _("Invitation withdrawn")
        template = _("Withdrew the invitation of %(email)s (%(role)s)")

    @actions.register_action("agencies.invitation.accept")
    class InvitationAccepted(MembershipLogFormatter):
        label = _("Invitation accepted")
        template = _("%(email)s accepted the invitation as %(role)s")


# --- Translations (wagtail-localize) -------------------------------------------


@hooks.register("register_admin_urls")
def register_translation_dashboard_url():
    return [
        path(
            "agencies/translations/",
            translation_views.translation_dashboard,
            name="agencies_translations",
        )
    ]


class TranslationDashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return translation_views.user_sees_translation_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_translation_dashboard_menu_item():
    return TranslationDashboardMenuItem(
        _("Translations"),
        reverse("agencies_translations"),
        icon_name="site",
        order=252,
    )


@hooks.register("construct_reports_menu")
def hide_site_wide_translations_report(request, menu_items):
    """wagtail-localize's report lists every translation of the site: superusers
    only (agency_scope refuses it to others too); members have the dashboard."""
    if not permissions.user_is_superuser(request.user):
        menu_items[:] = [
            item
            for item in menu_items
            if item.url != reverse("wagtail_localize:translations_report")
        ]


@hooks.register("insert_global_admin_js")
def translation_editor_texts():
    """Two texts wagtail-localize's translation editor writes without gettext,
    in the admin's language (the script acts only on the editor's page)."""
    return format_html(
        '<script src="{}" defer></script>', static("agencies/js/translation-editor.js")
    )
