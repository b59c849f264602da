"""App configuration for announcements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from agencies.models import Membership
        from announcements.signals import (
            announce_training_changes,
            membership_changed,
            publish_due_on_worker_start,
            tell_participant_live,
        )
        from core.signals import worker_started
        from events.signals import training_changed
        from registrations.signals import registration_status_changed

        training_changed.connect(
            announce_training_changes,
            dispatch_uid="announcements.announce_training_changes",
        )
        registration_status_changed.connect(
            tell_participant_live,
            dispatch_uid="announcements.tell_participant_live",
        )
        worker_started.connect(
            publish_due_on_worker_start,
            dispatch_uid="announcements.publish_due_on_worker_start",
        )
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                membership_changed,
                sender=Membership,
                dispatch_uid=f"announcements.membership_{name}",
            )
