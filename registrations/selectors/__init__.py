"""Reads of the registrations app, one module per subject; the public names are
gathered here so callers write `selectors.seats_taken(...)`."""

from registrations.selectors.access import (
    RegistrationBox,
    confirmed_event_ids,
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
from registrations.selectors.history import ApplicantFlags, applicant_flags
from registrations.selectors.offers import (
    due_offers,
    next_in_line,
    offered_seat_numbers,
    open_offer_of,
    open_offer_session_holders,
    open_offers_count,
)
from registrations.selectors.quotas import (
    QuotaBook,
    QuotaUsage,
    quota_book,
    quota_remaining,
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
    "ApplicantFlags",
    "QuotaBook",
    "QuotaUsage",
    "applicant_flags",
    "due_offers",
    "next_in_line",
    "offered_seat_numbers",
    "open_offer_of",
    "open_offer_session_holders",
    "open_offers_count",
    "quota_book",
    "quota_remaining",
    "ApplicantFilters",
    "AttendanceRecord",
    "EvaluationSummary",
    "RegistrationBox",
    "RegistrationCounts",
    "SeatCount",
    "applicant_agencies",
    "applicants",
    "attendance_record",
    "attendance_sheet",
    "certificate_by_code",
    "confirmed_event_ids",
    "evaluation_summary",
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
