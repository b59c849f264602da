"""One page per create form in the admin, whatever the order its requests arrive in.

Wagtail 8 autosaves the create form: the first autosave creates the page, and only
its answer points the form at the page's edit URL. A Publish clicked while that
autosave is on its way still posts to the create URL and would create a second
page: "slug already in use" for the editor, and the autosaved draft left behind.
A first autosave answered after such a Publish would likewise add a stray page.

So every post of one create form (recognised by the form's own CSRF token, which
Django masks anew for each rendering, and which the autosave sends with the form)
after the first goes to the page that form created; posts under one parent run
one at a time, so the second always sees what the first created.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

# Long enough for any editing session of one form.
REMEMBER_SECONDS = 24 * 60 * 60


def _form_key(request, parent_page_id: int) -> str | None:
    token = request.POST.get("csrfmiddlewaretoken", "")
    if not token or not request.user.is_authenticated:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return f"portal:page-of-create-form:{request.user.pk}:{parent_page_id}:{digest}"


def remember_created_page(request, page) -> None:
    """after_create_page hook: note the page on the request for `page_add`."""
    request.portal_created_page_id = page.pk


def _is_autosave(request) -> bool:
    return not request.accepts("text/html") and not request.POST.get("action-publish")


def page_add(
    request, content_type_app_name: str, content_type_model_name: str, parent_page_id
):
    """Wagtail's create view, except for a later post of a form that already
    created its page: that one is an edit of the page (or, for an autosave sent
    before a Publish that has since gone through, nothing)."""
    from wagtail.admin.viewsets.pages import page_viewset_registry

    create = page_viewset_registry.as_view(
        "add",
        app_label_kwarg="content_type_app_name",
        model_name_kwarg="content_type_model_name",
    )
    arguments = {
        "content_type_app_name": content_type_app_name,
        "content_type_model_name": content_type_model_name,
        "parent_page_id": parent_page_id,
    }
    key = _form_key(request, parent_page_id) if request.method == "POST" else None
    if key is None:
        return create(request, **arguments)
    with transaction.atomic():
        # Serialises creations under one parent (SQLite: the IMMEDIATE
        # transaction itself), so a second post waits for the first to finish.
        list(Page.objects.select_for_update().filter(pk=parent_page_id))
        created = Page.objects.filter(pk=cache.get(key)).first()
        if created is None:
            response = create(request, **arguments)
            created_id = getattr(request, "portal_created_page_id", None)
            if created_id is not None:
                cache.set(key, created_id, REMEMBER_SECONDS)
            return response
        if (
            _is_autosave(request)
            and created.live
            and not created.has_unpublished_changes
        ):
            # This autosave left the browser before the Publish that created
            # the page: its content is older than what is published.
            return JsonResponse(
                {
                    "success": False,
                    "error_code": "invalid_revision",
                    "error_message": _("This page has been published meanwhile."),
                },
                status=409,
            )
        edit = page_viewset_registry.as_view("edit", page_id_kwarg="page_id")
        return edit(request, page_id=created.pk)
