"""Nominations: a focal point names people of their agency (a form of rows or a
CSV file, all or nothing); each nominee confirms by completing the application."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.registration_settings import RegistrationMode
from registrations import services
from registrations.models import Decision, Nomination, Registration
from tests.factories import AgencyFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def staff_agency(db):
    return AgencyFactory(slug="dgme", name_es="Dirección de Migración")


@pytest.fixture
def focal_point(staff_agency):
    return make_member(staff_agency, role="focal_point", username="focal")


@pytest.fixture
def training(make_event):
    return make_event(
        mode=RegistrationMode.APPLICATION, capacity=5, endorsement_required=True
    )


def _rows(*people):
    data = {
        "nominees-TOTAL_FORMS": "5",
        "nominees-INITIAL_FORMS": "0",
        "nominees-MIN_NUM_FORMS": "0",
        "nominees-MAX_NUM_FORMS": "50",
    }
    for index, (name, email, position) in enumerate(people):
        data[f"nominees-{index}-full_name"] = name
        data[f"nominees-{index}-email"] = email
        data[f"nominees-{index}-position"] = position
    return data


def test_focal_point_nominates_three_people_who_each_get_an_email(
    client, training, staff_agency, focal_point, django_capture_on_commit_callbacks
):
    client.force_login(focal_point)
    url = reverse("registrations:nominate", args=[training.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "agency": staff_agency.pk,
                "rows": "",
                **_rows(
                    ("Ana Pérez", "ana@example.org", "Inspectora"),
                    ("Luis Gómez", "LUIS@example.org", "Analista"),
                    ("Marta Ruiz", "marta@example.org", ""),
                ),
            },
        )
    assert response.status_code == 302
    nominations = Nomination.objects.order_by("pk")
    assert [n.email for n in nominations] == [
        "ana@example.org",
        "luis@example.org",
        "marta@example.org",
    ]
    assert all(
        n.agency == staff_agency and n.nominated_by == focal_point for n in nominations
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "luis@example.org",
        "marta@example.org",
    ]
    assert "/nominations/" in mail.outbox[0].body


def test_csv_errors_are_all_listed_and_nothing_is_imported(
    client, training, staff_agency, focal_point
):
    services.registration_apply(
        event=training.__class__.objects.get(pk=training.pk),
        user=UserFactory(email="taken@example.org"),
        agency=staff_agency,
        endorser_email="jefa@example.org",
    )
    content = (
        "nombre;correo;cargo\n"
        "Ana Pérez;ana@example.org;Inspectora\n"
        ";nadie@example.org;\n"
        "Luis;not-an-email;\n"
        "Marta;ana@example.org;\n"
        "Toma;taken@example.org;\n"
        "solo una columna\n"
    ).encode()
    client.force_login(focal_point)
    response = client.post(
        reverse("registrations:nominate", args=[training.pk]),
        {
            "agency": staff_agency.pk,
            "upload": "",
            "file": SimpleUploadedFile("people.csv", content, "text/csv"),
        },
    )
    assert response.status_code == 400
    assert [row for row, _problem in response.context["row_errors"]] == [3, 4, 5, 6, 7]
    assert not Nomination.objects.exists()


def test_only_focal_points_nominate_and_only_for_their_agency(
    client, training, staff_agency, focal_point
):
    other = AgencyFactory(slug="oim")
    member = make_member(staff_agency, role="member")
    url = reverse("registrations:nominate", args=[training.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(focal_point)
    response = client.post(
        url, {"agency": other.pk, "rows": "", **_rows(("Ana", "ana@example.org", ""))}
    )
    assert response.status_code == 400
    with pytest.raises(services.RegistrationError) as refused:
        services.nominations_create(
            event=training,
            agency=other,
            nominees=[services.Nominee(row=1, full_name="Ana", email="a@example.org")],
            by=focal_point,
        )
    assert refused.value.code == "forbidden"
    assert not Nomination.objects.exists()


def test_nominee_confirms_and_the_application_goes_to_the_organizers(
    client, training, staff_agency, focal_point, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.nominations_create(
            event=training,
            agency=staff_agency,
            nominees=[
                services.Nominee(
                    row=1,
                    full_name="Ana Pérez",
                    email="ana@example.org",
                    position="Jefa",
                )
            ],
            by=focal_point,
        )
    link = re.search(r"/\w\w/registrations/nominations/[^/\s]+/", mail.outbox[0].body)
    link = link.group(0)
    # Signed out: allauth's sign-in (with its sign-up) first.
    assert "/accounts/login/" in client.get(link)["Location"]
    stranger = UserFactory(email="other@example.org")
    client.force_login(stranger)
    response = client.post(link, {})
    assert response.status_code == 400
    assert not Registration.objects.exists()
    nominee = UserFactory(email="ana@example.org")
    EmailAddress.objects.filter(user=nominee).update(verified=True)
    client.force_login(nominee)
    assert client.get(link).status_code == 200
    response = client.post(link, {})
    assert response.status_code == 302
    registration = Registration.objects.get(user=nominee)
    assert registration.status == Status.PENDING  # no endorsement asked
    assert registration.agency == staff_agency
    assert registration.position == "Jefa"
    assert not registration.endorsements.exists()
    decision = registration.decisions.get()
    assert (decision.action, decision.actor) == (Decision.Action.NOMINATE, focal_point)
    assert client.get(link).status_code == 410
