"""Checks across editions: what the applicants of a training did in the other
editions of its series and in the trainings named as its prerequisites."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from registrations.models import Registration

Status = Registration.Status


@dataclass
class ApplicantFlags:
    """What organizers should know about one applicant before deciding."""

    trained_before: bool = False
    declined_before: bool = False
    missing_prerequisites: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return (
            self.trained_before
            or self.declined_before
            or bool(self.missing_prerequisites)
        )


def applicant_flags(*, event, registrations) -> dict[int, ApplicantFlags]:
    """Registration id → flags, in two queries whatever the number of applicants.

    Trained before: attended another edition of the training's series (their
    certificates come from attendance). Declined before: declined by the
    organizers of another edition. Missing a prerequisite: never attended any
    edition of a training the organizers named as a prerequisite.
    """
    registrations = list(registrations)
    if not registrations:
        return {}
    prerequisites = list(event.prerequisites.values_list("series_key", "title"))
    series = {event.series_key} | {key for key, _title in prerequisites}
    history = (
        Registration.objects.filter(
            user_id__in={r.user_id for r in registrations},
            event__series_key__in=series,
            status__in=(Status.ATTENDED, Status.DECLINED),
        )
        .exclude(event_id=event.pk)
        .values_list("user_id", "event__series_key", "status")
    )
    attended: dict[int, set] = defaultdict(set)
    declined: set[int] = set()
    for user_id, series_key, status in history:
        if status == Status.ATTENDED:
            attended[user_id].add(series_key)
        elif series_key == event.series_key:
            declined.add(user_id)
    return {
        registration.pk: ApplicantFlags(
            trained_before=event.series_key in attended[registration.user_id],
            declined_before=registration.user_id in declined,
            missing_prerequisites=[
                title
                for key, title in prerequisites
                if key not in attended[registration.user_id] and key != event.series_key
            ],
        )
        for registration in registrations
    }
