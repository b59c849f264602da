"""App configuration for events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Trainings")

    def ready(self):
        from agencies import personal_data
        from events import services

        personal_data.register(
            "registrations",
            export=services.registration_export_user,
            anonymise=services.registration_anonymise_user,
        )
