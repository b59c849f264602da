"""Former participants named facilitators of a later edition, with their consent."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import ParticipantProfile
from core import cache
from events import selectors as event_selectors
from registrations.models import Facilitator, Registration
from registrations.services.errors import RegistrationError


def facilitator_name(*, event, user, named_by=None) -> Facilitator:
    """Name `user` facilitator of `event`: they must have attended an earlier
    edition of its series. The row waits for their consent."""
    event = event_selectors.registration_event(event=event)
    trained = (
        Registration.objects.filter(
            user=user,
            status=Registration.Status.ATTENDED,
            event__series_key=event.series_key,
            event__start__lt=event.start,
        )
        .exclude(event_id=event.pk)
        .select_related("event")
        .order_by("event__start")
        .first()
    )
    if trained is None:
        raise RegistrationError(
            _("Only people who attended an earlier edition can facilitate this one.")
        )
    profile = ParticipantProfile.objects.filter(user=user).first()
    name = (profile.full_name if profile else "") or trained.full_name or user.email
    facilitator, _created = Facilitator.objects.get_or_create(
        event=event,
        user=user,
        defaults={"trained_in": trained.event, "name": name, "named_by": named_by},
    )
    return facilitator


def facilitator_answer(*, facilitator: Facilitator, user, accept: bool) -> Facilitator:
    """The named person accepts or declines; only they can."""
    if facilitator.user_id != user.pk:
        raise RegistrationError(_("Only the person named can answer."))
    with transaction.atomic():
        facilitator.state = (
            Facilitator.State.ACCEPTED if accept else Facilitator.State.DECLINED
        )
        facilitator.answered_at = timezone.now()
        facilitator.save(update_fields=["state", "answered_at"])
        event = facilitator.event
        transaction.on_commit(
            lambda: cache.registrations_changed(training_key=event.translation_key)
        )
    return facilitator
