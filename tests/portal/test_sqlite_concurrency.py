"""The embedded default (a SQLite file, as `make run` serves it) under concurrent
writers: one daphne process, twenty requests that write at the same moment.

Under ASGI each request runs in its own thread with its own connection. With
SQLite's default deferred transactions two of them read, then both try to write,
and one gets "database is locked" at once (a 500), whatever the busy timeout:
the settings start every transaction with BEGIN IMMEDIATE (on a WAL journal, with
a busy timeout) so writers queue instead.
"""

import secrets
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Locale, Page

from events.models import EventIndexPage
from events.registration_settings import RegistrationMode
from registrations import services
from registrations.models import Registration
from tests.announcements.servers import (
    DaphneServer,
    make_superuser,
    session_cookie_for,
)
from tests.factories import AgencyFactory, NewsPageFactory, UserFactory
from tests.registrations.conftest import build_event

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the embedded default is SQLite; PostgreSQL has row locks",
    ),
]
Status = Registration.Status
CAPACITY = 5


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url: str, session: str, data: dict | None = None) -> int:
    """POST as a signed-in browser does (session and CSRF cookies); the status."""
    token = secrets.token_hex(16)  # 32 characters, as Django's CSRF secret
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **(data or {})})
    request = urllib.request.Request(  # noqa: S310 - our own loopback server
        url,
        data=body.encode(),
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={token}"
        },
    )
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as done:
            return done.status
    except urllib.error.HTTPError as error:
        return error.code


def sqlite_file_copy(path) -> str:
    """This process's in-memory test database, committed data included, as a file
    another process opens."""
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


def test_twenty_parallel_writers_on_the_sqlite_file_get_no_error(tmp_path, site_tree):
    locale = Locale.objects.get(language_code="es")
    calendar = EventIndexPage(
        title="Calendario", slug="calendario-sqlite", locale=locale
    )
    Page.get_first_root_node().add_child(instance=calendar)
    calendar.save_revision().publish()
    agency = AgencyFactory(slug="snm")
    event = build_event(
        calendar,
        agency,
        capacity=CAPACITY,
        mode=RegistrationMode.FIRST_COME,
        waitlist_enabled=True,
    )
    leaving = [
        services.registration_apply(event=event, user=UserFactory()) for _ in range(3)
    ]
    applicants = [UserFactory() for _ in range(12)]
    drafts = [
        NewsPageFactory(parent=site_tree.news["es"], live=False) for _ in range(5)
    ]
    editor = make_superuser()

    requests = [
        (f"/es/registrations/apply/{event.pk}/", session_cookie_for(user), {})
        for user in applicants
    ]
    requests += [
        (
            f"/es/registrations/{registration.pk}/cancel/",
            session_cookie_for(registration.user),
            {},
        )
        for registration in leaving
    ]
    editor_session = session_cookie_for(editor)
    requests += [
        (
            f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}&next=/admin/",
            editor_session,
            {"include_descendants": ""},
        )
        for draft in drafts
    ]
    assert len(requests) == 20

    database_url = sqlite_file_copy(tmp_path / "portal.sqlite3")
    server = DaphneServer(database_url=database_url, log_dir=tmp_path)
    server.start()
    statuses: list[int] = []
    barrier = threading.Barrier(len(requests))

    def send(path, session, data):
        barrier.wait()
        statuses.append(post(f"{server.url}{path}", session, data))

    try:
        threads = [threading.Thread(target=send, args=args) for args in requests]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.stop()

    log = server.log_path.read_text(errors="replace")
    assert Counter(statuses) == {302: 20}, log[-3000:]
    assert "database is locked" not in log
    with sqlite3.connect(tmp_path / "portal.sqlite3") as copy:
        counts = dict(
            copy.execute(
                f"SELECT status, COUNT(*) FROM {Registration._meta.db_table} "  # noqa: S608
                "WHERE event_id = ? GROUP BY status",
                (event.pk,),
            ).fetchall()
        )
        live = copy.execute(
            f"SELECT COUNT(*) FROM {Page._meta.db_table} WHERE live AND id IN "  # noqa: S608
            f"({', '.join(str(draft.pk) for draft in drafts)})"
        ).fetchone()[0]
    copy.close()
    # Whatever the order: the three who left are cancelled, the seats are all
    # taken, never more, and everyone else waits in line.
    assert counts == {
        Status.CANCELLED: 3,
        Status.CONFIRMED: CAPACITY,
        Status.WAITLISTED: len(applicants) - CAPACITY,
    }
    assert live == 5
