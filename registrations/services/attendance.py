"""Attendance at sessions, and the attendees' evaluation of the training."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

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


def _require_started(session) -> None:
    """Check-in opens when the session starts: a tick before that is a mistake."""
    # The stored start, not the caller's copy: an editor may have just moved it.
    start = type(session).objects.filter(pk=session.pk).values_list("start", flat=True)
    start = start.first()
    if start is not None and start > timezone.now():
        raise RegistrationError(
            _("This session has not started yet; check-in opens at %(time)s.")
            % {"time": local_time(start)},
            code="not_started",
        )


def _sync_statuses(event) -> None:
    """A seated registration present at any session becomes "attended"; one no
    longer present anywhere goes back to "confirmed". Nobody is e-mailed per
    tick: a check-in sheet is saved many times while people arrive, and each
    untick would read as news. Attendees find their certificate in "My
    registrations" once the training ends.

    Should be called while holding the training's lock."""
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


def _mark(*, session, registration_ids: set[int], present: bool, by, at=None) -> None:
    """Set the registrations present (first check-in time kept) or absent."""
    at = at or timezone.now()
    existing = {
        row.registration_id: row
        for row in Attendance.objects.filter(
            session=session, registration_id__in=registration_ids
        )
    }
    for registration_id in registration_ids:
        row = existing.get(registration_id)
        if row is None:
            Attendance.objects.create(
                registration_id=registration_id,
                session=session,
                present=present,
                recorded_by=by,
                checked_in_at=at if present else None,
            )
            continue
        row.present = present
        row.recorded_by = by
        if present and (row.checked_in_at is None or at < row.checked_in_at):
            row.checked_in_at = at
        row.save(
            update_fields=["present", "recorded_by", "checked_in_at", "recorded_at"]
        )


def _sheet_ids(session) -> set[int]:
    return {
        registration.pk for registration in selectors.attendance_sheet(session=session)
    }


@transaction.atomic
def registration_record_attendance(*, session, present_ids: Iterable[int], by) -> int:
    """Check in the listed registrations for the session; the rest are absent.

    Refused for a session that has not started; nobody is notified. Returns how
    many are present.
    """
    require_organizer(session.page, by)
    event = lock_training(session.page)
    present_ids = {int(pk) for pk in present_ids}
    sheet = _sheet_ids(session)
    if present_ids - sheet:
        raise RegistrationError(
            _("Only confirmed participants of this session can be checked in."),
            code="invalid",
        )
    _require_started(session)
    _mark(session=session, registration_ids=present_ids, present=True, by=by)
    _mark(session=session, registration_ids=sheet - present_ids, present=False, by=by)
    _sync_statuses(event)
    return len(present_ids)


@transaction.atomic
def attendance_mark_all_present(*, session, by) -> list[int]:
    """Everyone on the session's sheet present; returns those who were not, so
    that the organizer can undo exactly this (attendance_undo_mark_all)."""
    require_organizer(session.page, by)
    event = lock_training(session.page)
    _require_started(session)
    sheet = _sheet_ids(session)
    already = set(
        Attendance.objects.filter(
            session=session, present=True, registration_id__in=sheet
        ).values_list("registration_id", flat=True)
    )
    marked = sorted(sheet - already)
    _mark(session=session, registration_ids=set(marked), present=True, by=by)
    _sync_statuses(event)
    return marked


@transaction.atomic
def attendance_undo_mark_all(*, session, registration_ids: Iterable[int], by) -> int:
    """Absent again the registrations a "mark all present" had marked."""
    require_organizer(session.page, by)
    event = lock_training(session.page)
    ids = {int(pk) for pk in registration_ids} & _sheet_ids(session)
    _mark(session=session, registration_ids=ids, present=False, by=by)
    _sync_statuses(event)
    return len(ids)


@dataclass(frozen=True)
class CheckIn:
    """One check-in as a phone recorded it: by the QR token or by the
    registration picked from the list, at the phone's time."""

    token: str = ""
    registration_id: int | None = None
    at: datetime.datetime | None = None


@dataclass
class CheckInResult:
    recorded: list[int] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@transaction.atomic
def attendance_check_in(*, session, check_ins: Iterable[CheckIn], by) -> CheckInResult:
    """Record check-ins sent by the organizers' phones, offline ones included.

    Idempotent per registration and session: the same person sent by several
    phones, or twice by one, is one attendance, which keeps the earliest check-in
    time (a phone's time, never later than now). A token or registration not on
    the session's sheet is reported back as unknown, not recorded. Refused
    before the session starts; nobody is notified.
    """
    require_organizer(session.page, by)
    event = lock_training(session.page)
    _require_started(session)
    sheet = {
        registration.pk: registration
        for registration in selectors.attendance_sheet(session=session)
    }
    by_token = {r.checkin_token: pk for pk, r in sheet.items() if r.checkin_token}
    now = timezone.now()
    earliest: dict[int, datetime.datetime] = {}
    result = CheckInResult()
    for check_in in check_ins:
        pk = (
            by_token.get(check_in.token) if check_in.token else check_in.registration_id
        )
        if pk not in sheet:
            result.unknown.append(check_in.token or str(check_in.registration_id))
            continue
        at = min(check_in.at or now, now)
        if pk not in earliest or at < earliest[pk]:
            earliest[pk] = at
    for pk, at in earliest.items():
        _mark(session=session, registration_ids={pk}, present=True, by=by, at=at)
    _sync_statuses(event)
    result.recorded = sorted(earliest)
    return result


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
