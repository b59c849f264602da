"""Writes of the registrations app, one module per verb: apply (and cancel),
decide (and score), decisions (the audit trail), endorse, nominate, digest,
review (panel scores), select (confirm a selection), offers (of freed seats),
promote, attendance (and evaluation), certificates, notify, seats, personal
data. The public functions are gathered here so callers write
`services.registration_apply(...)`.

Every function validates, writes in one transaction and tells people only after
commit (registrations.services.notify, the single place that reaches a
participant). Business refusals raise RegistrationError, whose message the admin
or the form shows to the person.
"""

from registrations.services.apply import (
    clean_answers,
    registration_apply,
    registration_cancel,
)
from registrations.services.attendance import (
    CheckIn,
    CheckInResult,
    attendance_check_in,
    attendance_mark_all_present,
    attendance_undo_mark_all,
    registration_evaluate,
    registration_record_attendance,
)
from registrations.services.certificates import (
    certificate_code_normalise,
    certificate_resend,
    certificates_issue_bulk,
    registration_certificate_issue,
)
from registrations.services.checkin_codes import (
    checkin_tokens_ensure,
    registration_checkin_token,
)
from registrations.services.decide import registration_decide, registration_score
from registrations.services.decisions import record_decision
from registrations.services.digest import send_due_digests
from registrations.services.endorse import (
    endorsement_decide,
    endorsement_for_token,
    send_due_endorsement_reminders,
)
from registrations.services.errors import RegistrationError
from registrations.services.nominate import (
    NominationRowsError,
    Nominee,
    nomination_for_token,
    nominations_create,
    nominees_from_csv,
)
from registrations.services.notify import (
    notify_organizers_seat_freed,
    notify_registration_status,
)
from registrations.services.offers import (
    expire_due_offers,
    offer_accept,
    offer_decline,
    offer_expire,
    offer_freed_seats,
)
from registrations.services.personal_data import (
    registration_anonymise_user,
    registration_export_user,
)
from registrations.services.promote import (
    release_due_quota_seats,
    release_quota_seats,
    schedule_quota_releases,
)
from registrations.services.review import (
    review_panel_update,
    review_record,
    reviewer_candidates,
    reviewers_set,
)
from registrations.services.select import selection_confirm
from registrations.services.undo import registration_undo_cancel

__all__ = [
    "CheckIn",
    "certificate_resend",
    "certificates_issue_bulk",
    "CheckInResult",
    "attendance_check_in",
    "attendance_mark_all_present",
    "attendance_undo_mark_all",
    "checkin_tokens_ensure",
    "registration_checkin_token",
    "expire_due_offers",
    "offer_accept",
    "offer_decline",
    "offer_expire",
    "offer_freed_seats",
    "NominationRowsError",
    "Nominee",
    "RegistrationError",
    "certificate_code_normalise",
    "clean_answers",
    "endorsement_decide",
    "endorsement_for_token",
    "nomination_for_token",
    "nominations_create",
    "nominees_from_csv",
    "notify_organizers_seat_freed",
    "notify_registration_status",
    "record_decision",
    "registration_anonymise_user",
    "registration_apply",
    "registration_cancel",
    "registration_certificate_issue",
    "registration_decide",
    "registration_evaluate",
    "registration_export_user",
    "registration_record_attendance",
    "registration_score",
    "registration_undo_cancel",
    "release_due_quota_seats",
    "release_quota_seats",
    "schedule_quota_releases",
    "send_due_digests",
    "send_due_endorsement_reminders",
    "review_panel_update",
    "review_record",
    "reviewer_candidates",
    "reviewers_set",
    "selection_confirm",
]
