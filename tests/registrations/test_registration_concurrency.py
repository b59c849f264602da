"""Seats under concurrent requests on PostgreSQL: threads, one connection each."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.db.models import Q
from django.utils import timezone

from agencies.models import Agency
from events.registration_settings import RegistrationMode
from registrations import selectors, services
from registrations.models import AgencyQuota, Offer, Registration
from tests.factories import AgencyFactory, UserFactory

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


def test_forty_parallel_accepts_cancellations_and_expiries_keep_seats_and_quotas(
    make_event,
):
    """10 seats: agency A 4, the civil-society pool 3, 3 general. Five seats are
    on offer (two of them past their deadline) when 40 requests arrive at once:
    expiries, cancellations of seated and waiting people, and waiting people
    accepting whatever offer reaches them."""
    event = make_event(capacity=10, mode=RegistrationMode.APPLICATION, offer_hours=1)
    own, ngo, other = (
        AgencyFactory(slug="c-own"),
        AgencyFactory(slug="c-ngo", kind=Agency.Kind.CIVIL_SOCIETY),
        AgencyFactory(slug="c-other"),
    )
    AgencyQuota.objects.create(page=event, agency=own, seats=4)
    AgencyQuota.objects.create(
        page=event, agency_kind=Agency.Kind.CIVIL_SOCIETY, seats=3
    )

    def applicants(agency, status, count):
        # Built directly (the services' paths are timed elsewhere): the race
        # below is what this test is about.
        now = timezone.now()
        return Registration.objects.bulk_create(
            Registration(
                event=event,
                user=UserFactory(verified=False),
                agency=agency,
                status=status,
                applied_at=now,
            )
            for _ in range(count)
        )

    seated = applicants(own, Status.CONFIRMED, 4) + applicants(ngo, Status.CONFIRMED, 3)
    seated += applicants(other, Status.CONFIRMED, 3)
    waiting = [
        registration
        for agency in (own, ngo, other)
        for registration in applicants(agency, Status.WAITLISTED, 10)
    ]
    # A's reserved seats stay empty while none of A waits: five more of A wait.
    waiting += applicants(own, Status.WAITLISTED, 5)
    for registration in seated[:5]:  # four of A, one of the pool
        services.registration_cancel(registration=registration, by=registration.user)
    offers = list(Offer.objects.filter(event=event, status=Offer.Status.OPEN))
    assert len(offers) == 5
    Offer.objects.filter(pk__in=[offer.pk for offer in offers[:2]]).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    def expire(offer):
        services.offer_expire(offer_id=offer.pk)

    def cancel(registration):
        try:
            services.registration_cancel(
                registration=registration, by=registration.user
            )
        except services.RegistrationError:
            pass  # an expiry cancelled it first

    def accept_when_offered(registration):
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            offer = Offer.objects.filter(
                registration=registration, status=Offer.Status.OPEN
            ).first()
            if offer is not None:
                try:
                    services.offer_accept(offer=offer, by=registration.user)
                except services.RegistrationError:
                    pass  # it expired or was withdrawn meanwhile
                return
            time.sleep(0.1)

    work = [(expire, offer) for offer in offers]
    work += [(cancel, registration) for registration in seated[5:]]
    work += [(cancel, registration) for registration in waiting[5:10]]
    # Waiting people of every kind accept whatever offer reaches them.
    acceptors = waiting[:5] + waiting[10:30]
    work += [(accept_when_offered, registration) for registration in acceptors]
    assert len(work) == 40

    errors = run_in_threads(lambda job: job[0](job[1]), work)

    assert errors == []
    held = list(
        Registration.objects.filter(event=event)
        .filter(Q(status__in=Registration.SEATED) | Q(offers__status=Offer.Status.OPEN))
        .values_list("pk", "agency_id", "status")
        .distinct()
    )
    assert len(held) <= 10
    assert sum(1 for _pk, agency, _s in held if agency == own.pk) <= 4
    assert sum(1 for _pk, agency, _s in held if agency == ngo.pk) <= 3
    open_offers = list(
        Offer.objects.filter(event=event, status=Offer.Status.OPEN).values_list(
            "seat", "registration_id", "registration__status"
        )
    )
    seats = [seat for seat, _r, _s in open_offers]
    people = [registration for _s, registration, _st in open_offers]
    assert len(seats) == len(set(seats)) and len(people) == len(set(people))
    assert {status for _s, _r, status in open_offers} <= {Status.WAITLISTED}
    # Enough people of every kind still wait: no seat is left unused.
    assert len(held) == 10
    assert selectors.seats_taken(event_id=event.pk) <= 10
