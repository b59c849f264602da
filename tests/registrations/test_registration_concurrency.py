"""Seats under concurrent requests on PostgreSQL: threads, one connection each."""

import threading

import pytest
from django.db import connection, connections

from registrations import selectors, services
from registrations.models import Registration
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; set DATABASE_URL",
    ),
]
Status = Registration.Status


def run_in_threads(work, items) -> list[BaseException]:
    """Run work(item) in one thread per item, all released at once."""
    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def target(item):
        try:
            barrier.wait()
            work(item)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_forty_parallel_registrations_for_ten_seats(make_event):
    event = make_event(capacity=10)
    users = [UserFactory() for _ in range(40)]

    errors = run_in_threads(
        lambda user: services.registration_apply(event=event, user=user), users
    )

    assert errors == []
    statuses = list(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    )
    assert statuses.count(Status.CONFIRMED) == 10
    assert statuses.count(Status.WAITLISTED) == 30


def test_parallel_session_capacity(make_event):
    event = make_event(
        capacity=None, sessions=2, sessions_selectable=True, session_capacities=(5, 8)
    )
    first, second = event.sessions.order_by("start")
    users = [UserFactory() for _ in range(24)]

    def register(user):
        choice = [first.pk] if user.pk % 2 else [first.pk, second.pk]
        services.registration_apply(event=event, user=user, session_ids=choice)

    assert run_in_threads(register, users) == []
    assert selectors.session_seats_taken(session_id=first.pk, event_id=event.pk) == 5
    assert selectors.session_seats_taken(session_id=second.pk, event_id=event.pk) <= 8


def test_twenty_parallel_cancellations_keep_counts_consistent(make_event):
    event = make_event(capacity=10)
    users = [UserFactory() for _ in range(40)]
    registrations = [
        services.registration_apply(event=event, user=user) for user in users
    ]
    # Ten of the confirmed and ten of the waitlisted cancel at the same moment.
    leaving = registrations[:10] + registrations[20:30]

    errors = run_in_threads(
        lambda registration: services.registration_cancel(
            registration=registration, by=registration.user
        ),
        leaving,
    )

    assert errors == []
    statuses = list(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    )
    assert statuses.count(Status.CANCELLED) == 20
    assert statuses.count(Status.CONFIRMED) == 10
    assert statuses.count(Status.WAITLISTED) == 10
    # Promotion follows the order of application: the ten earliest who stayed.
    confirmed = set(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    assert confirmed == {r.pk for r in registrations[10:20]}
