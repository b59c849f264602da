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

        from api import webhooks
        from events.signals import training_changed, training_published
        from registrations.signals import registration_status_changed

        training_published.connect(
            webhooks.on_training_published, dispatch_uid="api.webhooks.published"
        )
        training_changed.connect(
            webhooks.on_training_changed, dispatch_uid="api.webhooks.changed"
        )
        registration_status_changed.connect(
            webhooks.on_registration_status_changed,
            dispatch_uid="api.webhooks.registration",
        )
