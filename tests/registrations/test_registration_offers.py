"""Offers of freed seats: to the next in line with a deadline; accepted,
declined, withdrawn or expired, each moving the seat on; e-mailed in the
person's language; answered from My registrations."""

import datetime
import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import ParticipantProfile
from core.signals import worker_started
from events.registration_settings import RegistrationMode
from registrations import selectors, services
from registrations.models import Decision, Offer, Registration
from registrations.services import RegistrationError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def queue(make_event, organizer, django_capture_on_commit_callbacks):
    """Application mode, 2 seats: two confirmed, three on the waiting list."""
    event = make_event(mode=RegistrationMode.APPLICATION, capacity=2, offer_hours=24)
    people = [
        services.registration_apply(event=event, user=UserFactory()) for _ in range(5)
    ]
    services.registration_decide(
        event=event,
        registration_ids=[r.pk for r in people[:2]],
        status=Status.CONFIRMED,
        by=organizer,
    )
    services.registration_decide(
        event=event,
        registration_ids=[r.pk for r in people[2:]],
        status=Status.WAITLISTED,
        by=organizer,
    )
    mail.outbox.clear()
    return event, people


def _cancel(registration, capture):
    with capture(execute=True):
        services.registration_cancel(registration=registration, by=registration.user)


def test_cancellation_offers_the_seat_to_the_next_in_line_only(
    queue, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)

    [offer] = Offer.objects.filter(event=event)
    assert offer.registration == people[2] and offer.status == Offer.Status.OPEN
    assert offer.expires_at - offer.offered_at == datetime.timedelta(hours=24)
    people[2].refresh_from_db()
    assert people[2].status == Status.WAITLISTED  # until they accept
    # The offered seat is held: the organizers cannot confirm anyone into it.
    with pytest.raises(RegistrationError) as error:
        services.registration_decide(
            event=event,
            registration_ids=[people[3].pk],
            status=Status.CONFIRMED,
            by=event.lead_agency.memberships.first().user,
        )
    assert error.value.code == "full"
    offer_mail = [m for m in mail.outbox if m.to == [people[2].user.email]]
    assert len(offer_mail) == 1
    assert offer_mail[0].subject.startswith("Se le ofrece un cupo")


def test_accept_confirms_and_closes_the_offer(
    queue, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    offer = Offer.objects.get(event=event)

    services.offer_accept(offer=offer, by=people[2].user)

    offer.refresh_from_db()
    people[2].refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert people[2].status == Status.CONFIRMED
    assert selectors.seats_taken(event_id=event.pk) == 2
    with pytest.raises(RegistrationError) as error:
        services.offer_accept(offer=offer, by=people[2].user)
    assert error.value.code == "offer_closed"


def test_someone_else_cannot_answer_the_offer(
    queue, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    offer = Offer.objects.get(event=event)
    with pytest.raises(RegistrationError) as error:
        services.offer_accept(offer=offer, by=people[3].user)
    assert error.value.code == "forbidden"


def test_decline_cancels_and_offers_the_following_person(
    queue, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    offer = Offer.objects.get(event=event)

    services.offer_decline(offer=offer, by=people[2].user)

    people[2].refresh_from_db()
    assert people[2].status == Status.CANCELLED
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.DECLINED
    assert people[2].decisions.last().reason_code == Decision.Reason.OFFER_DECLINED
    [following] = Offer.objects.filter(event=event, status=Offer.Status.OPEN)
    assert following.registration == people[3]


def test_expiry_moves_the_seat_on_and_tells_the_person(
    queue, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    offer = Offer.objects.get(event=event)
    # Not due yet: nothing happens.
    assert services.expire_due_offers() == 0
    mail.outbox.clear()

    later = offer.expires_at + datetime.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_due_offers(now=later) == 1

    offer.refresh_from_db()
    people[2].refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    # Their claim on this seat ended, not their place: still waiting, with the
    # reason they read in their language.
    assert people[2].status == Status.WAITLISTED
    [shown] = selectors.user_registrations(user=people[2].user)
    assert shown.reason.reason_code == Decision.Reason.OFFER_EXPIRED
    [following] = Offer.objects.filter(event=event, status=Offer.Status.OPEN)
    assert following.registration == people[3]
    assert following.expires_at == later + datetime.timedelta(hours=24)
    expired = [m for m in mail.outbox if m.to == [people[2].user.email]]
    assert len(expired) == 1 and expired[0].subject.startswith("Venció el cupo")
    assert "Sigue en la lista de espera" in expired[0].body
    # The next freed seat goes to who has not had an offer yet, then to them.
    _cancel(people[1], django_capture_on_commit_callbacks)
    assert (
        Offer.objects.get(event=event, status="open", seat=2).registration
        == (people[4])
    )
    assert [r.pk for r in selectors.next_in_line(event)] == [people[2].pk]
    # Too late to accept an offer past its deadline, even before the sweep.
    with pytest.raises(RegistrationError) as error:
        services.offer_accept(
            offer=following,
            by=people[3].user,
            now=following.expires_at + datetime.timedelta(minutes=1),
        )
    assert error.value.code == "offer_expired"


def test_the_database_refuses_two_open_offers_for_one_seat(
    queue, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    offer = Offer.objects.get(event=event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(
            event=event,
            registration=people[3],
            seat=offer.seat,
            offered_at=offer.offered_at,
            expires_at=offer.expires_at,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(
            event=event,
            registration=people[2],
            seat=offer.seat + 1,
            offered_at=offer.offered_at,
            expires_at=offer.expires_at,
        )


def test_withdrawing_an_offered_person_offers_the_seat_to_the_next(
    queue, organizer, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    _cancel(people[2], django_capture_on_commit_callbacks)  # cancels while offered

    assert Offer.objects.get(registration=people[2]).status == Offer.Status.WITHDRAWN
    [following] = Offer.objects.filter(event=event, status=Offer.Status.OPEN)
    assert following.registration == people[3]
    # The organizers confirm the offered person directly: the offer closes and
    # the seat is theirs, nobody else is offered one.
    services.registration_decide(
        event=event,
        registration_ids=[people[3].pk],
        status=Status.CONFIRMED,
        by=organizer,
    )
    assert not Offer.objects.filter(event=event, status=Offer.Status.OPEN).exists()
    assert selectors.seats_taken(event_id=event.pk) == 2


def test_first_come_offers_only_when_the_training_says_so(
    make_event, django_capture_on_commit_callbacks
):
    direct = make_event(capacity=1)
    offering = make_event(capacity=1, offers_in_first_come=True)
    for event in (direct, offering):
        first = services.registration_apply(event=event, user=UserFactory())
        waiting = services.registration_apply(event=event, user=UserFactory())
        _cancel(first, django_capture_on_commit_callbacks)
        waiting.refresh_from_db()
        if event is direct:
            assert waiting.status == Status.CONFIRMED
            assert not Offer.objects.filter(event=event).exists()
        else:
            assert waiting.status == Status.WAITLISTED
            assert Offer.objects.get(event=event).registration == waiting


def test_offer_email_in_the_persons_language_reads_well(
    queue, django_capture_on_commit_callbacks
):
    event, people = queue
    ParticipantProfile.objects.create(user=people[2].user, preferred_language="es")
    ParticipantProfile.objects.create(user=people[3].user, preferred_language="en")
    _cancel(people[0], django_capture_on_commit_callbacks)
    _cancel(people[1], django_capture_on_commit_callbacks)

    spanish = next(m for m in mail.outbox if m.to == [people[2].user.email])
    english = next(m for m in mail.outbox if m.to == [people[3].user.email])
    assert spanish.subject.startswith("Se le ofrece un cupo: ")
    assert "Acepte o rechace" in spanish.body and "antes del" not in spanish.subject
    # Usted throughout, never tú.
    assert not re.search(r"\b(tú|tu|tus|puedes|tienes|te)\b", spanish.body, re.I)
    assert english.subject.startswith("A seat is offered to you: ")
    assert "Accept it or decline it in My registrations before" in english.body
    assert "/registrations/" in english.body
    [(html, _mime)] = english.alternatives
    assert "Answer in My registrations" in html
    print(spanish.subject, spanish.body, sep="\n")  # read as the recipient would


def test_my_registrations_shows_the_offer_and_accepts_it(
    client, queue, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    person = people[2]
    client.force_login(person.user)

    page = client.get(reverse("registrations:list"))
    assert "A seat is offered to you" in page.text or "Se le ofrece" in page.text
    accept_url = reverse("registrations:offer_accept", args=[person.pk])
    assert accept_url in page.text

    # Someone else's offer is not theirs to answer.
    client.force_login(people[3].user)
    assert client.post(accept_url).status_code == 404
    client.force_login(person.user)
    response = client.post(accept_url)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == Status.CONFIRMED
    # Answered: the link no longer finds an open offer.
    assert client.post(accept_url).status_code == 404


def test_my_registrations_decline(client, queue, django_capture_on_commit_callbacks):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    client.force_login(people[2].user)
    response = client.post(reverse("registrations:offer_decline", args=[people[2].pk]))
    assert response.status_code == 302
    people[2].refresh_from_db()
    assert people[2].status == Status.CANCELLED
    assert (
        Offer.objects.get(event=event, status=Offer.Status.OPEN).registration
        == (people[3])
    )


def test_worker_start_expires_offers_due_while_no_worker_ran(
    queue, django_capture_on_commit_callbacks
):
    event, people = queue
    _cancel(people[0], django_capture_on_commit_callbacks)
    Offer.objects.filter(event=event).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    worker_started.send(sender=None)
    assert Offer.objects.get(registration=people[2]).status == Offer.Status.EXPIRED
