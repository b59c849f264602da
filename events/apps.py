"""App configuration for events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Trainings")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from agencies.hooks import agency_profile_listings
        from events import receivers, search_adapters, selectors
        from events.models import EventPage
        from home.hooks import home_page_listings

        page_published.connect(
            receivers.training_page_published,
            sender=EventPage,
            dispatch_uid="events.training_page_published",
        )
        page_unpublished.connect(
            receivers.training_page_unpublished,
            sender=EventPage,
            dispatch_uid="events.training_page_unpublished",
        )
        home_page_listings.register("upcoming_trainings", selectors.home_page_trainings)
        agency_profile_listings.register(
            "trainings", selectors.agency_profile_trainings
        )

        search_adapters.register()

        from agencies.hooks import coordinator_pages
        from events import subscription_views

        coordinator_pages.register(
            "calendar_subscriptions", subscription_views.coordinator_link
        )

        from core.signals import worker_started
        from events import calendar_import

        worker_started.connect(
            calendar_import.refresh_overdue_on_worker_start,
            dispatch_uid="events.refresh_overdue_calendars_on_worker_start",
        )
