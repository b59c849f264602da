"""Registrations to trainings: questions and criteria of a training, applications,
scores, panel review, attendance, certificates and evaluations.

The settings (mode, seats, dates) stay on the training page
(events.registration_settings). These models moved here from the events app with
their tables: each keeps its `events_…` table, constraint and index names, so the
move needed no schema change (see migrations/0001_initial.py). The training page
row is the lock every seat-changing service takes (registrations.services.seats).

The package holds one module per subject; import the models from here.
"""

from .applications import Registration, RegistrationAnswer, SelectionScore
from .attendance import (
    Attendance,
    Certificate,
    CertificateSigner,
    Evaluation,
    certificate_code_normalise,
)
from .decisions import Decision
from .endorsement import Endorsement, Nomination, OrganizerDigest
from .facilitators import Facilitator
from .offers import Offer
from .questions import RegistrationQuestion, SelectionCriterion
from .quotas import AgencyQuota
from .review import ApplicantReview, Reviewer, ReviewPanel

__all__ = [
    "AgencyQuota",
    "ApplicantReview",
    "Offer",
    "Attendance",
    "Certificate",
    "CertificateSigner",
    "Decision",
    "Endorsement",
    "Evaluation",
    "Facilitator",
    "Nomination",
    "OrganizerDigest",
    "Registration",
    "RegistrationAnswer",
    "RegistrationQuestion",
    "ReviewPanel",
    "Reviewer",
    "SelectionCriterion",
    "SelectionScore",
    "certificate_code_normalise",
]
