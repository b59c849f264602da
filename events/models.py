"""The shared training calendar: its index page, trainings, and their sessions."""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from agencies.models import AgencyIndexPageMixin, AgencyScopedPageMixin
from core.cache import (
    TIMEOUT,
    AnonymousPageCacheMixin,
    registrations_key,
    registrations_version,
    seconds_until,
)
from core.pagination import paginate
from events.forms import EventPageForm
from events.panels import source_page_only
from events.registration_settings import RegistrationSettingsMixin, registration_panels
from home.blocks import BodyBlock
from home.models import ContentLanguage

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


class EventIndexPage(
    AgencyIndexPageMixin, AnonymousPageCacheMixin, RoutablePageMixin, Page
):
    """The shared calendar: a list, a month grid, past trainings and ICS feeds."""

    cache_query_parameters = (
        "view",
        "month",
        "when",
        "agency",
        "topic",
        "modality",
        "location",
        "language",
        "audience",
        "page",
    )

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("training calendar")
        verbose_name_plural = _("training calendars")

    def get_context(self, request, *args, **kwargs):
        from events import selectors

        context = super().get_context(request, *args, **kwargs)
        try:
            filters = selectors.EventFilters.from_query(request.GET)
        except ValueError as error:
            raise Http404(str(error)) from error
        context["filters"] = filters
        # Lazy: read only when the cached listing fragment has to be rendered.
        context["filter_options"] = SimpleLazyObject(
            lambda: selectors.filter_options(index=self)
        )
        if filters.view == "month":
            context["month"] = SimpleLazyObject(
                lambda: selectors.month_grid(index=self, filters=filters)
            )
        else:
            events = selectors.events_for_index(index=self, filters=filters)
            context["events"] = SimpleLazyObject(lambda: paginate(request, events))
        return context

    @path("feed.ics/", name="feed")
    def ics_feed(self, request):
        from events import ics, selectors

        try:
            filters = selectors.EventFilters.from_query(request.GET)
        except ValueError as error:
            raise Http404(str(error)) from error
        return ics.calendar_response(
            selectors.sessions_for_feed(index=self, filters=filters),
            cancelled=selectors.cancelled_sessions_for_feed(
                index=self, filters=filters
            ),
            request=request,
            name=self.title,
            filename="trainings.ics",
        )


class EventPage(
    AgencyScopedPageMixin,
    AnonymousPageCacheMixin,
    RegistrationSettingsMixin,
    RoutablePageMixin,
    Page,
):
    """A training organized by one lead agency and any co-organizing agencies."""

    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="led_events",
    )
    co_organizers = ParentalManyToManyField(
        "agencies.Agency",
        verbose_name=_("co-organizing agencies"),
        blank=True,
        related_name="co_organized_events",
    )
    topics = ParentalManyToManyField(
        "home.Topic", verbose_name=_("topics"), blank=True, related_name="events"
    )
    audience = models.CharField(
        _("target audience"),
        max_length=30,
        choices=Audience.choices,
        default=Audience.PUBLIC_SERVANTS,
    )
    modality = models.CharField(
        _("modality"),
        max_length=20,
        choices=Modality.choices,
        default=Modality.IN_PERSON,
    )
    language = models.CharField(
        _("language of the training"),
        max_length=5,
        choices=ContentLanguage.choices,
        default=ContentLanguage.SPANISH,
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(
        _("city or province"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Used by the location filter and by clash warnings."),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to approved participants and to the organizers."),
    )
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    status_reason = models.CharField(
        _("reason for the postponement or cancellation"), max_length=255, blank=True
    )
    # Editions of one training share this key; translations keep it too, since
    # Wagtail copies it along with the page.
    series_key = models.UUIDField(
        _("series"), default=uuid.uuid4, editable=False, db_index=True
    )
    # Derived from the sessions whenever the page is saved, so listings can sort
    # and filter on page columns without touching sessions.
    start = models.DateTimeField(_("start"), null=True, editable=False, db_index=True)
    end = models.DateTimeField(_("end"), null=True, editable=False, db_index=True)

    base_form_class = EventPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("lead_agency"),
                FieldPanel("co_organizers", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Organizers"),
        ),
        InlinePanel("sessions", label=_("Sessions"), min_num=1),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("status_reason")]),
            ],
            heading=_("Status"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("modality"),
                FieldPanel("language"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Who and how"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("city"),
                FieldPanel("online_url"),
            ],
            heading=_("Place"),
        ),
        FieldPanel("body"),
        FieldPanel("contact"),
        *source_page_only(registration_panels()),
        InlinePanel("materials", label=_("Materials")),
        InlinePanel("related_resources", label=_("Related resources")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.SearchField("city"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("status"),
        index.FilterField("modality"),
        index.FilterField("audience"),
        index.FilterField("language"),
        index.FilterField("lead_agency"),
    ]
    # wagtail-localize: a translation carries only the texts (title, slug, SEO
    # fields, summary, body, status reason). Organizers, sessions, place, status
    # and registration are one set per training, copied from the source page on
    # every sync and never overridden on a translation; the bilingual eligibility
    # and question pairs travel with them. Many-to-many fields are listed because
    # wagtail-localize leaves them out unless named.
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "lead_agency",
            "co_organizers",
            "topics",
            "audience",
            "modality",
            "language",
            "venue_name",
            "venue_address",
            "city",
            "online_url",
            "contact",
            "status",
            "sessions",
            "materials",
            "related_resources",
            "registration_mode",
            "capacity",
            "sessions_selectable",
            "waitlist_enabled",
            "auto_promote",
            "endorsement_required",
            "endorsement_reminder_days",
            "registration_opens_at",
            "registration_closes_at",
            "certificate_min_attendance",
            "eligibility_es",
            "eligibility_en",
            "allowed_agencies",
            "registration_questions",
            "selection_criteria",
        )
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    organizing_agency_lookups = ("lead_agency", "co_organizers")

    @classmethod
    def organized_by_q(cls, agency_ids) -> models.Q:
        """Trainings these agencies lead, or co-organize having accepted."""
        accepted = CoOrganizerInvitation.objects.filter(
            agency__in=agency_ids, status=CoOrganizerInvitation.Status.ACCEPTED
        ).values("translation_key")
        return models.Q(lead_agency__in=agency_ids) | models.Q(
            translation_key__in=accepted
        )

    def accepted_co_organizer_ids(self, named: list | None = None) -> set[int]:
        """The named co-organizers that accepted (an agency named without its
        consent gains no right and is not shown as an organizer). `named`: the
        co-organizers, when the caller has read them already."""
        if named is None:
            named = self.co_organizers.all()
        agencies = [agency for agency in named if agency.pk != self.lead_agency_id]
        if not agencies:
            return set()
        if all(hasattr(agency, ACCEPTED_CO_ORGANIZING) for agency in agencies):
            # Listings prefetch the answers (see co_organizers_prefetch).
            return {
                agency.pk
                for agency in agencies
                if any(
                    invitation.translation_key == self.translation_key
                    for invitation in getattr(agency, ACCEPTED_CO_ORGANIZING)
                )
            }
        named = {agency.pk for agency in agencies}
        return set(
            CoOrganizerInvitation.objects.filter(
                translation_key=self.translation_key,
                agency__in=named,
                status=CoOrganizerInvitation.Status.ACCEPTED,
            ).values_list("agency_id", flat=True)
        )

    def organizing_agency_ids(self) -> set[int]:
        ids = self.accepted_co_organizer_ids()
        if self.lead_agency_id:
            ids.add(self.lead_agency_id)
        return ids

    def organizers(self) -> list:
        """Lead agency first, then the co-organizers that accepted, no repeats."""
        read = getattr(self, "_organizers_read", None)
        if read is not None:
            return list(read)
        agencies = [self.lead_agency] if self.lead_agency_id else []
        named = list(self.co_organizers.all())
        accepted = self.accepted_co_organizer_ids(named)
        agencies += [agency for agency in named if agency.pk in accepted]
        return agencies

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_postponed(self) -> bool:
        return self.status == EventStatus.POSTPONED

    def save(self, *args, **kwargs):
        # Partial saves (revisions, publishing flags) leave sessions untouched.
        if kwargs.get("update_fields") is None:
            from events.services import event_derive_schedule

            event_derive_schedule(event=self)
        return super().save(*args, **kwargs)

    def cache_dependencies(self) -> dict[str, str | None]:
        # The registration box follows the training's registrations (both
        # languages share them, and the translation key).
        return {
            registrations_key(self.translation_key): registrations_version(
                self.translation_key
            )
        }

    def cache_timeout(self) -> int:
        # Registration opens, closes or the training starts: the box changes
        # with no write to tell the cache. The settings are the source-language
        # page's.
        from events import selectors

        settings_page = selectors.registration_event(event=self)
        return seconds_until(
            [
                settings_page.registration_opens_at,
                settings_page.registration_closes_at,
                self.start,
            ],
            limit=TIMEOUT,
        )

    def get_context(self, request, *args, **kwargs):
        from events import selectors, structured_data

        # The page and its structured data both list the organizers: read them
        # once for this rendering (the instance is the request's own).
        self._organizers_read = None
        self._organizers_read = self.organizers()
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = selectors.sessions_of(event=self)
        context["other_editions"] = selectors.other_editions(event=self)
        context["show_online_link"] = selectors.online_link_visible(
            event=self, user=request.user
        )
        context["json_ld"] = structured_data.event_json_ld(self, request=request)
        return context

    @path("calendar.ics/", name="ics")
    def ics(self, request):
        from events import ics, selectors

        return ics.calendar_response(
            selectors.sessions_of(event=self),
            cancelled=selectors.cancelled_sessions_for_feed(event=self),
            request=request,
            name=self.title,
            filename=f"{self.slug}.ics",
        )


ACCEPTED_CO_ORGANIZING = "accepted_co_organizing"


def co_organizers_prefetch(prefix: str = "") -> list:
    """What a listing prefetches so `organizers()` costs no query per training:
    the co-organizers and the trainings each of them accepted to co-organize."""
    return [
        f"{prefix}co_organizers",
        models.Prefetch(
            f"{prefix}co_organizers__co_organizer_invitations",
            queryset=CoOrganizerInvitation.objects.filter(
                status=CoOrganizerInvitation.Status.ACCEPTED
            ).only("pk", "agency_id", "translation_key"),
            to_attr=ACCEPTED_CO_ORGANIZING,
        ),
    ]


class CoOrganizerInvitation(models.Model):
    """An agency named co-organizer of a training, and its coordinators' answer.

    Keyed by the training's translation key, so one answer holds for every
    language of the training. Only the lead agency names or removes
    co-organizers (events.forms.EventPageForm); an agency gains rights over the
    training once its coordinators accept (events.organizers).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    page = models.ForeignKey(
        EventPage,
        verbose_name=_("training"),
        on_delete=models.CASCADE,
        related_name="co_organizer_invitations",
    )
    translation_key = models.UUIDField(_("training (all languages)"), db_index=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="co_organizer_invitations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("co-organizer invitation")
        verbose_name_plural = _("co-organizer invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "agency"],
                name="events_coorganizerinvitation_training_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.page.title} ({self.get_status_display()})"


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


class EventPageMaterial(Orderable):
    page = ParentalKey(EventPage, related_name="materials", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class EventPageRelatedResource(Orderable):
    page = ParentalKey(
        EventPage, related_name="related_resources", on_delete=models.CASCADE
    )
    resource = models.ForeignKey(
        "home.ResourcePage",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = _("related resource")
        verbose_name_plural = _("related resources")
