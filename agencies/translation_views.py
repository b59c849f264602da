"""The admin's translation dashboard: an agency's pages and their translations."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from agencies import permissions, translations


def user_sees_translation_dashboard(user) -> bool:
    return permissions.user_is_superuser(user) or bool(
        permissions.editable_agency_ids(user)
    )


def translation_dashboard(request):
    if not user_sees_translation_dashboard(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "agencies/admin/translations.html",
        {
            "rows": translations.translation_dashboard(user=request.user),
            "statuses": translations.TranslationStatus,
            "page_title": _("Translations of your agency's pages"),
        },
    )
