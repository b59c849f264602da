"""Admin hooks of the project shell: one page per create form, and admin API
endpoints that answer 400, not 500, to numbers the database cannot hold."""

from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

from portal.page_creation import remember_created_page

hooks.register("after_create_page", remember_created_page)

# Beyond any page count; a larger offset overflows the database's integers.
MAX_OFFSET = 1_000_000_000


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class BoundedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    pagination_class = BoundedPagination


@hooks.register("construct_admin_api")
def bound_admin_api_pagination(router):
    router.register_endpoint("pages", BoundedPagesAdminAPIViewSet)
