"""Permission matrix of panel review: a reviewer reaches only the grids of the
trainings assigned to them and none of the organizers' views or exports; blind
mode hides names, e-mails and organizations in everything a reviewer can reach."""

import pytest
from django.test import Client
from django.urls import reverse

from registrations import services
from tests.registrations.review_world import review_world

pytestmark = pytest.mark.django_db

SECRETS = ("Secreta", "secreta0@example.org", "Org secreta", "Organización OIM")


@pytest.fixture
def world(calendar):
    return review_world(calendar)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def organizer_urls(event) -> list[str]:
    return [
        reverse(f"registrations_admin:{name}", args=[event.pk])
        for name in (
            "list",
            "export_csv",
            "export_xlsx",
            "evaluations",
            "review_panel",
            "selection",
        )
    ]


@pytest.mark.parametrize(
    ("who", "grid", "other_grid", "organizer_views"),
    [
        ("reviewer", 200, 404, False),
        ("outsider", 404, 404, False),
        ("organizer", 200, 200, True),
    ],
)
def test_review_matrix(world, who, grid, other_grid, organizer_views):
    user = world["reviewers"][0] if who == "reviewer" else world[who]
    client = signed_in(user)
    event, second = world["event"], world["second"]
    assert (
        client.get(reverse("registrations:review_grid", args=[event.pk])).status_code
        == grid
    )
    assert (
        client.get(reverse("registrations:review_grid", args=[second.pk])).status_code
        == other_grid
    )
    cell = client.post(
        reverse("registrations:review_cell", args=[event.pk]),
        {
            "registration": world["registrations"][0].pk,
            "criterion": world["criteria"][0].pk,
            "value": "3",
        },
    )
    assert cell.status_code == grid
    for url in organizer_urls(event):
        response = client.get(url)
        if organizer_views:
            assert response.status_code == 200, url
        else:
            # The admin turns people without admin access away (login redirect).
            assert response.status_code in (302, 403), url
            assert b"Secreta" not in response.content, url
    listing = client.get(reverse("registrations:review_list")).content.decode()
    assert (world["event"].title in listing) == (who == "reviewer")
    assert world["second"].title not in listing


def test_a_reviewer_cannot_confirm_a_selection_or_change_the_panel(world):
    client = signed_in(world["reviewers"][0])
    event = world["event"]
    response = client.post(
        reverse("registrations_admin:selection", args=[event.pk]),
        {"selected": [world["registrations"][0].pk]},
    )
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("registrations_admin:review_panel", args=[event.pk]),
        {"reviewers": [], "aggregate": "mean", "tie_break": "earlier"},
    )
    assert response.status_code in (302, 403)
    assert event.reviewers.count() == 3
    assert not event.registrations.exclude(status="pending").exists()


def test_blind_mode_hides_identities_in_everything_a_reviewer_reaches(world):
    event, reviewer = world["event"], world["reviewers"][0]
    services.review_panel_update(
        event=event,
        by=world["organizer"],
        blind=True,
        aggregate="mean",
        tie_break="earlier",
    )
    client = signed_in(reviewer)
    registration = world["registrations"][0]
    reached = [
        client.get(reverse("registrations:review_grid", args=[event.pk])),
        client.get(reverse("registrations:review_list")),
        client.post(
            reverse("registrations:review_grid", args=[event.pk]),
            {"rows": [registration.pk], f"score-{registration.pk}-0": "x"},
        ),
        client.post(
            reverse("registrations:review_cell", args=[event.pk]),
            {"registration": registration.pk, "note": "Bien"},
        ),
        client.post(
            reverse("registrations:review_cell", args=[event.pk]),
            {"registration": registration.pk, "criterion": "0", "value": "2"},
        ),
    ]
    # Every organizers' view and export stays closed to a reviewer.
    reached += [client.get(url) for url in organizer_urls(event)]
    for response in reached:
        body = response.content.decode("utf-8", "replace")
        for secret in SECRETS:
            assert secret not in body, (response.request["PATH_INFO"], secret)
