"""Reads of the agencies app: the directory, profiles, members and invitations."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import QueryDict
from wagtail.models import Locale, ModelLogEntry

from agencies import hooks
from agencies.models import Agency, Invitation, Membership, ParticipantProfile


@dataclass(frozen=True)
class DirectoryFilters:
    kind: str = ""
    query: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> "DirectoryFilters":
        """Unknown kinds and overlong searches are dropped, never an error."""
        kind = query.get("kind", "")
        return cls(
            kind=kind if kind in Agency.Kind.values else "",
            query=query.get("q", "").strip()[:100],
        )


def agencies_for_directory(filters: DirectoryFilters) -> QuerySet[Agency]:
    agencies = Agency.objects.filter(is_active=True).select_related("logo")
    if filters.kind:
        agencies = agencies.filter(kind=filters.kind)
    if filters.query:
        agencies = agencies.filter(
            Q(name_es__icontains=filters.query)
            | Q(name_en__icontains=filters.query)
            | Q(acronym__icontains=filters.query)
        )
    return agencies.order_by("name_es", "pk")


def agency_by_slug(slug: str) -> Agency | None:
    return (
        Agency.objects.filter(slug=slug, is_active=True).select_related("logo").first()
    )


def agency_profile_listings(*, agency: Agency, locale: Locale) -> dict:
    """What the agency's profile lists from the apps above (its news, resources,
    trainings), each registered on `agency_profile_listings` by its own app."""
    return hooks.agency_profile_listings.read(agency=agency, locale=locale)


def agency_memberships(agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user", "user__participant_profile")
        .order_by("role", "user__email")
    )


def agency_pending_invitations(agency: Agency) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            agency=agency, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


MEMBERSHIP_LOG_ACTIONS = (
    "agencies.membership.add",
    "agencies.membership.role",
    "agencies.membership.remove",
    "agencies.invitation.send",
    "agencies.invitation.resend",
    "agencies.invitation.revoke",
    "agencies.invitation.accept",
)


def agency_membership_log(agency: Agency, *, limit: int = 100) -> QuerySet:
    """The agency's membership changes, newest first: who did what to whom, when."""
    content_type = ContentType.objects.get_for_model(Agency)
    return (
        ModelLogEntry.objects.filter(
            content_type=content_type,
            object_id=str(agency.pk),
            action__in=MEMBERSHIP_LOG_ACTIONS,
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )


def user_memberships(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("agency")
        .order_by("agency__name_es")
    )


def coordinators_of(agency_ids) -> QuerySet:
    """Active coordinators of these agencies, for notices and "whom to ask"."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__agency_id__in=agency_ids,
            memberships__role=Membership.Role.COORDINATOR,
        )
        .exclude(email="")
        .distinct()
        .order_by("email")
    )


@dataclass(frozen=True)
class OrganizerContact:
    """An agency that organizes a page, and whom to ask there."""

    agency: Agency
    coordinator_emails: tuple[str, ...]


def organizer_contacts(agency_ids) -> list[OrganizerContact]:
    """The organizing agencies with their coordinators' e-mail addresses."""
    agency_ids = list(agency_ids)
    emails: dict[int, list[str]] = {agency_id: [] for agency_id in agency_ids}
    for agency_id, email in (
        Membership.objects.filter(
            agency_id__in=agency_ids,
            role=Membership.Role.COORDINATOR,
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("agency_id", "user__email")
    ):
        emails[agency_id].append(email)
    return [
        OrganizerContact(agency=agency, coordinator_emails=tuple(emails[agency.pk]))
        for agency in Agency.objects.filter(pk__in=agency_ids).order_by("name_es")
    ]


def admin_language(user) -> str:
    """The language the admin speaks to a member: the one they chose for the portal
    (their profile, started in the language they signed up in), else the site's."""
    languages = {code for code, _name in settings.LANGUAGES}
    chosen = (
        ParticipantProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return chosen if chosen in languages else settings.LANGUAGE_CODE
