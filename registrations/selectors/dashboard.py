"""The admin dashboard of an agency member: its trainings that need attention."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from agencies import permissions
from events.models import EventPage
from registrations.models import Registration

Status = Registration.Status
# Trainings the panel lists at most.
DASHBOARD_ROWS = 10


@dataclass
class DashboardRow:
    event: EventPage
    pending: int
    awaiting_endorsement: int
    is_draft: bool
    next_deadline: object
    deadline_label: str
    can_manage: bool


def agency_dashboard(*, user) -> list[DashboardRow]:
    """Trainings of the user's agencies with pending applications, drafts or a
    deadline ahead (registration closing, then the start), soonest first."""
    agency_ids = permissions.member_agency_ids(user)
    if not agency_ids:
        return []
    now = timezone.now()
    events = (
        EventPage.objects.filter(EventPage.organized_by_q(agency_ids))
        .annotate(
            pending=Count(
                "registrations",
                filter=Q(registrations__status=Status.PENDING),
                distinct=True,
            ),
            awaiting=Count(
                "registrations",
                filter=Q(registrations__status=Status.AWAITING_ENDORSEMENT),
                distinct=True,
            ),
        )
        .filter(
            Q(pending__gt=0)
            | Q(awaiting__gt=0)
            | Q(live=False)
            | Q(has_unpublished_changes=True)
            | Q(registration_closes_at__gte=now)
            | Q(start__gte=now)
        )
        .select_related("locale")
        .order_by("start", "pk")[: DASHBOARD_ROWS * 3]
    )
    editable = permissions.editable_agency_ids(user)
    rows = []
    for event in events:
        deadline, label = _next_deadline(event, now)
        rows.append(
            DashboardRow(
                event=event,
                pending=event.pending,
                awaiting_endorsement=event.awaiting,
                is_draft=not event.live or event.has_unpublished_changes,
                next_deadline=deadline,
                deadline_label=label,
                can_manage=permissions.user_is_superuser(user)
                or bool(editable & event.organizing_agency_ids()),
            )
        )
    rows.sort(key=lambda row: (row.next_deadline is None, row.next_deadline or now))
    return rows[:DASHBOARD_ROWS]


def _next_deadline(event, now):
    if event.registration_closes_at and event.registration_closes_at >= now:
        return event.registration_closes_at, "closes"
    if event.start and event.start >= now:
        return event.start, "starts"
    return None, ""
