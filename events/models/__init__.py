"""The shared training calendar: its index page, trainings, and their sessions.

The package holds one module per subject; import from here.
"""

from .calendar import EventIndexPage
from .choices import (
    SESSION_MAX_DURATION,
    SESSION_YEARS,
    Audience,
    EventStatus,
    Modality,
)
from .organizers import (
    ACCEPTED_CO_ORGANIZING,
    CoOrganizerInvitation,
    co_organizers_prefetch,
)
from .related import EventPageMaterial, EventPageRelatedResource
from .sessions import CancelledSession, EventSession
from .subscriptions import CalendarSubscription, ImportedTraining
from .training import EventPage

__all__ = [
    "ACCEPTED_CO_ORGANIZING",
    "Audience",
    "CalendarSubscription",
    "CancelledSession",
    "CoOrganizerInvitation",
    "EventIndexPage",
    "EventPage",
    "EventPageMaterial",
    "EventPageRelatedResource",
    "EventSession",
    "EventStatus",
    "ImportedTraining",
    "Modality",
    "SESSION_MAX_DURATION",
    "SESSION_YEARS",
    "co_organizers_prefetch",
]
