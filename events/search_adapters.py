"""How trainings are searched: by their text, the places and dates of their
sessions, their organizers and topics."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from events.selectors.listings import with_registration_states
from search.adapters import PageAdapter, stream_text
from search.registry import registry


class EventAdapter(PageAdapter):
    """A training with its sessions' places and dates. Fields are read with
    getattr so the adapter keeps working while the events app evolves."""

    kind = "event"
    label = _("Trainings")
    model = EventPage
    # The prose first, the place after it: a snippet cut short ("…") must not
    # end in the venue's name as if it were a sentence.
    page_text_fields = ("venue_name", "venue_address", "city", "contact")
    session_text_fields = ("title", "room", "facilitators")

    def text(self, page) -> str:
        parts = [str(getattr(page, "summary", "") or "")]
        body = getattr(page, "body", None)
        if body is not None and hasattr(body, "stream_block"):
            parts.append(stream_text(body))
        parts += [str(getattr(page, name, "") or "") for name in self.page_text_fields]
        sessions = getattr(page, "sessions", None)
        for session in sessions.all() if sessions is not None else []:
            parts.extend(
                str(getattr(session, name, "") or "")
                for name in self.session_text_fields
            )
            start = getattr(session, "start", None)
            if start:
                start = timezone.localtime(start)
                # Both written forms, so "2025-06-12" and "12/06/2025" find it.
                parts.append(f"{start:%Y-%m-%d} {start:%d/%m/%Y}")
        return "\n".join(part for part in parts if part)

    def annotate_hits(self, hits: list) -> None:
        """Each training's registration state, as its card says it ("3 seats
        left", "Registration closed"): two queries for the whole page."""
        ids = {}
        for hit in hits:
            hit.registration_state = None
            prefix, _colon, pk = hit.source.partition(":")
            if prefix == "page" and pk.isdigit():
                ids[int(pk)] = hit
        if not ids:
            return
        events = EventPage.objects.filter(pk__in=ids)
        for event in with_registration_states(events):
            ids[event.pk].registration_state = event.registration_state

    def date(self, page):
        start = getattr(page, "start", None)
        if start:
            return timezone.localtime(start).date()
        return super().date(page)


def register() -> None:
    """Called from EventsConfig.ready()."""
    registry.register(EventAdapter())
