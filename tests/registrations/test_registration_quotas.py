"""Seats per agency: reserved and capped until their release date, pools of a
kind of agency, the shape the selection reads, and where people see them."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agencies.models import Agency, ParticipantProfile
from core.signals import worker_started
from events.registration_settings import RegistrationMode
from registrations import selectors, services
from registrations.models import AgencyQuota, Registration
from registrations.services import RegistrationError
from tests.core.workers import DATABASE_TASKS
from tests.factories import AgencyFactory, UserFactory
from tests.registrations.test_notification_tasks import _run_worker_until_idle

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def agencies(db):
    return {
        "snm": AgencyFactory(slug="q-snm", name_es="SNM", name_en="SNM"),
        "oim": AgencyFactory(
            slug="q-oim", name_es="OIM", name_en="IOM", kind="international"
        ),
        "ngo": AgencyFactory(
            slug="q-ngo", name_es="ONG", name_en="NGO", kind="civil_society"
        ),
        "other": AgencyFactory(slug="q-other", name_es="Otra", name_en="Other"),
    }


def person(agency=None):
    user = UserFactory()
    ParticipantProfile.objects.create(user=user, agency=agency, full_name="Ana")
    return user


@pytest.fixture
def quota_event(make_event, agencies):
    """6 seats, first come: SNM 2, civil society 2, so 2 general seats."""
    event = make_event(capacity=6)
    AgencyQuota.objects.create(page=event, agency=agencies["snm"], seats=2)
    AgencyQuota.objects.create(
        page=event, agency_kind=Agency.Kind.CIVIL_SOCIETY, seats=2
    )
    return event


def apply(event, agency=None):
    return services.registration_apply(event=event, user=person(agency))


def test_a_quota_caps_its_agency_and_reserves_its_seats(quota_event, agencies):
    snm = [apply(quota_event, agencies["snm"]).status for _ in range(3)]
    assert snm == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    # Outside the quotas only two seats: the civil-society pool stays reserved.
    others = [apply(quota_event, agencies["other"]).status for _ in range(3)]
    assert others == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    assert apply(quota_event).status == Status.WAITLISTED  # no agency: general
    assert apply(quota_event, agencies["ngo"]).status == Status.CONFIRMED
    assert selectors.quota_remaining(quota_event) == {agencies["snm"].pk: 0}
    book = selectors.quota_book(event=quota_event)
    assert book.remaining == {agencies["snm"].pk: 0, "kind:civil_society": 1}
    assert book.general_free == 0


def test_released_quota_goes_to_the_general_pool(make_event, agencies):
    event = make_event(capacity=3)
    AgencyQuota.objects.create(
        page=event,
        agency=agencies["snm"],
        seats=2,
        released_at=timezone.now() - datetime.timedelta(hours=1),
    )
    statuses = [apply(event, agencies["other"]).status for _ in range(3)]
    assert statuses == [Status.CONFIRMED] * 3
    assert selectors.quota_remaining(event) == {}


def test_organizers_cannot_approve_beyond_a_quota(make_event, agencies, organizer):
    event = make_event(mode=RegistrationMode.APPLICATION, capacity=10)
    AgencyQuota.objects.create(page=event, agency=agencies["oim"], seats=1)
    applicants = [apply(event, agencies["oim"]) for _ in range(2)]
    with pytest.raises(RegistrationError) as error:
        services.registration_decide(
            event=event,
            registration_ids=[r.pk for r in applicants],
            status=Status.CONFIRMED,
            by=organizer,
        )
    assert error.value.code == "full"
    assert "IOM" in error.value.message or "OIM" in error.value.message


def test_a_freed_seat_goes_to_the_next_person_who_fits_the_quotas(
    quota_event, agencies, django_capture_on_commit_callbacks
):
    snm = [apply(quota_event, agencies["snm"]) for _ in range(2)]
    [apply(quota_event, agencies["other"]) for _ in range(2)]
    waiting_snm = apply(quota_event, agencies["snm"])
    waiting_other = apply(quota_event, agencies["other"])
    assert waiting_snm.status == waiting_other.status == Status.WAITLISTED
    # An SNM seat frees: the earlier waiting "other" does not fit it.
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=snm[0], by=snm[0].user)
    waiting_snm.refresh_from_db()
    waiting_other.refresh_from_db()
    assert waiting_snm.status == Status.CONFIRMED
    assert waiting_other.status == Status.WAITLISTED


def test_public_page_and_applicant_list_show_seats_per_agency(
    client, quota_event, agencies, organizer
):
    apply(quota_event, agencies["snm"])
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = Template("{% load registration_tags %}{% registration_box page %}").render(
        Context({"page": quota_event, "request": request})
    )
    assert "Cupos por institución" in html
    assert "SNM: 2 cupos, 1 libre" in html
    assert "Organización de la sociedad civil: 2 cupos, 2 libres" in html
    client.force_login(organizer)
    admin = client.get(reverse("registrations_admin:list", args=[quota_event.pk]))
    assert admin.status_code == 200
    assert "Cupos por institución" in admin.text


@pytest.fixture
def reserved_seats(make_event, agencies, organizer):
    """Application mode, 4 seats: SNM holds 2 until tomorrow and nobody of SNM
    applied; two others confirmed, three others waiting."""
    event = make_event(mode=RegistrationMode.APPLICATION, capacity=4, offer_hours=24)
    event.agency_quotas.add(
        AgencyQuota(
            agency=agencies["snm"],
            seats=2,
            released_at=timezone.now() + datetime.timedelta(days=1),
        )
    )
    event.save_revision().publish()
    people = [apply(event, agencies["other"]) for _ in range(5)]
    for chosen, status in (
        (people[:2], Status.CONFIRMED),
        (people[2:], Status.WAITLISTED),
    ):
        services.registration_decide(
            event=event,
            registration_ids=[r.pk for r in chosen],
            status=status,
            by=organizer,
        )
    return event, people


def _offered(event) -> list[int]:
    return sorted(
        event.seat_offers.filter(status="open").values_list(
            "registration_id", flat=True
        )
    )


def test_quota_release_date_offers_its_seats_when_the_worker_reaches_it(
    reserved_seats, settings
):
    """Publishing queues a task at the release date (run_after); when the worker
    runs it, the released seats are offered to the next people in line."""
    event, people = reserved_seats
    assert services.release_quota_seats(event) == []  # not released yet
    settings.TASKS = DATABASE_TASKS
    event.save_revision().publish()
    [task] = DBTaskResult.objects.filter(
        args_kwargs__args__0="registrations.services.promote.release_quota_seats_when_due"
    )
    quota = AgencyQuota.objects.get(page=event)
    assert task.run_after == quota.released_at
    _run_worker_until_idle()  # not due: the worker leaves it
    assert _offered(event) == []

    # The release moment passes (moved in the data, not waited for).
    past = timezone.now() - datetime.timedelta(minutes=1)
    AgencyQuota.objects.filter(pk=quota.pk).update(released_at=past)
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=past)
    _run_worker_until_idle()
    assert _offered(event) == [people[2].pk, people[3].pk]
    assert services.release_quota_seats(event) == []  # a second run gives nothing


def test_worker_start_offers_seats_of_quotas_released_while_none_ran(
    reserved_seats, django_capture_on_commit_callbacks
):
    event, people = reserved_seats
    AgencyQuota.objects.filter(page=event).update(
        released_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        worker_started.send(sender=None)
    assert _offered(event) == [people[2].pk, people[3].pk]
