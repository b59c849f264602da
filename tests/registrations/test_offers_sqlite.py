"""Seat offers on the embedded default (a SQLite file served by one daphne
process): accepts, declines and cancellations at the same moment get no error
and keep the seats."""

import sqlite3
import threading
from collections import Counter

import pytest
from django.conf import settings
from wagtail.models import Locale, Page

from events.models import EventIndexPage
from registrations import services
from registrations.models import Offer, Registration
from tests.announcements.servers import DaphneServer, session_cookie_for
from tests.factories import AgencyFactory, UserFactory
from tests.portal.test_sqlite_concurrency import post, sqlite_file_copy
from tests.registrations.conftest import build_event

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the embedded default is SQLite; PostgreSQL has its own test",
    ),
]
Status = Registration.Status


def test_parallel_offer_answers_on_the_sqlite_file_get_no_error(tmp_path, site_tree):
    calendar = EventIndexPage(
        title="Calendario",
        slug="calendario-ofertas",
        locale=Locale.objects.get(language_code="es"),
    )
    Page.get_first_root_node().add_child(instance=calendar)
    calendar.save_revision().publish()
    event = build_event(
        calendar, AgencyFactory(slug="snm"), capacity=3, offers_in_first_come=True
    )
    people = [
        services.registration_apply(event=event, user=UserFactory()) for _ in range(9)
    ]
    for registration in people[:2]:  # two seats on offer
        services.registration_cancel(registration=registration, by=registration.user)
    offered = [offer.registration for offer in Offer.objects.filter(event=event)]
    assert len(offered) == 2

    requests = [
        (f"/es/registrations/{offered[0].pk}/offer/accept/", offered[0].user),
        (f"/es/registrations/{offered[1].pk}/offer/decline/", offered[1].user),
        (f"/es/registrations/{people[2].pk}/cancel/", people[2].user),
    ]
    waiting = [r for r in people[3:] if r not in offered][:4]
    requests += [(f"/es/registrations/{r.pk}/cancel/", r.user) for r in waiting]
    # Sessions are written here, before the copy the server opens.
    requests = [(path, session_cookie_for(user)) for path, user in requests]
    database_url = sqlite_file_copy(tmp_path / "portal.sqlite3")
    server = DaphneServer(database_url=database_url, log_dir=tmp_path)
    server.start()
    statuses: list[int] = []
    barrier = threading.Barrier(len(requests))

    def send(path, session):
        barrier.wait()
        statuses.append(post(f"{server.url}{path}", session))

    try:
        threads = [threading.Thread(target=send, args=args) for args in requests]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.stop()

    log = server.log_path.read_text(errors="replace")
    assert Counter(statuses) == {302: len(requests)}, log[-3000:]
    assert "database is locked" not in log
    with sqlite3.connect(tmp_path / "portal.sqlite3") as copy:
        seated = copy.execute(
            f"SELECT COUNT(*) FROM {Registration._meta.db_table} "  # noqa: S608
            "WHERE event_id = ? AND status = 'confirmed'",
            (event.pk,),
        ).fetchone()[0]
        open_seats = [
            row[0]
            for row in copy.execute(
                f"SELECT seat FROM {Offer._meta.db_table} "  # noqa: S608
                "WHERE event_id = ? AND status = 'open'",
                (event.pk,),
            )
        ]
    copy.close()
    assert seated + len(open_seats) <= 3
    assert len(open_seats) == len(set(open_seats))
