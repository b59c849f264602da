"""Panel review: scores per reviewer, the ranking (mean or median) with its
spread, conflicts of interest, blind grids, the grid's form and cells, and
confirming a selection up to capacity."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from agencies.models import ParticipantProfile
from registrations import selectors, services
from registrations.models import (
    AgencyQuota,
    ApplicantReview,
    Registration,
    ReviewPanel,
    SelectionScore,
)
from registrations.services import RegistrationError
from tests.registrations.review_world import review_world

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def world(calendar):
    return review_world(calendar)


def score(world, reviewer, registration, values):
    services.review_record(
        event=world["event"],
        registration_id=registration.pk,
        reviewer=reviewer,
        scores={c.pk: v for c, v in zip(world["criteria"], values, strict=True)},
    )


def test_each_reviewer_scores_on_their_own_and_the_ranking_combines_them(world):
    event, (r1, r2, r3) = world["event"], world["reviewers"]
    first, second = world["registrations"][:2]
    # Weights 3, 2, 1: totals 30, 10, 12 for the first applicant.
    score(world, r1, first, [5, 5, 5])
    score(world, r2, first, [2, 1, 2])
    score(world, r3, first, [2, 2, 2])
    score(world, r1, second, [3, 3, 3])
    assert SelectionScore.objects.filter(registration=first).count() == 9
    mean = selectors.score_summaries(event=event, method="mean")
    assert mean[first.pk].score == pytest.approx(52 / 3)
    assert mean[first.pk].spread == 20
    assert mean[first.pk].reviewer_count == 3
    assert mean[second.pk].spread is None
    median = selectors.score_summaries(event=event, method="median")
    assert median[first.pk].score == 12
    ranked = selectors.rank(list(Registration.objects.filter(event=event)), median)
    assert [r.pk for r in ranked[:2]] == [second.pk, first.pk]
    # The SQL sort of the applicant list (before it is ranked) is the mean.
    annotated = selectors.with_total_score(Registration.objects.filter(pk=first.pk))
    assert annotated.get().total_score == pytest.approx(52 / 3)


def test_organizers_earlier_scores_stay_one_voice(world):
    event, organizer = world["event"], world["organizer"]
    registration = world["registrations"][0]
    criteria = world["criteria"]
    services.registration_score(
        registration=registration,
        scores={criteria[0].pk: 4, criteria[1].pk: 1},
        by=organizer,
    )
    score(world, world["reviewers"][0], registration, [0, 0, 0])
    services.registration_score(
        registration=registration, scores={criteria[0].pk: 5}, by=organizer
    )
    summary = selectors.score_summaries(event=event)[registration.pk]
    assert summary.totals == {0: 17.0, world["reviewers"][0].pk: 0.0}
    assert summary.score == 8.5


def test_a_conflict_removes_the_reviewers_scores_and_refuses_new_ones(world):
    event, reviewer = world["event"], world["reviewers"][0]
    registration = world["registrations"][0]
    score(world, reviewer, registration, [5, 5, 5])
    score(world, world["reviewers"][1], registration, [1, 1, 1])
    services.review_record(
        event=event, registration_id=registration.pk, reviewer=reviewer, conflict=True
    )
    assert not SelectionScore.objects.filter(reviewer=reviewer).exists()
    summary = selectors.score_summaries(event=event)[registration.pk]
    assert summary.totals == {world["reviewers"][1].pk: 6.0}
    with pytest.raises(RegistrationError) as refused:
        score(world, reviewer, registration, [5, 5, 5])
    assert refused.value.code == "conflict"
    services.review_record(
        event=event, registration_id=registration.pk, reviewer=reviewer, conflict=False
    )
    score(world, reviewer, registration, [5, 5, 5])
    assert selectors.score_summaries(event=event)[registration.pk].reviewer_count == 2


def test_only_reviewers_and_organizers_score_within_bounds(world):
    registration = world["registrations"][0]
    with pytest.raises(RegistrationError) as refused:
        score(world, world["outsider"], registration, [1, 1, 1])
    assert refused.value.code == "forbidden"
    with pytest.raises(RegistrationError):
        score(world, world["reviewers"][0], registration, [6, 1, 1])
    other = world["second"]
    with pytest.raises(RegistrationError):
        services.review_record(
            event=other,
            registration_id=registration.pk,
            reviewer=world["organizer"],
            scores={},
        )


def test_reviewers_must_be_members_of_the_organizing_agencies(world):
    from tests.factories import UserFactory

    event, organizer = world["event"], world["organizer"]
    stranger = UserFactory(username="rv-stranger")
    with pytest.raises(RegistrationError):
        services.reviewers_set(event=event, user_ids=[stranger.pk], by=organizer)
    kept = services.reviewers_set(
        event=event, user_ids=[world["reviewers"][0].pk], by=organizer
    )
    assert [r.user for r in kept] == [world["reviewers"][0]]
    with pytest.raises(RegistrationError):
        services.reviewers_set(event=event, user_ids=[], by=world["reviewers"][0])


def test_blind_grid_hides_names_emails_and_organizations(world, client):
    event, reviewer = world["event"], world["reviewers"][0]
    services.review_panel_update(
        event=event,
        by=world["organizer"],
        blind=True,
        aggregate="median",
        tie_break="agency_balance",
    )
    rows = selectors.review_grid(event=event, reviewer=reviewer, blind=True)
    assert [row.label[-2:] for row in rows][:2] == [" 1", " 2"]
    assert not any("Secreta" in row.label for row in rows)
    assert {row.organization for row in rows} == {""}
    client.force_login(reviewer)
    response = client.get(reverse("registrations:review_grid", args=[event.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Respuesta 0" in html
    for secret in ("Secreta", "secreta0@example.org", "Org secreta", "OIM"):
        assert secret not in html, secret
    services.review_panel_update(
        event=event,
        by=world["organizer"],
        blind=False,
        aggregate="mean",
        tie_break="earlier",
    )
    html = client.get(
        reverse("registrations:review_grid", args=[event.pk])
    ).content.decode()
    assert "Secreta Nombre0" in html


def test_grid_saves_the_whole_form_without_javascript(world, client):
    event, reviewer = world["event"], world["reviewers"][0]
    first, second = world["registrations"][:2]
    c1, c2, c3 = world["criteria"]
    client.force_login(reviewer)
    url = reverse("registrations:review_grid", args=[event.pk])
    data = {
        "rows": [first.pk, second.pk],
        f"score-{first.pk}-{c1.pk}": "4",
        f"score-{first.pk}-{c2.pk}": "3",
        f"score-{first.pk}-{c3.pk}": "",
        f"note-{first.pk}": "Buena experiencia",
        f"score-{second.pk}-{c1.pk}": "9",
        f"conflict-{second.pk}": "",
    }
    response = client.post(url, data)
    # The second row is out of bounds: it is marked and keeps what was typed.
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="9"' in html
    assert "review-row--error" in html
    assert dict(
        SelectionScore.objects.filter(reviewer=reviewer).values_list(
            "criterion_id", "value"
        )
    ) == {c1.pk: 4, c2.pk: 3}
    assert ApplicantReview.objects.get(reviewer=reviewer).note == "Buena experiencia"
    data[f"score-{second.pk}-{c1.pk}"] = ""
    data[f"conflict-{second.pk}"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    assert ApplicantReview.objects.get(
        reviewer=reviewer, registration=second
    ).conflict_of_interest


def test_grid_cell_saves_one_score_and_answers_json(world, client):
    event, reviewer = world["event"], world["reviewers"][1]
    registration, criterion = world["registrations"][2], world["criteria"][0]
    client.force_login(reviewer)
    url = reverse("registrations:review_cell", args=[event.pk])
    response = client.post(
        url,
        {"registration": registration.pk, "criterion": criterion.pk, "value": "5"},
    )
    assert response.json() == {"saved": True}
    assert SelectionScore.objects.get(reviewer=reviewer).value == 5
    response = client.post(
        url,
        {"registration": registration.pk, "criterion": criterion.pk, "value": "x"},
    )
    assert response.status_code == 400
    response = client.post(url, {"registration": registration.pk, "note": "Bien"})
    assert response.status_code == 200
    assert ApplicantReview.objects.get(reviewer=reviewer).note == "Bien"


def test_applicant_list_shows_the_panels_score_and_spread(world, client):
    event, organizer = world["event"], world["organizer"]
    r1, r2 = world["reviewers"][:2]
    first, second = world["registrations"][:2]
    score(world, r1, first, [5, 5, 5])
    score(world, r2, first, [1, 1, 1])
    score(world, r1, second, [4, 4, 4])
    client.force_login(organizer)
    response = client.get(
        reverse("registrations_admin:list", args=[event.pk]), {"sort": "score"}
    )
    listed = list(response.context["registrations"])
    assert [r.pk for r in listed[:2]] == [second.pk, first.pk]
    assert listed[1].summary.spread == 24
    html = response.content.decode()
    assert "Dispersión" in html or "Spread" in html


def propose_page(client, event):
    return client.get(reverse("registrations_admin:selection", args=[event.pk]))


def test_select_up_to_capacity_flags_the_tie_and_confirms(world, client):
    event, organizer = world["event"], world["organizer"]
    people = world["registrations"]
    reviewer = world["reviewers"][0]
    for registration, values in zip(
        people,
        [[5, 5, 5], [4, 4, 4], [3, 3, 3], [3, 3, 3], [1, 1, 1], [0, 0, 0]],
        strict=True,
    ):
        score(world, reviewer, registration, values)
    client.force_login(organizer)
    response = propose_page(client, event)
    rows = response.context["rows"]
    assert [row["ticked"] for row in rows] == [True, True, True, False, False, False]
    assert [row["tied"] for row in rows] == [False, False, True, True, False, False]
    assert rows[2]["line_after"]
    assert "selection-tie" in response.content.decode()
    url = reverse("registrations_admin:selection", args=[event.pk])
    # Four ticks for three seats: refused, nothing changes, the ticks stay.
    ticks = [people[0].pk, people[1].pk, people[3].pk, people[4].pk]
    response = client.post(url, {"selected": ticks})
    assert response.status_code == 400
    assert [row["ticked"] for row in response.context["rows"]] == [
        True,
        True,
        False,
        True,
        True,
        False,
    ]
    assert not Registration.objects.exclude(status=Status.PENDING).exists()
    # The organizers prefer the fourth to the third (the tie): approved and the
    # rest waitlisted together.
    response = client.post(url, {"selected": ticks[:3]})
    assert response.status_code == 302
    statuses = dict(
        Registration.objects.filter(event=event).values_list("pk", "status")
    )
    assert [statuses[r.pk] for r in people] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]


def test_selection_uses_the_quotas_in_force(world, client):
    event, organizer = world["event"], world["organizer"]
    people = world["registrations"]
    for registration, value in zip(people, [5, 4, 3, 2, 1, 0], strict=True):
        score(world, world["reviewers"][0], registration, [value, value, value])
    # people[0], [2], [4] are the lead agency's; allow it one seat of three.
    AgencyQuota.objects.create(page=event, agency=world["lead"], seats=1)
    client.force_login(organizer)
    rows = propose_page(client, event).context["rows"]
    ticked = [row["registration"].pk for row in rows if row["ticked"]]
    assert ticked == [people[0].pk, people[1].pk, people[3].pk]
    assert {row["registration"].pk for row in rows if row["over_quota"]} == {
        people[2].pk
    }


def test_panel_settings_and_reviewers_are_saved_by_organizers(world, client):
    event, organizer = world["event"], world["organizer"]
    client.force_login(organizer)
    url = reverse("registrations_admin:review_panel", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "reviewers": [world["reviewers"][2].pk, world["outsider"].pk],
            "blind": "on",
            "aggregate": "median",
            "tie_break": "agency_balance",
        },
    )
    assert response.status_code == 302
    panel = ReviewPanel.objects.get(event=event)
    assert (panel.blind, panel.aggregate, panel.tie_break) == (
        True,
        "median",
        "agency_balance",
    )
    assert {r.user for r in selectors.reviewers(event=event)} == {
        world["reviewers"][2],
        world["outsider"],
    }


@pytest.mark.parametrize("auto_promote", [False, True])
def test_freed_seat_goes_to_the_best_by_the_trainings_median(
    world, auto_promote, django_capture_on_commit_callbacks
):
    """Offers and automatic promotion rank by the aggregate the training chose:
    by the mean the first waitlisted applicant leads, by the median the second."""
    event, (r1, r2, r3) = world["event"], world["reviewers"]
    organizer, people = world["organizer"], world["registrations"]
    seated, waiting = people[:3], people[3:5]
    services.review_panel_update(
        event=event, by=organizer, blind=False, aggregate="median", tie_break="earlier"
    )
    # Totals (weights 3, 2, 1): 30, 10, 12 (mean 17.3, median 12) against
    # 18, 18, 6 (mean 14, median 18).
    sheets = {
        waiting[0]: ([5, 5, 5], [2, 1, 2], [2, 2, 2]),
        waiting[1]: ([4, 2, 2], [4, 2, 2], [1, 1, 1]),
    }
    for registration, rows in sheets.items():
        for reviewer, values in zip((r1, r2, r3), rows, strict=True):
            score(world, reviewer, registration, values)
    services.registration_decide(
        event=event,
        registration_ids=[r.pk for r in seated],
        status=Status.CONFIRMED,
        by=organizer,
    )
    services.registration_decide(
        event=event,
        registration_ids=[r.pk for r in waiting],
        status=Status.WAITLISTED,
        by=organizer,
    )
    assert [r.pk for r in selectors.next_in_line(event)][:2] == [
        waiting[1].pk,
        waiting[0].pk,
    ]
    # The waiting list people read follows the same order, not the earlier
    # application.
    for registration in waiting:
        registration.refresh_from_db()
    assert selectors.waitlist_positions(waiting) == {
        waiting[1].pk: 1,
        waiting[0].pk: 2,
    }
    assert selectors.waitlist_position(waiting[0]) == 2
    type(event).objects.filter(pk=event.pk).update(auto_promote=auto_promote)
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seated[0], by=seated[0].user)

    for registration in waiting:
        registration.refresh_from_db()
    if auto_promote:
        assert [r.status for r in waiting] == [Status.WAITLISTED, Status.CONFIRMED]
    else:
        assert list(event.seat_offers.values_list("registration_id", flat=True)) == [
            waiting[1].pk
        ]


def test_new_reviewers_are_emailed_in_their_language_with_the_grid_and_deadline(
    world, client, django_capture_on_commit_callbacks
):
    event, organizer, outsider = world["event"], world["organizer"], world["outsider"]
    ParticipantProfile.objects.update_or_create(
        user=outsider, defaults={"preferred_language": "en"}
    )
    client.force_login(organizer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registrations_admin:review_panel", args=[event.pk]),
            {
                "reviewers": [r.pk for r in world["reviewers"]] + [outsider.pk],
                "aggregate": "mean",
                "tie_break": "earlier",
                "deadline": "2031-03-14",
            },
        )
    assert response.status_code == 302
    # Only the newly assigned reviewer is told; the three already on the panel not.
    [message] = mail.outbox
    assert message.to == [outsider.email]
    # The training has no English copy: its Spanish title, marked as such.
    assert message.subject == (
        f"You are asked to review applicants: {event.title} (Available only in Spanish)"
    )
    with translation.override("en"):
        grid = reverse("registrations:review_grid", args=[event.pk])
    assert grid.startswith("/en/") and grid in message.body
    deadline = datetime.date(2031, 3, 14)
    assert f"Please score them by {deadline:%B} 14, 2031." in message.body
    assert "6 applicants so far" in message.body
    # The grid says it too.
    client.force_login(outsider)
    with translation.override("en"):
        html = client.get(grid).content.decode()
    assert "Please score them by March 14, 2031." in html
