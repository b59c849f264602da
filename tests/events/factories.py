"""Factories for trainings, their calendar and the agencies that organize them."""

import datetime
from zoneinfo import ZoneInfo

import factory

from agencies.models import Agency
from events.models import EventIndexPage, EventPage, EventSession
from tests.factories import AgencyFactory, PageFactory

PANAMA = ZoneInfo("America/Panama")


def local(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PANAMA)


class EventAgencyFactory(AgencyFactory):
    """tests/factories.AgencyFactory with an acronym and, as the calendar tests
    have always had it, no collection or group provisioned."""

    slug = factory.Sequence(lambda n: f"event-agency-{n}")
    acronym = factory.Sequence(lambda n: f"AG{n}")
    kind = Agency.Kind.GOVERNMENT

    @classmethod
    def _create(cls, model_class, *args, provision: bool = False, **kwargs):
        return super()._create(model_class, *args, provision=provision, **kwargs)


class EventIndexPageFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Trainings"
    slug = "events"


class EventPageFactory(PageFactory):
    """A published training; `days=[(start, end), ...]` gives its sessions."""

    class Meta:
        model = EventPage

    summary = factory.Faker("sentence")
    lead_agency = factory.SubFactory(EventAgencyFactory)

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        days=(),
        co_organizers=(),
        topics=(),
        consented=True,
        **kw,
    ):
        # Sessions given as `sessions=[EventSession(...)]` are kept; `days` adds more.
        kw["sessions"] = list(kw.get("sessions", ())) + [
            EventSession(start=start, end=end, title=f"Day {number}")
            for number, (start, end) in enumerate(days, start=1)
        ]
        if co_organizers:
            kw["co_organizers"] = list(co_organizers)
        if topics:
            kw["topics"] = list(topics)
        page = super()._create(model_class, *args, **kw)
        if co_organizers and consented:
            # Trainings made here stand for existing data: their co-organizers
            # accepted (pass consented=False for a fresh, unanswered naming).
            from events.organizers import co_organizers_record_consent

            co_organizers_record_consent(event=page)
        return page


def one_day(year, month, day, start_hour=9, end_hour=16):
    return [(local(year, month, day, start_hour), local(year, month, day, end_hour))]
