"""Nominations: an agency's focal point names the people it sends to a training
(typed in a form or from a CSV file); each nominee confirms by completing the
application from the link they receive, which stands for the endorsement."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agencies import permissions
from core import effects
from core.mail import absolute_url, send_email
from events.emails import training_email_context
from registrations import selectors
from registrations.models import Decision, Nomination, Registration
from registrations.services.decisions import record_decision
from registrations.services.errors import RegistrationError
from registrations.services.links import link_token, row_for_token

# How long a nomination link works.
NOMINATION_VALIDITY = datetime.timedelta(days=30)
# Rows one CSV file may hold.
MAX_ROWS = 200
# First-cell words that mark a header row (either language).
HEADER_WORDS = {"name", "full name", "nombre", "nombre completo"}


@dataclass
class Nominee:
    """One person to nominate; `row` is their line in the form or the file,
    `problem` what made the line unreadable."""

    row: int
    full_name: str = ""
    email: str = ""
    position: str = ""
    problem: str = ""


class NominationRowsError(RegistrationError):
    """Some rows cannot be nominated: every row's problem, nothing stored."""

    def __init__(self, rows: list[tuple[int, str]]):
        super().__init__(
            _("Nothing was nominated: correct the rows listed and send them again."),
            code="rows",
        )
        self.rows = rows


def nominees_from_csv(content: bytes) -> list[Nominee]:
    """Rows of a CSV file: name, e-mail, position (comma or semicolon separated,
    an optional header). A line it cannot read carries its problem."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [Nominee(row=1, problem=str(_("Save the file as CSV in UTF-8.")))]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    nominees = []
    for number, cells in enumerate(
        csv.reader(io.StringIO(text), delimiter=delimiter), 1
    ):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() in HEADER_WORDS:
            continue
        if len(cells) < 2 or len(cells) > 3:
            nominees.append(
                Nominee(
                    row=number,
                    problem=str(
                        _("Give a name, an e-mail and (optionally) a position.")
                    ),
                )
            )
            continue
        nominees.append(
            Nominee(
                row=number,
                full_name=cells[0],
                email=cells[1],
                position=cells[2] if len(cells) > 2 else "",
            )
        )
    return nominees


def _row_problems(event, nominees: Sequence[Nominee]) -> list[tuple[int, str]]:
    nominated = {
        email.lower()
        for email in Nomination.objects.filter(event=event).values_list(
            "email", flat=True
        )
    }
    registered = {
        email.lower()
        for email in Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("email", flat=True)
    }
    seen: set[str] = set()
    problems = []
    for nominee in nominees:
        email = nominee.email.strip().lower()
        if nominee.problem:
            problem = nominee.problem
        elif not nominee.full_name.strip():
            problem = str(_("The name is missing."))
        elif len(nominee.full_name) > 200 or len(nominee.position) > 200:
            problem = str(_("A name or position is longer than 200 characters."))
        elif not _valid_email(email):
            problem = str(
                _("“%(email)s” is not an e-mail address.") % {"email": nominee.email}
            )
        elif email in seen:
            problem = str(_("This e-mail appears twice."))
        elif email in nominated:
            problem = str(_("This person has already been nominated."))
        elif email in registered:
            problem = str(_("This person has already applied."))
        else:
            problem = ""
        seen.add(email)
        if problem:
            problems.append((nominee.row, problem))
    return problems


def _valid_email(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


@transaction.atomic
def nominations_create(
    *, event, agency, nominees: Sequence[Nominee], by
) -> list[Nomination]:
    """Nominate people of `agency` for the training, all or none.

    Only the agency's focal points (and coordinators) nominate for it; every
    row is checked and all problems are listed (NominationRowsError) before
    anything is stored. Each nominee is e-mailed their link after commit.
    """
    if not permissions.user_can_nominate_for(by, agency):
        raise RegistrationError(
            _("Only the focal points of %(agency)s nominate its staff.")
            % {"agency": agency},
            code="forbidden",
        )
    event = selectors.registration_event(event=event)
    if not selectors.registration_is_open(event):
        raise RegistrationError(
            _("Registration for this training is not open."), code="closed"
        )
    allowed = set(event.allowed_agencies.values_list("pk", flat=True))
    if allowed and agency.pk not in allowed:
        raise RegistrationError(
            _("This training does not take applicants from %(agency)s.")
            % {"agency": agency},
            code="not_eligible",
        )
    nominees = [nominee for nominee in nominees if _has_content(nominee)]
    if not nominees:
        raise RegistrationError(_("Name at least one person."), code="empty")
    if len(nominees) > MAX_ROWS:
        raise RegistrationError(
            _("Nominate at most %(count)s people at once.") % {"count": MAX_ROWS},
            code="too_many",
        )
    problems = _row_problems(event, nominees)
    if problems:
        raise NominationRowsError(problems)
    now = timezone.now()
    language = translation.get_language() or settings.LANGUAGE_CODE
    created = []
    for nominee in nominees:
        nomination = Nomination.objects.create(
            event=event,
            agency=agency,
            nominated_by=by,
            full_name=nominee.full_name.strip(),
            email=nominee.email.strip().lower(),
            position=nominee.position.strip(),
            expires_at=now + NOMINATION_VALIDITY,
            language=language,
        )
        effects.enqueue_after_commit(send_nomination, nomination_id=nomination.pk)
        created.append(nomination)
    return created


def _has_content(nominee: Nominee) -> bool:
    return bool(
        nominee.problem
        or nominee.full_name.strip()
        or nominee.email.strip()
        or nominee.position.strip()
    )


def nomination_url(nomination: Nomination, language: str) -> str:
    with translation.override(language):
        return absolute_url(
            reverse(
                "registrations:nomination", kwargs={"token": link_token(nomination)}
            )
        )


@effects.effect
def send_nomination(*, nomination_id: int) -> None:
    """E-mail the nominee the training and the link to confirm."""
    nomination = (
        Nomination.objects.select_related("event", "agency", "nominated_by")
        .filter(pk=nomination_id, registration__isnull=True)
        .first()
    )
    if nomination is None:
        return
    language = nomination.language
    send_email(
        template_base="registrations/email/nomination",
        context={
            **training_email_context(
                event=nomination.event, language=language, with_online_link=False
            ),
            "nomination": nomination,
            "url": nomination_url(nomination, language),
            "account_url": "",
        },
        language=language,
        to=[nomination.email],
    )


def nomination_for_token(token: str) -> Nomination:
    """The nomination behind a link, or RegistrationError if it cannot be used."""
    nomination = row_for_token(Nomination, token)
    if nomination is None:
        raise RegistrationError(
            _("This nomination link is not valid."), code="link_unknown"
        )
    if nomination.registration_id is not None:
        raise RegistrationError(
            _("You have already confirmed this nomination."), code="link_used"
        )
    if nomination.expires_at <= timezone.now():
        raise RegistrationError(
            _(
                "This nomination has expired: ask your focal point to nominate "
                "you again."
            ),
            code="link_expired",
        )
    return nomination


def require_nominee(nomination: Nomination, *, event, user, now) -> None:
    """The nomination is this person's, for this training, and still usable."""
    if nomination.event_id != event.pk:
        raise RegistrationError(
            _("This nomination is for another training."), code="invalid"
        )
    if not EmailAddress.objects.filter(
        user=user, email__iexact=nomination.email, verified=True
    ).exists():
        raise RegistrationError(
            _(
                "This nomination was sent to %(email)s. Sign in with that address "
                "(verified) to confirm it."
            )
            % {"email": nomination.email},
            code="wrong_user",
        )
    if nomination.registration_id is not None or nomination.expires_at <= now:
        raise RegistrationError(
            _("This nomination can no longer be used."), code="link_used"
        )


def nomination_complete(nomination: Nomination, *, registration: Registration) -> None:
    """Link the nomination to the application it became, and record it."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.registration_id is not None:
        raise RegistrationError(
            _("You have already confirmed this nomination."), code="link_used"
        )
    nomination.registration = registration
    nomination.save(update_fields=["registration"])
    record_decision(
        registration,
        Decision.Action.NOMINATE,
        actor=nomination.nominated_by,
        actor_email=nomination.nominated_by.email if nomination.nominated_by else "",
    )
