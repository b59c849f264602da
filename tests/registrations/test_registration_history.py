"""Checks across editions: applicants already trained in an earlier edition,
declined before in the series, or missing a prerequisite training."""

import pytest
from django.urls import reverse

from events.registration_settings import RegistrationMode
from registrations import selectors, services
from registrations.models import Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _registration(event, user, status):
    registration = services.registration_apply(event=event, user=user)
    Registration.objects.filter(pk=registration.pk).update(status=status)
    return registration


@pytest.fixture
def series(make_event):
    """A prerequisite course, a first edition and the edition now open."""
    basics = make_event(title="Fundamentos", capacity=None)
    first = make_event(title="Taller 2025", capacity=None)
    current = make_event(
        title="Taller 2026",
        capacity=None,
        mode=RegistrationMode.APPLICATION,
        series_key=first.series_key,
    )
    current.prerequisites.set([basics])
    current.save()
    return basics, first, current


def test_flags_trained_declined_and_missing_prerequisites_in_two_queries(
    series, django_assert_num_queries
):
    basics, first, current = series
    trained, declined, ready, newcomer = (UserFactory() for _ in range(4))
    _registration(first, trained, Status.ATTENDED)
    _registration(first, declined, Status.DECLINED)
    for user in (trained, ready):
        _registration(basics, user, Status.ATTENDED)
    _registration(basics, newcomer, Status.DECLINED)  # declined elsewhere: no flag
    applicants = [
        services.registration_apply(event=current, user=user)
        for user in (trained, declined, ready, newcomer)
    ]
    # More applicants, same number of queries.
    for _ in range(5):
        services.registration_apply(event=current, user=UserFactory())
    listed = list(selectors.applicants(event=current))

    with django_assert_num_queries(2):
        flags = selectors.applicant_flags(event=current, registrations=listed)

    by_person = [flags[r.pk] for r in applicants]
    assert [f.trained_before for f in by_person] == [True, False, False, False]
    assert [f.declined_before for f in by_person] == [False, True, False, False]
    assert [f.missing_prerequisites for f in by_person] == [
        [],
        ["Fundamentos"],
        [],
        ["Fundamentos"],
    ]
    assert not by_person[2]


def test_applicant_list_shows_the_flags(client, series, organizer):
    basics, first, current = series
    trained = UserFactory()
    _registration(first, trained, Status.ATTENDED)
    services.registration_apply(event=current, user=trained)
    client.force_login(organizer)
    html = client.get(reverse("registrations_admin:list", args=[current.pk])).text
    assert "Ya se capacitó en una edición anterior" in html
    assert "Le falta la capacitación previa: Fundamentos" in html
