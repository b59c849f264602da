"""App configuration for events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Trainings")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from events.models import EventPage

        page_published.connect(
            _returned, sender=EventPage, dispatch_uid="events_returned"
        )
        page_unpublished.connect(
            _withdrawn, sender=EventPage, dispatch_uid="events_withdrawn"
        )


def _withdrawn(sender, instance, **kwargs):
    from events import services

    services.event_withdrawn_from_calendars(event=instance)


def _returned(sender, instance, **kwargs):
    from events import services

    services.event_returned_to_calendars(event=instance)
