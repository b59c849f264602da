"""The portal's described API (/api/v1/): public reads, agency tokens, their log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from agencies.hooks import coordinator_pages
        from api import views

        coordinator_pages.register("api_tokens", views.coordinator_link)
