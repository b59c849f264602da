"""What registrations hold on a person: the account's data download and the
anonymisation that account deletion asks for (agencies.personal_data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from core.translated_rows import read_translations
from events.selectors import event_has_started
from registrations.models import (
    Certificate,
    Evaluation,
    Registration,
    RegistrationAnswer,
)
from registrations.services.apply import registration_cancel

Status = Registration.Status


def registration_export_user(user) -> list[dict[str, Any]]:
    """What the registrations hold on the person, for the account's data download."""
    registrations = list(
        Registration.objects.filter(user=user)
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=RegistrationAnswer.objects.select_related("question"),
            )
        )
    )
    read_translations(
        [answer.question for r in registrations for answer in r.answers.all()]
    )
    return [
        {
            "training": registration.event.title,
            "status": registration.status,
            "applied_at": registration.applied_at.isoformat(),
            "full_name": registration.full_name,
            "organization": registration.organization,
            "position": registration.position,
            "answers": {
                str(answer.question.label_shown): answer.value
                for answer in registration.answers.all()
            },
        }
        for registration in registrations
    ]


OPEN_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)


def registration_anonymise_user(user) -> None:
    """Drop what registrations say about the person; statuses and counts stay.

    Called by account deletion before the account is emptied. Open registrations
    of trainings still to come are cancelled first through registration_cancel,
    so a freed seat goes to the waiting list exactly as when the person cancels.
    Answers are deleted, not blanked: an empty answer would read as another
    answer (an empty yes/no is not "no"). What stays of past trainings is the
    status (attendance counts), with no name, address or comment.
    """
    upcoming = (
        Registration.objects.filter(user=user, status__in=OPEN_STATUSES)
        .select_related("event")
        .order_by("pk")
    )
    for registration in upcoming:
        if not event_has_started(registration.event):
            registration_cancel(registration=registration, by=user)
    registrations = Registration.objects.filter(user=user)
    RegistrationAnswer.objects.filter(registration__in=registrations).delete()
    Evaluation.objects.filter(registration__in=registrations).update(comments="")
    Certificate.objects.filter(registration__in=registrations).update(holder_name="")
    registrations.update(
        full_name="", email="", organization="", position="", decision_message=""
    )
