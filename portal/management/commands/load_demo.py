"""`manage.py load_demo`: the demo content of every app, safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from agencies import demo as agencies_demo
from announcements import demo as announcements_demo
from core import demo
from events import demo as events_demo
from home import demo as home_demo
from registrations import demo as registrations_demo


class Command(BaseCommand):
    help = "Load the demo content (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins",
            action="store_true",
            help="Do not print the demo logins at the end.",
        )

    def handle(self, *args, quiet_logins=False, **options):
        report = demo.DemoReport()
        with transaction.atomic():
            home_demo.load(report)
            demo.ensure_superuser(report)
            agencies_demo.load(report)
            home_demo.link_agencies(report)
            events_demo.load(report)
            registrations_demo.load(report)
            # Last: announcements go to the agencies the other loaders created.
            announcements_demo.load(report)
        if report.created:
            self.stdout.write(f"Demo content: created {len(report.created)} objects.")
            for line in report.created:
                self.stdout.write(f"  + {line}")
        else:
            self.stdout.write("Demo content already loaded; nothing changed.")
        logins = demo.printed_logins()
        if logins and not quiet_logins:
            self.stdout.write(
                self.style.SUCCESS("\nDemo logins (also in var/demo-logins.txt):")
            )
            self.stdout.write(logins)
