"""App configuration for announcements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from agencies.models import Membership
        from announcements.signals import announce_training_changes, membership_changed
        from events.models import EventPage

        page_published.connect(
            announce_training_changes,
            sender=EventPage,
            dispatch_uid="announcements.announce_training_changes",
        )
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                membership_changed,
                sender=Membership,
                dispatch_uid=f"announcements.membership_{name}",
            )
