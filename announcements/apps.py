"""App configuration for announcements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from wagtail.signals import page_published

        from announcements.signals import (
            announce_training_changes,
            publish_due_on_worker_start,
        )
        from core.signals import worker_started
        from events.models import EventPage

        page_published.connect(
            announce_training_changes,
            sender=EventPage,
            dispatch_uid="announcements.announce_training_changes",
        )
        worker_started.connect(
            publish_due_on_worker_start,
            dispatch_uid="announcements.publish_due_on_worker_start",
        )
