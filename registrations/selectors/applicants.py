"""Registrations listed: a participant's own, and the applicants organizers
review (filtered, ranked by score)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Prefetch, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant

from agencies.models import Agency
from core.translated_rows import shown_text
from events.models import EventPage
from registrations.models import (
    Decision,
    Offer,
    Registration,
    RegistrationAnswer,
    SelectionScore,
)
from registrations.selectors.seats import waitlist_positions

Status = Registration.Status


def user_registrations(*, user) -> list[Registration]:
    """A participant's registrations, newest training first, with positions."""
    registrations = list(
        Registration.objects.filter(user=user)
        .select_related("event__locale", "certificate", "evaluation")
        .prefetch_related(
            "sessions",
            "event__sessions",
            Prefetch(
                "offers",
                queryset=Offer.objects.filter(status=Offer.Status.OPEN),
                to_attr="open_offers",
            ),
            "endorsements",
            Prefetch(
                "decisions", queryset=Decision.objects.order_by("created_at", "pk")
            ),
        )
        .order_by("-event__start", "-applied_at")
    )
    pages = _live_translations([registration.event for registration in registrations])
    positions = waitlist_positions(registrations)
    for registration in registrations:
        registration.waitlist_position = positions.get(registration.pk)
        registration.open_offer = next(iter(registration.open_offers), None)
        registration.reason = _reason_shown(registration)
        # Registrations hold the source page; people read the training's title
        # and follow its link in the language they are using.
        registration.page = pages.get(
            registration.event.translation_key, registration.event
        )
        # Its title, or the source's marked "(Available only in Spanish)".
        registration.page_title = shown_text(
            registration.event.title,
            registration.page.title
            if registration.page.pk != registration.event.pk
            else None,
            source_language=registration.event.locale.language_code[:2],
        )
    return registrations


def _reason_shown(registration: Registration) -> Decision | None:
    """The reason of the decision that put a declined or waitlisted registration
    where it stands (read from the prefetched decisions)."""
    if registration.status not in (Status.DECLINED, Status.WAITLISTED):
        return None
    decisions = list(registration.decisions.all())
    if not decisions:
        return None
    last = decisions[-1]
    return last if (last.reason_code or last.reason_text) else None


def _live_translations(events) -> dict:
    """The live pages of these trainings in the active language, by translation key."""
    language = get_supported_content_language_variant(get_language())
    if all(event.locale.language_code == language for event in events):
        # Registrations hold the pages of the default language: in that language
        # they are the pages to show.
        return {}
    return {
        page.translation_key: page
        for page in EventPage.objects.live().filter(
            translation_key__in={event.translation_key for event in events},
            # The active locale, joined rather than read first.
            locale__language_code=language,
        )
    }


def with_total_score(queryset):
    """Annotate `total_score`: the mean of the reviewers' weighted totals (each
    reviewer's sum of score times weight; the organizers' own scores count as one
    reviewer), 0 when nobody scored. The median some trainings rank by is not
    SQL: registrations.selectors.review computes it."""
    weighted = Cast(
        Sum(F("scores__value") * F("scores__criterion__weight")), FloatField()
    )
    voices = Cast(
        Count(Coalesce("scores__reviewer", Value(0)), distinct=True), FloatField()
    )
    return queryset.annotate(total_score=Coalesce(weighted / voices, Value(0.0)))


@dataclass
class ApplicantFilters:
    status: str = ""
    agency: int | None = None
    sort: str = "score"

    SORTS = {
        "score": ("-total_score", "applied_at", "pk"),
        "applied": ("applied_at", "pk"),
        "name": ("full_name", "pk"),
    }

    @classmethod
    def from_query(cls, query) -> ApplicantFilters:
        status = query.get("status", "")
        if status not in Status.values:
            status = ""
        try:
            agency = int(query.get("agency", "")) or None
        except ValueError:
            agency = None
        sort = query.get("sort", "score")
        if sort not in cls.SORTS:
            sort = "score"
        return cls(status=status, agency=agency, sort=sort)


def applicants(*, event, filters: ApplicantFilters | None = None):
    """Registrations of the training for organizers, with answers and scores.

    Applications awaiting their endorsement are not the organizers' yet.
    """
    filters = filters or ApplicantFilters()
    queryset = Registration.objects.filter(event=event).exclude(
        status=Status.AWAITING_ENDORSEMENT
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.agency:
        queryset = queryset.filter(agency_id=filters.agency)
    return (
        with_total_score(queryset)
        .select_related("agency", "user")
        .prefetch_related(
            "sessions",
            Prefetch(
                "answers",
                queryset=RegistrationAnswer.objects.select_related("question").order_by(
                    "question__sort_order", "question__pk"
                ),
            ),
            Prefetch("scores", queryset=SelectionScore.objects.all()),
            Prefetch(
                "offers",
                queryset=Offer.objects.filter(status=Offer.Status.OPEN),
                to_attr="open_offers",
            ),
        )
        .order_by(*ApplicantFilters.SORTS[filters.sort])
    )


def applicant_agencies(*, event):
    return Agency.objects.filter(registrations__event=event).distinct()
