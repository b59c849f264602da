"""A training: its texts, organizers, audience and registration settings."""

import functools
import uuid

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from agencies.models import AgencyScopedPageMixin
from core.cache import (
    TIMEOUT,
    AnonymousPageCacheMixin,
    registrations_key,
    registrations_version,
    seconds_until,
)
from events.forms import EventPageForm
from events.panels import source_page_only
from events.registration_settings import RegistrationSettingsMixin, registration_panels
from home.blocks import BodyBlock
from home.models import ContentLanguage

from .choices import Audience, EventStatus, Modality
from .organizers import ACCEPTED_CO_ORGANIZING, CoOrganizerInvitation


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
    # The edition this one replicates (same series, source-language page); set on
    # the source page only and copied to its translations.
    parent_edition = models.ForeignKey(
        "self",
        verbose_name=_("parent edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_editions",
        help_text=_("The earlier edition of this training that this one replicates."),
    )
    # Derived from the sessions whenever the page is saved, so listings can sort
    # and filter on page columns without touching sessions.
    start = models.DateTimeField(_("start"), null=True, editable=False, db_index=True)
    end = models.DateTimeField(_("end"), null=True, editable=False, db_index=True)

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. Shown under the summary, scaled for phones; its description "
            "(or else its title) is the text for screen readers."
        ),
    )

    base_form_class = EventPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
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
        FieldPanel("parent_edition"),
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
    # fields, summary, body, status reason, eligibility, and the titles of the
    # sessions, labels and choices of the questions and names of the criteria,
    # whose rows are TranslatableMixin twins). Organizers, place, status and the
    # registration settings are one set per training, copied from the source page
    # on every sync and never overridden on a translation; so are the sessions'
    # dates and the questions' kinds and criteria weights (the child models'
    # own translatable_fields). Many-to-many fields are listed because
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
            "materials",
            "related_resources",
            "registration_mode",
            "capacity",
            "sessions_selectable",
            "waitlist_enabled",
            "auto_promote",
            "offer_hours",
            "offers_in_first_come",
            "prerequisites",
            "endorsement_required",
            "endorsement_reminder_days",
            "registration_opens_at",
            "registration_closes_at",
            "certificate_min_attendance",
            "certificate_attendance_basis",
            "allowed_agencies",
            "agency_quotas",
            "certificate_signers",
            "parent_edition",
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
        if getattr(self, "_organizers_memo", False):
            self._organizers_read = list(agencies)
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
        # at most once for this rendering (the instance is the request's own).
        self._organizers_read = None
        self._organizers_memo = True
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template shows them: the parts every reader sees
        # alike come from the cache ({% listingcache %}), and then these are
        # never asked for.
        context["sessions"] = functools.cache(
            lambda: selectors.sessions_shown(event=self)
        )
        context["other_editions"] = functools.cache(
            lambda: selectors.other_editions(event=self)
        )
        context["facilitators"] = functools.cache(
            lambda: selectors.facilitators_of(event=self)
        )
        context["series"] = functools.cache(lambda: selectors.series_of(event=self))
        context["show_online_link"] = functools.cache(
            lambda: selectors.online_link_visible(event=self, user=request.user)
        )
        context["json_ld"] = functools.cache(
            lambda: structured_data.event_json_ld(self, request=request)
        )
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
            single=True,
        )
