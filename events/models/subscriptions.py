"""Partner calendars in: an agency's subscription of the shared calendar to an
outside ICS feed, and the trainings each feed's events became."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarSubscription(models.Model):
    """An outside ICS feed whose events become trainings of `agency`, refreshed
    by the task worker (events.calendar_import)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="calendar_subscriptions",
    )
    url = models.URLField(_("feed address"), max_length=500)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # When the scheduled refresh is due; a queued refresh carrying another
    # moment is a stale duplicate and does nothing (events.calendar_import).
    next_refresh_at = models.DateTimeField(_("next refresh"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.url


class ImportedTraining(models.Model):
    """One event of a subscribed feed and the training it became: its UID and
    SEQUENCE, and the revision the import wrote (a newer one means the training
    was edited in the portal, and the import leaves it alone)."""

    subscription = models.ForeignKey(
        CalendarSubscription,
        on_delete=models.CASCADE,
        related_name="imported_trainings",
    )
    uid = models.CharField(_("calendar UID"), max_length=255)
    sequence = models.IntegerField(_("calendar sequence"), default=0)
    page = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        related_name="imported_from",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "uid"], name="unique_imported_uid"
            )
        ]

    def __str__(self):
        return self.uid
