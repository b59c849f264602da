"""The sessions of a training, and the sessions taken off it (kept for feeds)."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.models import Orderable

from .choices import SESSION_MAX_DURATION, SESSION_YEARS
from .training import EventPage


class EventSession(Orderable):
    """One sitting of a training: its times, room and facilitators."""

    page = ParentalKey(EventPage, related_name="sessions", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    facilitators = models.CharField(_("facilitators"), max_length=400, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the session has no seat limit of its own."),
    )
    # Calendar clients match updates by UID and only apply them when SEQUENCE grows
    # (RFC 5545), so both live with the session and are never edited by hand.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, editable=False)
    sequence = models.PositiveIntegerField(
        _("calendar sequence"), default=0, editable=False
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("room"),
        FieldPanel("facilitators"),
        FieldPanel("capacity"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["start", "end"], name="events_session_span")]

    def __str__(self) -> str:
        return self.title or f"{self.page.title} · {self.start:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if not (self.start and self.end):
            return
        if self.end <= self.start:
            raise ValidationError(
                {"end": _("A session must end after it starts.")}, code="order"
            )
        if self.end - self.start > SESSION_MAX_DURATION:
            raise ValidationError(
                {
                    "end": _(
                        "A session lasts at most seven days; add one session per day "
                        "for longer trainings."
                    )
                },
                code="too_long",
            )
        first, last = SESSION_YEARS
        if not (first <= self.start.year <= last):
            raise ValidationError(
                {
                    "start": _("Choose a date between %(first)s and %(last)s.")
                    % {"first": first, "last": last}
                },
                code="out_of_range",
            )


class CancelledSession(models.Model):
    """A session taken off a training after it was saved, kept for calendar feeds.

    Subscribed calendars only drop an event they are told about: the feeds list
    it as STATUS:CANCELLED under the session's UID with a higher SEQUENCE
    (RFC 5545, 3.8.1.11 and 3.8.7.4) for a while (see events.selectors).
    """

    page = models.ForeignKey(
        EventPage,
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="cancelled_sessions",
    )
    uid = models.UUIDField(_("calendar UID"))
    sequence = models.PositiveIntegerField(_("calendar sequence"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    cancelled_at = models.DateTimeField(_("cancelled at"))

    class Meta:
        verbose_name = _("cancelled session")
        verbose_name_plural = _("cancelled sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "uid"], name="events_cancelledsession_page_uid"
            )
        ]
        indexes = [models.Index(fields=["end"], name="events_cancelled_end")]

    def __str__(self) -> str:
        return f"{self.title or self.page.title} · {self.start:%Y-%m-%d}"
