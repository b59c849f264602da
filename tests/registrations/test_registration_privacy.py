"""Private trainings: every registration path honours the page's view restrictions
(login, groups, a password unlocked in the session), as Wagtail's page does."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from registrations.models import Attendance, Registration
from tests.events.factories import EventIndexPageFactory

from .conftest import add_question, build_event

pytestmark = pytest.mark.django_db
Status = Registration.Status
TITLE = "Taller reservado de fiscales"
QUESTION = "¿Cuántos casos ha llevado?"
ONLINE = "https://meet.example.org/fiscales-privado"
PASSWORD = "clave-del-taller"


@pytest.fixture
def site_calendar(site_tree):
    return EventIndexPageFactory(parent=site_tree.homes["es"], slug="capacitaciones")


@pytest.fixture
def insiders(db):
    return Group.objects.create(name="Fiscalía")


def restrict(page, kind: str, groups=()) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password=PASSWORD if kind == PageViewRestriction.PASSWORD else "",
    )
    restriction.groups.set(groups)
    return restriction


@pytest.fixture
def private_training(site_calendar, organizer_agency):
    event = build_event(site_calendar, organizer_agency, title=TITLE, online_url=ONLINE)
    add_question(event, label=QUESTION)
    return event


def unlock(client, restriction, page):
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
    )
    response = client.post(url, {"password": PASSWORD, "return_url": "/"})
    assert response.status_code == 302


def apply_url(event):
    return reverse("registrations:apply", args=[event.pk])


def answer(event):
    question = event.registration_questions.get()
    return {f"question_{question.pk}": "Doce"}


def test_group_restricted_training_is_not_found_outside_the_group(
    client, participant, private_training, insiders
):
    restrict(private_training, PageViewRestriction.GROUPS, groups=[insiders])
    client.force_login(participant)
    response = client.get(apply_url(private_training))
    assert response.status_code == 404
    assert TITLE not in response.content.decode()
    assert QUESTION not in response.content.decode()
    response = client.post(apply_url(private_training), answer(private_training))
    assert response.status_code == 404
    assert not Registration.objects.exists()

    participant.groups.add(insiders)
    response = client.get(apply_url(private_training))
    assert response.status_code == 200
    assert QUESTION in response.content.decode()
    client.post(apply_url(private_training), answer(private_training))
    assert Registration.objects.get(user=participant).status == Status.CONFIRMED


def test_password_restricted_training_asks_for_the_password_first(
    client, participant, private_training
):
    restriction = restrict(private_training, PageViewRestriction.PASSWORD)
    client.force_login(participant)
    response = client.get(apply_url(private_training))
    html = response.content.decode()
    assert 'name="password"' in html
    assert QUESTION not in html and TITLE not in html
    # The form brings the person back to the application once unlocked.
    assert f'value="{apply_url(private_training)}"' in html
    client.post(apply_url(private_training), answer(private_training))
    assert not Registration.objects.exists()

    unlock(client, restriction, private_training)
    response = client.get(apply_url(private_training))
    assert response.status_code == 200
    assert QUESTION in response.content.decode()
    client.post(apply_url(private_training), answer(private_training))
    assert Registration.objects.get(user=participant).status == Status.CONFIRMED


def test_login_restricted_training_is_open_to_signed_in_people(
    client, participant, private_training
):
    restrict(private_training, PageViewRestriction.LOGIN)
    assert client.get(apply_url(private_training)).status_code == 302
    client.force_login(participant)
    response = client.get(apply_url(private_training))
    assert response.status_code == 200
    assert QUESTION in response.content.decode()


def test_organizers_pass_the_restriction_of_their_training(
    client, organizer, private_training, insiders
):
    restrict(private_training, PageViewRestriction.GROUPS, groups=[insiders])
    client.force_login(organizer)
    assert client.get(apply_url(private_training)).status_code == 200


@pytest.fixture
def seated(private_training, participant):
    """A confirmed seat taken before the training became private."""
    from registrations import services

    return services.registration_apply(
        event=private_training,
        user=participant,
        answers={private_training.registration_questions.get().pk: "Doce"},
    )


def test_my_registrations_hides_a_group_restricted_training(
    client, participant, private_training, seated, insiders
):
    restrict(private_training, PageViewRestriction.GROUPS, groups=[insiders])
    client.force_login(participant)
    html = client.get(reverse("registrations:list")).content.decode()
    assert ONLINE not in html and TITLE not in html
    assert reverse("registrations:cancel", args=[seated.pk]) not in html
    response = client.post(reverse("registrations:cancel", args=[seated.pk]))
    assert response.status_code == 404
    seated.refresh_from_db()
    assert seated.status == Status.CONFIRMED

    participant.groups.add(insiders)
    html = client.get(reverse("registrations:list")).content.decode()
    assert ONLINE in html and TITLE in html


def test_my_registrations_shows_the_online_link_once_the_password_is_entered(
    client, participant, private_training, seated
):
    restriction = restrict(private_training, PageViewRestriction.PASSWORD)
    client.force_login(participant)
    html = client.get(reverse("registrations:list")).content.decode()
    assert ONLINE not in html and TITLE not in html
    assert private_training.url in html
    response = client.post(reverse("registrations:cancel", args=[seated.pk]))
    assert 'name="password"' in response.content.decode()
    seated.refresh_from_db()
    assert seated.status == Status.CONFIRMED

    unlock(client, restriction, private_training)
    assert ONLINE in client.get(reverse("registrations:list")).content.decode()
    client.post(reverse("registrations:cancel", args=[seated.pk]))
    seated.refresh_from_db()
    assert seated.status == Status.CANCELLED


@pytest.fixture
def attended(site_calendar, organizer_agency, participant):
    """An attendee of a training that has ended."""
    event = build_event(
        site_calendar,
        organizer_agency,
        title=TITLE,
        start=timezone.now() - datetime.timedelta(days=3),
    )
    registration = Registration.objects.create(
        event=event,
        user=participant,
        status=Status.ATTENDED,
        full_name="Ana Pérez",
        applied_at=timezone.now() - datetime.timedelta(days=10),
    )
    Attendance.objects.create(registration=registration, session=event.sessions.get())
    return registration


@pytest.mark.parametrize("kind", [PageViewRestriction.GROUPS, "password"])
def test_certificate_and_evaluation_honour_the_restriction(
    client, participant, attended, insiders, kind
):
    restriction = restrict(attended.event, kind, groups=[insiders])
    client.force_login(participant)
    certificate = reverse("registrations:certificate", args=[attended.pk])
    evaluation = reverse("registrations:evaluate", args=[attended.pk])
    for url in (certificate, evaluation):
        response = client.get(url)
        assert response.get("Content-Type") != "application/pdf"
        assert TITLE not in response.content.decode()
        if kind == PageViewRestriction.GROUPS:
            assert response.status_code == 404
    response = client.post(evaluation, {"rating": "4", "comments": "Bien"})
    assert not hasattr(Registration.objects.get(pk=attended.pk), "evaluation")

    if kind == PageViewRestriction.GROUPS:
        participant.groups.add(insiders)
    else:
        unlock(client, restriction, attended.event)
    assert client.get(certificate)["Content-Type"] == "application/pdf"
    assert TITLE in client.get(evaluation).content.decode()


def test_announcements_to_registrants_skip_a_training_they_may_not_read(
    client, participant, private_training, seated, insiders, organizer_agency
):
    from announcements.services import announcement_publish

    announcement_publish(
        audience="event",
        title="Cambio de sala del taller reservado",
        agency=organizer_agency,
        event=private_training,
    )
    restrict(private_training, PageViewRestriction.GROUPS, groups=[insiders])
    client.force_login(participant)
    url = reverse("announcements:list")
    assert "Cambio de sala" not in client.get(url).content.decode()
    participant.groups.add(insiders)
    assert "Cambio de sala" in client.get(url).content.decode()


@pytest.mark.parametrize("kind", ["login", "groups", "password"])
def test_feeds_and_search_leave_restricted_trainings_out(
    client, site_calendar, private_training, organizer_agency, insiders, kind
):
    from search import services as search_services

    public = build_event(site_calendar, organizer_agency, title="Taller abierto")
    restrict(private_training, kind, groups=[insiders])
    search_services.rebuild_index()
    feed = client.get(site_calendar.url + "feed.ics").content.decode()
    assert "Taller abierto" in feed and TITLE not in feed
    results = client.get("/api/search/", {"q": "taller", "lang": "es"}).json()
    urls = {hit["url"] for hit in results["results"]}
    assert public.url in urls and private_training.url not in urls
