"""Wagtail admin views narrowed to what a member may act on."""

from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import base_page_viewset
from wagtail.permission_policies.pages import PagePermissionPolicy

from agencies import permissions


class AgencyPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy whose explorable pages leave out other agencies'."""

    def explorable_instances(self, user):
        return permissions.pages_user_may_act_on(
            user, super().explorable_instances(user)
        )


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
