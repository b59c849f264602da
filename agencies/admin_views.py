"""Wagtail admin views narrowed to what a member may act on."""

from django.apps import apps
from django.db.models import F
from django.http import Http404
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import base_page_viewset
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from agencies import permissions
from agencies.permissions import AgencyPagePermissionPolicy


class AgencyPageSearchView(SearchView):
    """The admin's page search (/admin/pages/search/) lists no page of another
    agency, as the explorer does."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.permission_policy = AgencyPagePermissionPolicy()


page_search_view = base_page_viewset.construct_view(AgencyPageSearchView)
page_search_results_view = base_page_viewset.construct_view(
    AgencyPageSearchView, results_only=True
)


def _ids_user_may_see(user, model, ids) -> set:
    """Of these objects, the ids the user may see in the admin."""
    objects = model._default_manager.filter(pk__in=ids)
    if issubclass(model, Page):
        objects = permissions.pages_user_may_see(user, objects)
    elif issubclass(model, (get_image_model(), get_document_model())):
        objects = permissions.collection_objects_user_may_see(user, model, objects)
    return set(objects.values_list("pk", flat=True))


class ScopedBulkActionMixin:
    """A bulk action's confirmation lists, among the objects the member may not
    act on, only those they may see: others' are not named."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        no_access = extra.get("items_with_no_access", [])
        everything = [*objects, *no_access]
        visible = _ids_user_may_see(
            self.request.user, self.model, [obj.pk for obj in everything]
        )
        objects = [obj for obj in objects if obj.pk in visible]
        extra["items_with_no_access"] = [obj for obj in no_access if obj.pk in visible]
        return objects, extra


def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk action dispatcher, with every action scoped (see above)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(
        app_label, model_name, action
    )
    if action_class is None:
        raise Http404
    scoped_class = type(
        f"Scoped{action_class.__name__}", (ScopedBulkActionMixin, action_class), {}
    )
    return scoped_class(request, model).dispatch(request)


class AgencyPageTypesUsageReportView(PageTypesUsageReportView):
    """The page types report counts, and names as last edited, only the pages
    the member may see."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        if permissions.user_is_superuser(user):
            return page_types
        visible = self.permission_policy.explorable_instances(user)
        filters = self.filters.form.cleaned_data if self.filters else {}
        if filters.get("page_locale"):
            visible = visible.filter(locale__language_code=filters["page_locale"])
        if filters.get("site"):
            visible = visible.filter(path__startswith=filters["site"])
        for page_type in page_types:
            of_type = visible.filter(content_type=page_type)
            page_type.count = of_type.count()
            page_type.last_edited_page = (
                of_type.order_by(
                    F("latest_revision_created_at").desc(nulls_last=True),
                    "title",
                    "-pk",
                )
                .specific()
                .first()
            )
        return page_types


page_types_usage_view = AgencyPageTypesUsageReportView.as_view()
page_types_usage_results_view = AgencyPageTypesUsageReportView.as_view(
    results_only=True
)
