"""`manage.py publish_due_announcements`: send scheduled announcements (run by cron)."""

from django.core.management.base import BaseCommand

from announcements.services import publish_due_announcements


class Command(BaseCommand):
    help = (
        "Broadcast every scheduled announcement whose time has come, each exactly "
        "once. Run it every minute from cron."
    )

    def handle(self, *args, **options):
        sent = publish_due_announcements()
        if options["verbosity"] > 0:
            self.stdout.write(f"Announcements sent: {len(sent)}")
