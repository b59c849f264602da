"""Announcements and the log of their broadcasts, the cursor clients resume from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import TranslatedField


class Announcement(models.Model):
    """A short message from an agency (or the portal) to one audience.

    The body is plain text: it is escaped wherever it is shown (templates, the
    live client's textContent), so no markup from an editor ever reaches a page.
    """

    class Level(models.TextChoices):
        INFO = "info", _("Information")
        IMPORTANT = "important", _("Important")
        URGENT = "urgent", _("Urgent")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        AGENCY = "agency", _("Members of the publishing agency")
        EVENT = "event", _("Confirmed participants of one training")
        USER = "user", _("One person")

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=2000, blank=True)
    # `title` and `body` are the Spanish (source) texts; these their English ones.
    title_en = models.CharField(
        _("title in English"),
        max_length=200,
        blank=True,
        help_text=_("Readers of the English site see the Spanish title without it."),
    )
    body_en = models.TextField(_("text in English"), max_length=2000, blank=True)
    level = models.CharField(
        _("level"), max_length=12, choices=Level.choices, default=Level.INFO
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.PUBLIC
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("publishing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="announcements",
        help_text=_("Its members are the audience when the audience is its members."),
    )
    # The `event-<id>` group and this key share the training page's id.
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("training"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="personal_announcements",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="authored_announcements",
    )
    # Notices of one topic replace each other on a page: the portal's notices of
    # one person's status in one training ("registration-status-<event id>").
    topic = models.CharField(_("topic"), max_length=100, blank=True, editable=False)
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_("Leave the current time to publish now, or choose a later time."),
    )
    expires_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        help_text=_("After this time it no longer shows; empty keeps it."),
    )
    # Set, with the first broadcast, in the transaction that sends it: a due
    # announcement goes out exactly once however many schedulers run.
    broadcast_at = models.DateTimeField(
        _("broadcast at"), null=True, blank=True, editable=False
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        indexes = [
            models.Index(
                fields=["broadcast_at", "publish_at"],
                name="announcements_due_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="agency") | Q(agency__isnull=False),
                name="announcements_agency_audience_has_agency",
            ),
            models.CheckConstraint(
                condition=~Q(audience="event") | Q(event__isnull=False),
                name="announcements_event_audience_has_event",
            ),
            models.CheckConstraint(
                condition=~Q(audience="user") | Q(recipient__isnull=False),
                name="announcements_user_audience_has_recipient",
            ),
        ]

    # The texts in the reader's language, or the other one, saying so (`.fell_back`).
    translated_title = TranslatedField("title")
    translated_body = TranslatedField("body")

    def __str__(self) -> str:
        return self.title

    @property
    def title_es(self) -> str:
        return self.title

    @property
    def body_es(self) -> str:
        return self.body

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_automatic(self) -> bool:
        """Sent by the portal itself (a per-person or system notice), no editor."""
        return self.author_id is None


class Broadcast(models.Model):
    """One message sent about an announcement; its id is the clients' cursor.

    Every publication, edit and withdrawal adds a row in the transaction that
    makes the change, so a client that saw cursor N can ask for everything after
    N and miss none of them, scheduled ones included.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UPDATED = "updated", _("Updated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="broadcasts",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")

    def __str__(self) -> str:
        return f"{self.announcement} · {self.get_kind_display()}"
