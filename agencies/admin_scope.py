"""Admin object views and API endpoints held to the admin visibility policy.

agencies.permissions decides what a member may see in the admin; this module
applies it where Wagtail shows one object by its id (a page's views, a chooser
opened on a page, wagtail-localize's translation views) and to the admin API's
image and document endpoints, which Wagtail filters by collection privacy only.
"""

from wagtail.admin.auth import permission_denied
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from agencies import permissions

# Path arguments of Wagtail's page views that name a page.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
# wagtail-localize's report lists every translation of the site: superusers only
# (agency members have their own translation dashboard).
LOCALIZE_SUPERUSER_VIEWS = ("translations_report", "translations_report_results")


def _translated_pages(translation_key) -> list:
    """Ids of every page (source and translations) sharing a translation key."""
    return list(
        Page.objects.filter(translation_key=translation_key).values_list(
            "pk", flat=True
        )
    )


def _localize_pages_named(view_kwargs) -> list:
    """Pages a wagtail-localize view acts on: the page it names, or the pages of
    the translation (source) it names. A snippet's translation names no page."""
    if "page_id" in view_kwargs:
        return [view_kwargs["page_id"]]
    if "translation_id" in view_kwargs:
        key = (
            Translation.objects.filter(pk=view_kwargs["translation_id"])
            .values_list("source__object_id", flat=True)
            .first()
        )
        return _translated_pages(key) if key else []
    if "translation_source_id" in view_kwargs:
        key = (
            TranslationSource.objects.filter(pk=view_kwargs["translation_source_id"])
            .values_list("object_id", flat=True)
            .first()
        )
        return _translated_pages(key) if key else []
    return []


def _pages_named(request, match, view_kwargs) -> tuple[list, bool] | None:
    """(page ids, public pages allowed) the resolved admin view shows, or None."""
    if "wagtailadmin_pages" in match.namespaces:
        # The revisions comparison names its page `pk`.
        names = (*PAGE_ARGUMENTS, "pk")
        return [view_kwargs[name] for name in names if name in view_kwargs], False
    if match.url_name in ("wagtailadmin_explore", "wagtailadmin_explore_results"):
        return [view_kwargs["parent_page_id"]], False
    if match.url_name == "wagtailadmin_choose_page_child":
        # A chooser may browse another agency's public page (to link to it).
        return [view_kwargs["parent_page_id"]], True
    if match.url_name == "wagtailadmin_choose_page_chosen_multiple":
        return [pk for pk in request.GET.getlist("id") if pk.isdigit()], True
    if "wagtail_localize" in match.namespaces:
        return _localize_pages_named(view_kwargs), False
    return None


class AdminObjectScopeMiddleware:
    """Refuse, as Wagtail refuses a missing permission, every admin page view
    opened on a page the member may not see: another agency's draft, pending
    revision or private page is not even named to them.

    Must come after the authentication and message middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        named = _pages_named(request, match, view_kwargs) if match else None
        if named is None:
            return None
        user = getattr(request, "user", None)
        # Without admin access the view itself sends the person to sign in.
        if user is None or not user.has_perm("wagtailadmin.access_admin"):
            return None
        if (
            "wagtail_localize" in match.namespaces
            and match.url_name in LOCALIZE_SUPERUSER_VIEWS
            and not permissions.user_is_superuser(user)
        ):
            return permission_denied(request)
        page_ids, public = named
        if "wagtail_localize" in match.namespaces:
            # Translating changes pages (and, with a subtree, every page below):
            # only for the pages the member may edit, never an index of others'.
            if _user_may_edit_pages(user, page_ids):
                return None
            return permission_denied(request)
        if permissions.user_may_see_pages(user, page_ids, public=public):
            return None
        return permission_denied(request)


def _user_may_edit_pages(user, page_ids) -> bool:
    if permissions.user_is_superuser(user):
        return True
    pages = Page.objects.filter(pk__in={int(page_id) for page_id in page_ids})
    return all(permissions.user_can_edit_page(user, page) for page in pages)


class AgencyImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """`/admin/api/main/images/`: only the images the member may manage or choose."""

    def get_queryset(self):
        return permissions.collection_objects_user_may_see(
            self.request.user, self.model, super().get_queryset()
        )


class AgencyDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """`/admin/api/main/documents/`: only the documents the member may manage."""

    def get_queryset(self):
        return permissions.collection_objects_user_may_see(
            self.request.user, self.model, super().get_queryset()
        )
