"""Organizers' admin views: the permission matrix, decisions, exports, attendance."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.organizers import co_organizers_record_consent
from events.registration_settings import RegistrationMode
from registrations import services
from registrations.models import Registration
from tests.factories import AgencyFactory, UserFactory, make_member

from .conftest import add_question, start_sessions

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def application_event(make_event):
    return make_event(mode=RegistrationMode.APPLICATION, capacity=2)


def list_url(event):
    return reverse("registrations_admin:list", args=[event.pk])


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead_editor", True),
        ("co_organizer_editor", True),
        ("lead_member", False),
        ("other_agency_editor", False),
        ("superuser", True),
        ("participant", False),
    ],
)
def test_permission_matrix(client, application_event, organizer_agency, who, allowed):
    """Only the organizing agencies' editors see applicants' personal data; the
    admin turns a refusal into a redirect (to the dashboard or the sign-in)."""
    co_agency = AgencyFactory(slug="oim")
    application_event.co_organizers.add(co_agency)
    application_event.save_revision().publish()
    # The co-organizer has accepted (it gains rights only then).
    co_organizers_record_consent(event=application_event, agency_ids=[co_agency.pk])
    services.registration_apply(
        event=application_event, user=UserFactory(email="ana@example.org")
    )
    users = {
        "lead_editor": lambda: make_member(organizer_agency, role="editor"),
        "co_organizer_editor": lambda: make_member(co_agency, role="editor"),
        "lead_member": lambda: make_member(organizer_agency, role="member"),
        "other_agency_editor": lambda: make_member(
            AgencyFactory(slug="x"), role="editor"
        ),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "participant": lambda: UserFactory(),
    }
    client.force_login(users[who]())
    session = application_event.sessions.get()
    registration = Registration.objects.get()
    personal = [
        list_url(application_event),
        reverse(
            "registrations_admin:detail", args=[application_event.pk, registration.pk]
        ),
        reverse("registrations_admin:export_csv", args=[application_event.pk]),
        reverse("registrations_admin:export_xlsx", args=[application_event.pk]),
    ]
    urls = [
        *personal,
        reverse("registrations_admin:evaluations", args=[application_event.pk]),
        reverse(
            "registrations_admin:attendance", args=[application_event.pk, session.pk]
        ),
    ]
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
            if url in personal and not url.endswith(".xlsx"):
                assert b"ana@example.org" in response.content, url
        else:
            assert response.status_code in (302, 403), url
            assert b"ana@example.org" not in response.content


def test_bulk_approve_beyond_capacity_refused(client, application_event, organizer):
    applicants = [
        services.registration_apply(event=application_event, user=UserFactory())
        for _ in range(3)
    ]
    client.force_login(organizer)
    response = client.post(
        list_url(application_event),
        {"registrations": [r.pk for r in applicants], "status": Status.CONFIRMED},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(status=Status.CONFIRMED).exists()
    response = client.post(
        list_url(application_event),
        {
            "registrations": [r.pk for r in applicants[:2]],
            "status": Status.CONFIRMED,
            "message": "Bienvenidos",
        },
    )
    assert response.status_code == 302
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 2


def test_list_sorted_by_weighted_score_and_filtered(
    client, application_event, organizer
):
    from registrations.models import SelectionCriterion

    evaluation = SelectionCriterion.objects.create(
        page=application_event,
        name="Evaluación de desempeño",
        weight=3,
    )
    teaching = SelectionCriterion.objects.create(
        page=application_event,
        name="Experiencia docente",
        weight=1,
    )
    low = services.registration_apply(event=application_event, user=UserFactory())
    high = services.registration_apply(event=application_event, user=UserFactory())
    client.force_login(organizer)
    detail = reverse("registrations_admin:detail", args=[application_event.pk, high.pk])
    assert client.get(detail).status_code == 200
    response = client.post(
        detail, {f"criterion_{evaluation.pk}": "5", f"criterion_{teaching.pk}": "2"}
    )
    assert response.status_code == 302
    services.registration_score(
        registration=low, scores={evaluation.pk: 1, teaching.pk: 5}, by=organizer
    )
    response = client.get(list_url(application_event), {"sort": "score"})
    ordered = [r.pk for r in response.context["registrations"]]
    assert ordered == [high.pk, low.pk]
    assert response.context["registrations"][0].total_score == 17
    response = client.get(list_url(application_event), {"status": "declined"})
    assert list(response.context["registrations"]) == []


def test_exports(client, application_event, organizer):
    question = add_question(application_event)
    services.registration_apply(
        event=application_event,
        user=UserFactory(),
        answers={question.pk: '=HYPERLINK("x")'},
    )
    client.force_login(organizer)
    csv_response = client.get(
        reverse("registrations_admin:export_csv", args=[application_event.pk])
    )
    text = csv_response.content.decode("utf-8-sig")
    assert "¿Tiene experiencia docente?" in text
    assert "'=HYPERLINK" in text
    xlsx = client.get(
        reverse("registrations_admin:export_xlsx", args=[application_event.pk])
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 2


def test_attendance_by_list(client, make_event, organizer):
    event = make_event()
    registration = services.registration_apply(event=event, user=UserFactory())
    session = event.sessions.get()
    url = reverse("registrations_admin:attendance", args=[event.pk, session.pk])
    client.force_login(organizer)
    start_sessions(event)
    assert registration.full_name in client.get(url).content.decode()
    assert client.post(url, {"present": [registration.pk]}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED


def test_registrations_button_only_for_organizers(application_event, organizer):
    from registrations.wagtail_hooks import registration_page_header_button

    outsider = make_member(AgencyFactory(slug="y"), role="editor")
    assert list(registration_page_header_button(application_event, organizer, "edit"))
    assert not list(
        registration_page_header_button(application_event, outsider, "edit")
    )


def test_applicant_list_paginates_keeping_filters_and_sort(
    client, application_event, organizer, monkeypatch
):
    from registrations import admin_views as registration_admin

    monkeypatch.setattr(registration_admin, "PER_PAGE", 2)
    people = [
        services.registration_apply(
            event=application_event, user=UserFactory(first_name=f"P{n}")
        )
        for n in range(5)
    ]
    client.force_login(organizer)
    query = {"status": Status.PENDING, "sort": "applied"}
    first = client.get(list_url(application_event), query)
    html = first.content.decode()
    assert [r.pk for r in first.context["registrations"]] == [p.pk for p in people[:2]]
    assert "status=pending&amp;sort=applied&amp;page=2" in html
    assert "page=" not in first.context["query"]
    last = client.get(list_url(application_event), {**query, "page": "3"})
    assert [r.pk for r in last.context["registrations"]] == [people[4].pk]
    # A decision on a later page comes back to the same page and filters.
    response = client.post(
        f"{list_url(application_event)}?status=pending&sort=applied&page=3",
        {
            "registrations": [people[4].pk],
            "status": Status.DECLINED,
            "reason_code": "no_seats",
        },
    )
    assert response["Location"].endswith("?status=pending&sort=applied&page=3")


def test_ids_of_another_training_are_refused(client, make_event, organizer):
    """An organizer's URLs of one training never reach another's applicants.

    (A 404 under /admin/ goes through LocaleMiddleware's redirect to the prefixed
    path first, hence follow=True.)"""
    mine = make_event(mode=RegistrationMode.APPLICATION)
    other = make_event(title="Otro taller", mode=RegistrationMode.APPLICATION)
    stranger = services.registration_apply(event=other, user=UserFactory())
    client.force_login(organizer)
    detail = reverse("registrations_admin:detail", args=[mine.pk, stranger.pk])
    assert client.get(detail, follow=True).status_code == 404
    attendance = reverse(
        "registrations_admin:attendance", args=[mine.pk, other.sessions.get().pk]
    )
    assert client.get(attendance, follow=True).status_code == 404
    response = client.post(
        list_url(mine),
        {
            "registrations": [stranger.pk],
            "status": Status.DECLINED,
            "reason_code": "no_seats",
        },
    )
    assert response.status_code == 400
    stranger.refresh_from_db()
    assert stranger.status == Status.PENDING
