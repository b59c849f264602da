"""Choices shared by trainings and sessions, and the bounds of a session."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# A session is one sitting of a training; anything longer is a data-entry mistake
# (a multi-day training is several sessions, one per day).
SESSION_MAX_DURATION = datetime.timedelta(days=7)
SESSION_YEARS = (2000, 2100)


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Audience(models.TextChoices):
    PUBLIC_SERVANTS = "public_servants", _("Public servants")
    BORDER_AND_MIGRATION = "border_migration", _("Border and migration officers")
    LAW_ENFORCEMENT = "law_enforcement", _("Police and prosecutors")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organizations")
    TRAINERS = "trainers", _("Trainers and instructors")
    GENERAL_PUBLIC = "general_public", _("General public")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
