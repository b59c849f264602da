"""Root URLs: unprefixed technical routes, then language-prefixed public pages."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from agencies import admin_views
from api.endpoints import api as api_v1
from home import views as home_views
from portal import page_creation, views
from portal.sitemaps import BilingualSitemap

urlpatterns = [
    # The admin signs in through allauth (e-mail, rate limits, MFA), never around it.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    # The admin's page search lists only the pages a member may act on.
    path("admin/pages/search/", admin_views.page_search_view),
    path("admin/pages/search/results/", admin_views.page_search_results_view),
    # One page per create form, even when its autosave and Publish cross.
    path(
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/",
        page_creation.page_add,
    ),
    # Bulk actions and the page types report show only what a member may see.
    path(
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
        admin_views.bulk_action,
    ),
    path("admin/reports/page-types-usage/", admin_views.page_types_usage_view),
    path(
        "admin/reports/page-types-usage/results/",
        admin_views.page_types_usage_results_view,
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms, behind a rate limit (same paths and names).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        views.authenticate_with_document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.health, name="health"),
    path("api/search/", include("search.api_urls")),
    path("api/v1/", api_v1.urls),
    # The issuer's did:web document and the credentials' revocation status list.
    path("", include("registrations.credentials.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("announcements/", include("announcements.urls")),
    path("accounts/", include("agencies.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("agencies/", include("api.urls")),
    path("agencies/", include("events.subscription_urls")),
    path("agencies/", include("agencies.urls")),
    path("registrations/", include("registrations.urls")),
    path("legal/<slug:kind>/", home_views.legal_page, name="legal_page"),
    path("site-map/", home_views.site_map, name="site_map"),
    path("", include("events.urls")),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/"
        "<int:page_id>/",
        views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "not-translated/<int:page_id>/",
        views.not_translated,
        name="not_translated",
    ),
    # Wagtail serves every other path from the page tree; it must come last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
