"""Cancelling asks first on its own page and says what is lost; the participant
can undo it while the seat is still free."""

import pytest
from django.urls import reverse

from events.registration_settings import RegistrationMode
from registrations import services
from registrations.models import Registration
from registrations.selectors import waitlist_position
from registrations.services import RegistrationError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_cancelling_asks_first_and_says_the_seat_goes_to_the_waiting_list(
    client, make_event, participant
):
    event = make_event(capacity=1)
    mine = services.registration_apply(event=event, user=participant)
    waiting = services.registration_apply(event=event, user=UserFactory())
    assert (mine.status, waiting.status) == (Status.CONFIRMED, Status.WAITLISTED)
    client.force_login(participant)
    cancel_url = reverse("registrations:cancel", args=[mine.pk])

    # "My registrations" links to the question; it does not cancel by itself.
    listing = client.get(reverse("registrations:list")).content.decode()
    assert f'href="{cancel_url}"' in listing
    page = client.get(cancel_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Su cupo confirmado pasa de inmediato a la primera persona de la lista de "
        "espera." in html
    )
    assert f'<form method="post" action="{cancel_url}"' in html
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED

    client.post(cancel_url)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    # The seat went to the waiting list: undo says why it cannot give it back.
    undo = client.post(
        reverse("registrations:undo_cancel", args=[mine.pk]), follow=True
    )
    assert "Su cupo ya no está libre" in _messages(undo)
    mine.refresh_from_db()
    assert mine.status == Status.CANCELLED


def test_in_application_mode_the_page_says_the_place_is_lost(
    client, make_event, participant
):
    event = make_event(mode=RegistrationMode.APPLICATION)
    mine = services.registration_apply(event=event, user=participant)
    Registration.objects.filter(pk=mine.pk).update(status=Status.CONFIRMED)
    client.force_login(participant)
    html = client.get(reverse("registrations:cancel", args=[mine.pk])).content.decode()
    assert "Pierde su plaza" in html


def test_undo_restores_the_confirmed_seat_while_it_is_free(
    client, make_event, participant
):
    event = make_event(capacity=2)
    mine = services.registration_apply(event=event, user=participant)
    client.force_login(participant)
    response = client.post(reverse("registrations:cancel", args=[mine.pk]), follow=True)
    undo_url = reverse("registrations:undo_cancel", args=[mine.pk])
    assert f'action="{undo_url}"' in response.content.decode()
    response = client.post(undo_url, follow=True)
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED
    assert mine.status_before_cancel == ""
    assert "Confirmada" in _messages(response)
    # Nothing left to undo.
    with pytest.raises(RegistrationError):
        services.registration_undo_cancel(registration=mine, by=participant)


def test_undo_gives_back_the_place_on_the_waiting_list_with_its_position(
    make_event, participant
):
    event = make_event(capacity=1)
    services.registration_apply(event=event, user=UserFactory())
    mine = services.registration_apply(event=event, user=participant)
    later = services.registration_apply(event=event, user=UserFactory())
    services.registration_cancel(registration=mine, by=participant)
    restored = services.registration_undo_cancel(registration=mine, by=participant)
    assert restored.status == Status.WAITLISTED
    assert waitlist_position(restored) == 1
    assert waitlist_position(later) == 2


def test_undo_after_the_seat_was_taken_keeps_the_cancellation(make_event, participant):
    event = make_event(capacity=1, waitlist_enabled=False)
    mine = services.registration_apply(event=event, user=participant)
    services.registration_cancel(registration=mine, by=participant)
    services.registration_apply(event=event, user=UserFactory())  # takes the seat
    with pytest.raises(RegistrationError) as refused:
        services.registration_undo_cancel(registration=mine, by=participant)
    assert refused.value.code == "full"
    mine.refresh_from_db()
    assert mine.status == Status.CANCELLED
    # Someone else cannot undo it either.
    with pytest.raises(RegistrationError):
        services.registration_undo_cancel(registration=mine, by=UserFactory())
