"""Partner calendars in: an outside ICS feed becomes trainings marked as coming
from the agency's calendar, deduplicated by UID and SEQUENCE, cancelled events
unpublished, portal edits kept; bad feeds refused with their message; the task
fetches a real loopback HTTP server."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import TestCase, override_settings
from django.utils import timezone, translation

from events import calendar_import
from events.calendar_import import FeedRefused, import_feed
from events.models import CalendarSubscription, EventPage, ImportedTraining
from tests.conftest import build_calendars, build_site_tree, make_locales
from tests.factories import AgencyFactory, make_member


def vevent(uid, summary, day, *, sequence=0, status="CONFIRMED", extra=""):
    return (
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\n"
        f"SEQUENCE:{sequence}\r\n"
        f"SUMMARY:{summary}\r\n"
        f"DTSTART:202703{day:02d}T140000Z\r\n"
        f"DTEND:202703{day:02d}T200000Z\r\n"
        f"STATUS:{status}\r\n"
        f"{extra}"
        "END:VEVENT\r\n"
    )


def feed(*events) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//EN\r\n"
        + "".join(events)
        + "END:VCALENDAR\r\n"
    ).encode()


FIRST = feed(
    vevent("a@partner", "Taller A", 3),
    vevent("b@partner", "Taller B", 4),
    vevent("c@partner", "Taller C", 5),
)
SECOND = feed(
    vevent("a@partner", "Taller A", 3),
    vevent("b@partner", "Taller B (nueva fecha)", 9, sequence=1),
    vevent("c@partner", "Taller C", 5, sequence=1, status="CANCELLED"),
)


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_calendars(build_site_tree(make_locales()))
        cls.agency = AgencyFactory(slug="socio", name_es="Socio", name_en="Partner")
        cls.coordinator = make_member(cls.agency, role="coordinator")

    def setUp(self):
        translation.activate("es")
        self.subscription = CalendarSubscription.objects.create(
            agency=self.agency, url="https://partner.example/feed.ics"
        )

    def imported(self):
        return EventPage.objects.filter(
            imported_from__subscription=self.subscription, live=True
        )

    def test_changed_and_cancelled_events_leave_two_trainings_with_the_change(self):
        report = import_feed(self.subscription, FIRST)
        self.assertEqual(len(report.created), 3)
        self.assertEqual(self.imported().count(), 3)
        # The same feed again changes nothing.
        again = import_feed(self.subscription, FIRST)
        self.assertEqual((again.created, again.updated), ([], []))

        report = import_feed(self.subscription, SECOND)
        self.assertEqual((len(report.updated), len(report.cancelled)), (1, 1))
        live = self.imported().order_by("start")
        self.assertEqual(
            [page.title for page in live], ["Taller A", "Taller B (nueva fecha)"]
        )
        moved = live.get(title="Taller B (nueva fecha)")
        self.assertEqual(moved.start.isoformat(), "2027-03-09T14:00:00+00:00")
        self.assertEqual(moved.sessions.count(), 1)
        self.assertEqual(moved.lead_agency, self.agency)
        self.assertIn("Del calendario de Socio", moved.summary)
        # An update with an equal SEQUENCE is ignored.
        stale = feed(vevent("b@partner", "Viejo", 4, sequence=1))
        import_feed(self.subscription, stale)
        moved.refresh_from_db()
        self.assertEqual(moved.title, "Taller B (nueva fecha)")

    def test_a_training_edited_in_the_portal_is_not_overwritten(self):
        import_feed(self.subscription, FIRST)
        record = ImportedTraining.objects.get(uid="b@partner")
        page = record.page.specific
        page.title = "Editado en el portal"
        page.save_revision().publish()

        report = import_feed(self.subscription, SECOND)
        self.assertEqual(report.kept_edited, [page.pk])
        page.refresh_from_db()
        self.assertEqual(page.title, "Editado en el portal")
        self.assertEqual(page.start.isoformat(), "2027-03-04T14:00:00+00:00")
        self.assertTrue(page.live)

    def assertRefused(self, body, message):
        with self.assertRaises(FeedRefused) as caught:
            import_feed(self.subscription, body)
        self.assertIn(message, caught.exception.message)
        self.subscription.refresh_from_db()
        self.assertIn(message, self.subscription.last_error)
        self.assertFalse(self.imported().exists())

    def test_bad_feeds_are_refused_with_their_message(self):
        self.assertRefused(
            b"<html><body>Not found</body></html>",
            "La dirección no entrega un calendario iCalendar (ICS).",
        )
        self.assertRefused(
            b"BEGIN:VCALENDAR\r\n" + b"X" * (20 * 1024 * 1024),
            "El calendario pesa más de 2 MB; no se importó.",
        )
        self.assertRefused(
            feed(vevent("r@partner", "Semanal", 3, extra="RRULE:FREQ=WEEKLY\r\n")),
            "se repite sin fin",
        )
        floating = feed(
            "BEGIN:VEVENT\r\nUID:f@partner\r\nSUMMARY:Sin zona\r\n"
            "DTSTART:20270303T090000\r\nDTEND:20270303T120000\r\nEND:VEVENT\r\n"
        )
        self.assertRefused(floating, "hora sin zona horaria")
        # A rule with an end is accepted, and a good feed clears the error.
        bounded = feed(
            vevent(
                "r@partner",
                "Semanal",
                3,
                extra="RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:20270317T140000Z\r\n",
            ),
            # A changed occurrence (same UID) does not make a training of its own.
            vevent(
                "r@partner",
                "Otra",
                10,
                sequence=1,
                extra="RECURRENCE-ID:20270310T140000Z\r\n",
            ),
        )
        import_feed(self.subscription, bounded)
        self.subscription.refresh_from_db()
        self.assertEqual(self.subscription.last_error, "")
        weekly = self.imported().get()
        self.assertEqual(weekly.title, "Semanal")
        self.assertEqual(
            [session.start.day for session in weekly.sessions.order_by("start")],
            [3, 10, 24],
        )

    def test_events_with_dates_the_calendar_refuses(self):
        self.assertRefused(
            feed(
                vevent("d@partner", "Diario", 3, extra="RRULE:FREQ=DAILY;COUNT=90\r\n")
            ),
            "se repite más de 60 veces",
        )
        backwards = feed(
            "BEGIN:VEVENT\r\nUID:x@partner\r\nSUMMARY:Al revés\r\n"
            "DTSTART:20270303T120000Z\r\nDTEND:20270303T090000Z\r\nEND:VEVENT\r\n"
        )
        self.assertRefused(backwards, "fechas que el calendario no acepta")


class Server:
    """A loopback HTTP server answering GET with `self.body`."""

    def __init__(self, body: bytes):
        self.body = body
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.end_headers()  # no Content-Length: the reader must cap it
                try:
                    self.wfile.write(server.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.ics"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@override_settings(WEBHOOKS_ALLOW_PLAIN_HTTP=True)
class FetchTaskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_calendars(build_site_tree(make_locales()))
        cls.agency = AgencyFactory(slug="socio", name_es="Socio", name_en="Partner")
        cls.coordinator = make_member(cls.agency, role="coordinator")

    def setUp(self):
        translation.activate("en")  # the worker writes in the portal's language

    def test_subscribing_fetches_the_feed_over_http_and_imports_it(self):
        with Server(FIRST) as server:
            with self.captureOnCommitCallbacks(execute=True):
                subscription = calendar_import.subscription_create(
                    agency=self.agency, url=server.url, by=self.coordinator
                )
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.last_fetched_at)
        self.assertEqual(subscription.last_error, "")
        imported = ImportedTraining.objects.filter(subscription=subscription)
        self.assertEqual(imported.count(), 3)
        self.assertTrue(
            imported.first().page.specific.summary.startswith(
                "Del calendario de Socio."
            )
        )

    def test_a_feed_too_large_is_cut_off_and_recorded(self):
        body = b"BEGIN:VCALENDAR\r\n" + b"X" * (3 * 1024 * 1024)
        subscription = CalendarSubscription.objects.create(
            agency=self.agency, url="http://127.0.0.1:1/", created_by=self.coordinator
        )
        with Server(body) as server:
            subscription.url = server.url
            subscription.save()
            calendar_import.refresh_subscription(subscription_id=subscription.pk)
        subscription.refresh_from_db()
        self.assertIn("más de 2 MB", subscription.last_error)
        self.assertFalse(ImportedTraining.objects.exists())

    def test_the_worker_start_catches_up_and_a_stale_refresh_does_nothing(self):
        from core.signals import worker_started

        subscription = CalendarSubscription.objects.create(
            agency=self.agency, url="http://127.0.0.1:1/", created_by=self.coordinator
        )
        with Server(FIRST) as server:
            subscription.url = server.url
            subscription.save()
            # A refresh queued for another moment than the one now due is a
            # stale duplicate of the schedule.
            subscription.next_refresh_at = timezone.now() - datetime.timedelta(hours=1)
            subscription.save()
            calendar_import.refresh_subscription(
                subscription_id=subscription.pk,
                due=(timezone.now() - datetime.timedelta(hours=9)).isoformat(),
            )
            subscription.refresh_from_db()
            self.assertIsNone(subscription.last_fetched_at)
            # The worker's start-up refreshes the overdue subscription.
            with self.captureOnCommitCallbacks(execute=True):
                worker_started.send(sender=None)
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.last_fetched_at)
        self.assertGreater(subscription.next_refresh_at, timezone.now())
        self.assertEqual(
            ImportedTraining.objects.filter(subscription=subscription).count(), 3
        )

    def test_only_https_and_only_coordinators(self):
        from events.services import EventError

        with override_settings(WEBHOOKS_ALLOW_PLAIN_HTTP=False):
            with self.assertRaises(EventError):
                calendar_import.subscription_create(
                    agency=self.agency, url="http://x.example/", by=self.coordinator
                )
        editor = make_member(self.agency, role="editor", username="ed")
        with self.assertRaises(EventError):
            calendar_import.subscription_create(
                agency=self.agency, url="https://x.example/", by=editor
            )


class SubscriptionPageTests(TestCase):
    """The coordinators' page: linked from the members page, adds a feed (read
    at once by the task), shows its last error in Spanish, stops it; other
    members are refused."""

    @classmethod
    def setUpTestData(cls):
        build_calendars(build_site_tree(make_locales()))
        cls.agency = AgencyFactory(slug="socio", name_es="Socio", name_en="Partner")
        cls.coordinator = make_member(cls.agency, role="coordinator")
        cls.editor = make_member(cls.agency, role="editor", username="ed-page")

    page = "/es/agencies/socio/partner-calendars/"

    @override_settings(WEBHOOKS_ALLOW_PLAIN_HTTP=True)
    def test_add_see_the_error_and_stop(self):
        self.client.force_login(self.coordinator)
        members = self.client.get("/es/agencies/socio/members/")
        self.assertIn(self.page, members.content.decode())
        with Server(b"<html>no</html>") as server:
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(self.page, {"url": server.url})
        self.assertEqual(response.status_code, 302)
        shown = self.client.get(self.page)
        self.assertEqual(shown["Cache-Control"][:9], "max-age=0")
        html = shown.content.decode()
        self.assertIn("Calendarios asociados de Socio", html)
        self.assertIn("La dirección no entrega un calendario iCalendar (ICS).", html)
        subscription = CalendarSubscription.objects.get(agency=self.agency)
        self.client.post(f"{self.page}{subscription.pk}/remove/")
        subscription.refresh_from_db()
        self.assertFalse(subscription.is_active)
        self.assertIn(
            "Todavía no hay calendarios.", self.client.get(self.page).content.decode()
        )

    def test_other_members_are_refused(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(self.page).status_code, 403)
        response = self.client.post(self.page, {"url": "https://x.example/f.ics"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(CalendarSubscription.objects.exists())
