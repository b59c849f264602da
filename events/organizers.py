"""Co-organizing a training: naming co-organizers, their consent, notices to the lead.

Only the lead agency names or removes co-organizers (the page form refuses
anyone else, see events.forms); a named agency's coordinators are asked by
e-mail and accept or decline in the admin; only then does the agency gain
rights over the training. The lead agency's coordinators hear by e-mail when a
co-organizer publishes a change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import permissions
from agencies import selectors as agency_selectors
from agencies.models import Agency, ParticipantProfile
from core import effects
from core.mail import send_email
from events.emails import training_named
from events.models import CoOrganizerInvitation, EventPage


class CoOrganizingError(Exception):
    """A co-organizing request the rules refuse; the message is for the person."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def user_leads(user, event: EventPage) -> bool:
    """Whether the user acts for the training's lead agency (or is a superuser)."""
    if permissions.user_is_superuser(user):
        return True
    return bool(event.lead_agency_id) and permissions.user_is_editor(
        user, event.lead_agency_id
    )


def _admin_url(name: str, *args) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def _language_of(user) -> str:
    language = (
        ParticipantProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def _mail_each(users, template: str, context: dict) -> None:
    """One e-mail per person, in their language, naming the training in it
    (events.emails.training_named); runs in the task worker."""
    for user in users:
        language = _language_of(user)
        send_email(
            template_base=f"events/email/{template}",
            context={**context, "event": training_named(context["event"], language)},
            language=language,
            to=[user.email],
        )


@effects.effect
def send_co_organizer_invitation(*, invitation_id: int) -> None:
    """E-mail the invited agency's coordinators, unless it was answered meanwhile."""
    invitation = (
        CoOrganizerInvitation.objects.select_related(
            "page", "agency", "page__lead_agency"
        )
        .filter(pk=invitation_id, status=CoOrganizerInvitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        return
    _mail_each(
        agency_selectors.coordinators_of([invitation.agency_id]),
        "co_organizer_invitation",
        {
            "invitation": invitation,
            "event": invitation.page,
            "lead": invitation.page.lead_agency,
            "url": _admin_url("events_co_organizing_detail", invitation.pk),
        },
    )


@transaction.atomic
def co_organizers_sync(
    *, event: EventPage, by, removed: Iterable[int] = ()
) -> list[CoOrganizerInvitation]:
    """Ask every newly named co-organizer; forget the ones the lead removed.

    Called once the page form is saved (its validation already refused anyone
    but the lead). An agency already asked for this training (in any of its
    languages) is not asked again. Returns the new invitations.
    """
    removed = set(removed) - {event.lead_agency_id}
    if removed:
        CoOrganizerInvitation.objects.filter(
            translation_key=event.translation_key, agency__in=removed
        ).delete()
    named = {agency.pk for agency in event.co_organizers.all()}
    named.discard(event.lead_agency_id)
    asked = set(
        CoOrganizerInvitation.objects.filter(
            translation_key=event.translation_key, agency__in=named
        ).values_list("agency_id", flat=True)
    )
    invitations = [
        CoOrganizerInvitation.objects.create(
            page=event,
            translation_key=event.translation_key,
            agency_id=agency_id,
            invited_by=by if getattr(by, "pk", None) else None,
        )
        for agency_id in sorted(named - asked)
    ]
    for invitation in invitations:
        effects.enqueue_after_commit(
            send_co_organizer_invitation, invitation_id=invitation.pk
        )
    return invitations


@transaction.atomic
def co_organizers_record_consent(
    *, event: EventPage, agency_ids: Iterable[int] | None = None
) -> None:
    """Record named co-organizers as having accepted, for trusted callers only.

    load_demo (whose agencies agreed beforehand) and new editions (carrying over
    the co-organizers that accepted the original) use it; `agency_ids` limits it
    to those agencies.
    """
    named = {agency.pk for agency in event.co_organizers.all()}
    named.discard(event.lead_agency_id)
    if agency_ids is not None:
        named &= set(agency_ids)
    for agency_id in named:
        CoOrganizerInvitation.objects.update_or_create(
            translation_key=event.translation_key,
            agency_id=agency_id,
            defaults={"status": CoOrganizerInvitation.Status.ACCEPTED},
            create_defaults={
                "page": event,
                "status": CoOrganizerInvitation.Status.ACCEPTED,
            },
        )


@transaction.atomic
def co_organizer_respond(
    *, invitation: CoOrganizerInvitation, accept: bool, by
) -> CoOrganizerInvitation:
    """The invited agency's coordinator accepts or declines, once."""
    if not permissions.user_is_coordinator(by, invitation.agency_id):
        raise CoOrganizingError(
            _("Only the coordinators of %(agency)s can answer this invitation.")
            % {"agency": invitation.agency},
            code="forbidden",
        )
    invitation = CoOrganizerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != CoOrganizerInvitation.Status.PENDING:
        raise CoOrganizingError(
            _("This invitation was already answered (%(status)s).")
            % {"status": invitation.get_status_display()},
            code="answered",
        )
    invitation.status = (
        CoOrganizerInvitation.Status.ACCEPTED
        if accept
        else CoOrganizerInvitation.Status.DECLINED
    )
    invitation.responded_at = timezone.now()
    invitation.responded_by = by
    invitation.save(update_fields=["status", "responded_at", "responded_by"])
    return invitation


@effects.effect
def send_publication_notice(
    *, event_id: int, agency_ids: list[int], by_id: int
) -> None:
    """E-mail the lead agency's coordinators what a co-organizer published."""
    event = EventPage.objects.select_related("lead_agency").filter(pk=event_id).first()
    if event is None or not event.lead_agency_id:
        return
    context = {
        "event": event,
        "agencies": list(Agency.objects.filter(pk__in=agency_ids)),
        "editor": get_user_model().objects.filter(pk=by_id).first(),
        "url": _admin_url("wagtailadmin_pages:history", event.pk),
    }
    _mail_each(
        agency_selectors.coordinators_of([event.lead_agency_id]),
        "co_organizer_published",
        context,
    )


def co_organizer_published(*, event: EventPage, by) -> bool:
    """Tell the lead agency's coordinators that a co-organizer published a change.

    Nothing is sent when the publisher also acts for the lead agency, nor for
    anyone who does not act for an accepted co-organizer. Returns whether a
    notice was queued (it goes out after commit).
    """
    if by is None:
        return False
    editable = permissions.editable_agency_ids(by)
    if event.lead_agency_id in editable:
        return False
    acting_for = sorted(editable & event.accepted_co_organizer_ids())
    if not acting_for:
        return False
    effects.enqueue_after_commit(
        send_publication_notice, event_id=event.pk, agency_ids=acting_for, by_id=by.pk
    )
    return True


# --- Reads --------------------------------------------------------------------


def invitations_for_coordinator(user):
    """Co-organizing invitations addressed to the agencies the user coordinates."""
    agency_ids = (
        None
        if permissions.user_is_superuser(user)
        else permissions.coordinated_agency_ids(user)
    )
    invitations = CoOrganizerInvitation.objects.select_related(
        "page", "agency", "page__lead_agency", "invited_by"
    ).order_by("status", "-created_at")
    if agency_ids is not None:
        invitations = invitations.filter(agency__in=agency_ids)
    return invitations


def invitation_for_coordinator(user, pk: int) -> CoOrganizerInvitation | None:
    """The invitation if it is addressed to an agency the user coordinates."""
    return invitations_for_coordinator(user).filter(pk=pk).first()
