"""What an e-mail about a training says of it: title, sessions in local time,
venue or online link, its page, and its calendar file to attach.

The registrations' notices (core.mail.send_email with the templates under
registrations/email/) build their context from `training_email_context`.
Every e-mail names a training through `training_named` (or its title through
`training_title`): in the recipient's language, or in the source's followed by
"(Available only in Spanish)" when nobody translated it, never silently.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from wagtail.models import Locale

from core.mail import Attachment, absolute_url
from core.translated_rows import read_translations
from core.translation import fallback_label
from events import ics, selectors
from events.models import EventPage, EventStatus, Modality


def training_in(event: EventPage, language: str) -> EventPage:
    """The training's page in `language` when it is published, else the page
    itself (registrations belong to the source-language page)."""
    if event.locale.language_code == language:
        return event
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return event
    translated = event.get_translation_or_none(locale)
    if translated is None or not translated.live:
        return event
    return translated.specific


def training_title(event: EventPage, language: str) -> str:
    """The training's title as an e-mail, notice or certificate in `language`
    prints it: its published translation's, or the source's followed by
    "(Available only in Spanish)" when it has none or its title was left as the
    source's (as wagtail-localize fills strings nobody translated)."""
    return _title_of(event, training_in(event, language), language)


def _title_of(event: EventPage, page: EventPage, language: str) -> str:
    source_language = event.locale.language_code[:2]
    if language[:2] == source_language:
        return page.title
    if page.pk != event.pk and page.title != event.title:
        return page.title
    with translation.override(language):
        label = fallback_label(source_language)
    return f"{event.title} ({label})" if label else event.title


class TrainingNamed:
    """A training's page as an e-mail in one language names it: the page in
    that language (or the source page), whose `title` (and `str()`) is
    `training_title`'s. Every other attribute is the page's, so templates read
    `event.title`, `event.start`… as before."""

    def __init__(self, page: EventPage, title: str) -> None:
        self._page = page
        self.title = title

    def __getattr__(self, name: str):
        if name == "_page":  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self._page, name)

    def __str__(self) -> str:
        return self.title


def training_named(event: EventPage, language: str) -> TrainingNamed:
    """`event` (the source page, which registrations belong to) as e-mails in
    `language` name it (see `TrainingNamed`)."""
    page = training_in(event, language)
    return TrainingNamed(page, _title_of(event, page, language))


def training_email_context(
    *, event: EventPage, language: str, with_online_link: bool = False
) -> dict[str, Any]:
    """The training as its e-mails show it, in `language`.

    `with_online_link`: only people holding a seat (and the organizers) may see
    the online link, as on the page (selectors.online_link_visible).
    """
    page = training_in(event, language)
    sessions = selectors.sessions_shown(event=page) or selectors.sessions_of(
        event=event
    )
    # Their titles print in `language` (`title_shown`, with the fallback note).
    read_translations(sessions, language=language[:2])
    place = ", ".join(
        part for part in (page.venue_name, page.venue_address, page.city) if part
    )
    with translation.override(language):
        modality = str(page.get_modality_display())
        status = str(page.get_status_display())
    # Agencies stay objects: their names follow the language the template
    # renders in (core.mail.render_email).
    return {
        "event": TrainingNamed(page, _title_of(event, page, language)),
        "event_url": absolute_url(page.get_url()),
        "calendar_url": absolute_url(page.get_parent().get_url()),
        "sessions": sessions,
        "first_start": sessions[0].start if sessions else None,
        "last_end": max(session.end for session in sessions) if sessions else None,
        "modality": modality,
        "in_person": page.modality != Modality.ONLINE,
        "online": page.modality != Modality.IN_PERSON,
        "place": place,
        "online_url": page.online_url if with_online_link else "",
        "event_status": "" if page.status == EventStatus.SCHEDULED else status,
        "status_reason": page.status_reason,
        "organizers": page.organizers(),
        "contact": page.contact,
    }


def training_ics_attachment(
    event: EventPage, *, with_cancelled: bool = False
) -> Attachment:
    """The training's `.ics` (all its sessions) as an e-mail attachment."""
    return (
        ics.training_ics_filename(event),
        ics.training_ics(event, with_cancelled=with_cancelled),
        "text/calendar",
    )
