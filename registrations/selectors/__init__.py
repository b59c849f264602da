"""Reads of the registrations app, one module per subject; the public names are
gathered here so callers write `selectors.seats_taken(...)`."""

from registrations.selectors.access import (
    RegistrationBox,
    confirmed_event_ids,
    profile_agency,
    registration_box,
    registration_event,
    registration_is_open,
    training_view_refusal,
    training_visible,
    user_can_manage_registrations,
    user_holds_seat,
    user_registration,
)
from registrations.selectors.applicants import (
    ApplicantFilters,
    applicant_agencies,
    applicants,
    user_registrations,
    with_total_score,
)
from registrations.selectors.attendance import (
    AttendanceRecord,
    EvaluationSummary,
    attendance_record,
    attendance_sheet,
    certificate_by_code,
    evaluation_summary,
)
from registrations.selectors.dashboard import DashboardRow, agency_dashboard
from registrations.selectors.decisions import (
    agency_nominations,
    audit_trail,
    latest_reason,
)
from registrations.selectors.seats import (
    RegistrationCounts,
    SeatCount,
    registration_counts,
    seats_taken,
    session_seats_taken,
    waitlist_position,
)

__all__ = [
    "DashboardRow",
    "ApplicantFilters",
    "AttendanceRecord",
    "EvaluationSummary",
    "RegistrationBox",
    "RegistrationCounts",
    "SeatCount",
    "agency_dashboard",
    "agency_nominations",
    "applicant_agencies",
    "applicants",
    "attendance_record",
    "attendance_sheet",
    "audit_trail",
    "certificate_by_code",
    "confirmed_event_ids",
    "evaluation_summary",
    "latest_reason",
    "profile_agency",
    "registration_box",
    "registration_counts",
    "registration_event",
    "registration_is_open",
    "seats_taken",
    "session_seats_taken",
    "training_view_refusal",
    "training_visible",
    "user_can_manage_registrations",
    "user_holds_seat",
    "user_registration",
    "user_registrations",
    "waitlist_position",
    "with_total_score",
]
