"""A training under panel review, built once per worker (tests/snapshots.py):
two organizing agencies' people, three reviewers, three weighted criteria and
applicants from two agencies who applied a minute apart."""

import datetime

from django.utils import timezone

from events.registration_settings import RegistrationMode
from registrations.models import Registration, Reviewer, SelectionCriterion
from tests import snapshots
from tests.factories import AgencyFactory, UserFactory, make_member
from tests.registrations.conftest import add_question, build_event


def build_review_world(calendar, *, applicants: int = 6, capacity: int = 3) -> dict:
    lead = AgencyFactory(slug="rv-snm", name_es="Servicio Nacional", name_en="SNM")
    other = AgencyFactory(slug="rv-oim", name_es="Organización OIM", name_en="OIM")
    event = build_event(
        calendar,
        lead,
        title="Taller con panel",
        mode=RegistrationMode.APPLICATION,
        capacity=capacity,
    )
    second = build_event(
        calendar, lead, title="Otro taller", mode=RegistrationMode.APPLICATION
    )
    question = add_question(event, label_es="Experiencia", label_en="Experience")
    criteria = [
        SelectionCriterion.objects.create(
            page=event, name_es=name, name_en=name, weight=weight, max_score=5
        )
        for name, weight in (("Desempeño", 3), ("Docencia", 2), ("Motivación", 1))
    ]
    organizer = make_member(lead, role="editor", username="rv-organizer")
    reviewers = [
        make_member(lead, role="member", username=f"rv-reviewer{n}") for n in (1, 2, 3)
    ]
    for user in reviewers:
        Reviewer.objects.create(event=event, user=user, assigned_by=organizer)
    start = timezone.now() - datetime.timedelta(days=1)
    people = []
    for n in range(applicants):
        user = UserFactory(username=f"rv-applicant{n}", first_name="Persona")
        registration = Registration.objects.create(
            event=event,
            user=user,
            status=Registration.Status.PENDING,
            full_name=f"Secreta Nombre{n}",
            email=f"secreta{n}@example.org",
            agency=lead if n % 2 == 0 else other,
            organization="Org secreta",
            applied_at=start + datetime.timedelta(minutes=n),
        )
        registration.answers.create(question=question, value=f"Respuesta {n}")
        people.append(registration)
    return {
        "event": event,
        "second": second,
        "lead": lead,
        "other": other,
        "criteria": criteria,
        "organizer": organizer,
        "reviewers": reviewers,
        "registrations": people,
        "outsider": make_member(lead, role="member", username="rv-outsider"),
    }


def review_world(calendar) -> dict:
    return snapshots.replay("review-world", lambda: build_review_world(calendar))
