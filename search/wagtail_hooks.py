"""Admin view of extracted document text: which documents the search could read,
and why not (over the reading limits, unreadable, too large). Read-only."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from search.models import DocumentText


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """The text is written by extraction only: staff with the view permission (and
    superusers) may look, nobody adds, edits or deletes it here. Documents of
    every collection are listed, so agency members get no view permission."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


register_permission_policy(DocumentText, ViewOnlyPermissionPolicy(DocumentText))


class DocumentTextViewSet(ModelViewSet):
    model = DocumentText
    url_namespace = "document_text"
    url_prefix = "document-text"
    icon = "doc-full"
    menu_label = _("Document text")
    menu_order = 410
    add_to_admin_menu = True
    inspect_view_enabled = True
    form_fields = ["status"]
    list_filter = ["status"]
    list_display = [
        "document",
        Column("status", label=_("status"), accessor="get_status_display"),
        "error",
        "extracted_at",
    ]
    ordering = ["-extracted_at"]


@hooks.register("register_admin_viewset")
def register_document_text_viewset():
    return DocumentTextViewSet("document_text")
