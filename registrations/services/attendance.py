"""Attendance at sessions, and the attendees' evaluation of the training."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.selectors import event_has_ended
from registrations import selectors
from registrations.models import Attendance, Evaluation, Registration
from registrations.services.apply import local_time
from registrations.services.decide import require_organizer
from registrations.services.errors import RegistrationError
from registrations.services.seats import lock_training

Status = Registration.Status


@transaction.atomic
def registration_record_attendance(*, session, present_ids: Iterable[int], by) -> int:
    """Check in the listed registrations for the session; the rest are absent.

    Refused for a session that has not started. A seated registration present at
    any session becomes "attended"; one no longer present anywhere goes back to
    "confirmed"; nobody is notified. Returns how many are present.
    """
    require_organizer(session.page, by)
    event = lock_training(session.page)
    present_ids = {int(pk) for pk in present_ids}
    sheet = {
        registration.pk for registration in selectors.attendance_sheet(session=session)
    }
    if present_ids - sheet:
        raise RegistrationError(
            _("Only confirmed participants of this session can be checked in."),
            code="invalid",
        )
    # The stored start, not the caller's copy: an editor may have just moved it.
    start = type(session).objects.filter(pk=session.pk).values_list("start", flat=True)
    start = start.first()
    if start is not None and start > timezone.now():
        raise RegistrationError(
            _("This session has not started yet; check-in opens at %(time)s.")
            % {"time": local_time(start)},
            code="not_started",
        )
    for registration_id in sheet:
        Attendance.objects.update_or_create(
            registration_id=registration_id,
            session=session,
            defaults={"present": registration_id in present_ids, "recorded_by": by},
        )
    attended = set(
        Attendance.objects.filter(registration__event=event, present=True).values_list(
            "registration_id", flat=True
        )
    )
    seated = Registration.objects.filter(event=event, status__in=Registration.SEATED)
    now_attended = list(
        seated.filter(pk__in=attended, status=Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    no_longer = list(
        seated.filter(status=Status.ATTENDED)
        .exclude(pk__in=attended)
        .values_list("pk", flat=True)
    )
    Registration.objects.filter(pk__in=now_attended).update(status=Status.ATTENDED)
    Registration.objects.filter(pk__in=no_longer).update(status=Status.CONFIRMED)
    # Nobody is e-mailed per tick: a check-in sheet is saved many times while
    # people arrive, and each untick would read as news. Attendees find their
    # certificate in "My registrations" once the training ends.
    return len(present_ids)


def require_own_attended(registration: Registration, by) -> None:
    if by is None or registration.user_id != by.pk:
        raise RegistrationError(_("This is not your registration."), code="forbidden")
    if registration.status != Status.ATTENDED:
        raise RegistrationError(
            _("Only attendees can do this once their attendance is recorded."),
            code="not_attended",
        )
    if not event_has_ended(registration.event):
        raise RegistrationError(
            _("Come back once the training has ended."), code="not_ended"
        )


@transaction.atomic
def registration_evaluate(
    *, registration: Registration, by, rating: int, comments: str = ""
) -> Evaluation:
    """An attendee rates the training after it ends (again to change it)."""
    require_own_attended(registration, by)
    if not 1 <= int(rating) <= 5:
        raise RegistrationError(
            _("Choose a rating from 1 to 5."), code="invalid", field="rating"
        )
    evaluation, _created = Evaluation.objects.update_or_create(
        registration=registration,
        defaults={"rating": int(rating), "comments": comments.strip()},
    )
    return evaluation
