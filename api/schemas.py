"""What the API's endpoints take and answer (pydantic schemas; they are also the
OpenAPI document's components)."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, Field

from events.models.choices import SESSION_YEARS

Language = Literal["es", "en"]
# Control characters and lone surrogates: no text of the portal holds them, and
# PostgreSQL refuses NUL outright.
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _writable(value: str) -> str:
    if UNWRITABLE.search(value):
        raise ValueError("control characters are not allowed")
    return value


def _in_calendar_years(value: datetime.datetime) -> datetime.datetime:
    if not SESSION_YEARS[0] <= value.year <= SESSION_YEARS[1]:
        raise ValueError(f"years {SESSION_YEARS[0]} to {SESSION_YEARS[1]} only")
    return value


Text = Annotated[str, AfterValidator(_writable)]
SessionMoment = Annotated[AwareDatetime, AfterValidator(_in_calendar_years)]


class ErrorOut(Schema):
    error: str = Field(description="What went wrong, in the request's language.")
    code: str | None = Field(None, description="A stable code for programs.")
    errors: list[dict] | None = Field(None, description="Invalid fields, if any.")


class AgencyRef(Schema):
    id: int
    slug: str
    name: str
    acronym: str


class TopicOut(Schema):
    slug: str
    name: str


class SessionOut(Schema):
    title: str
    start: datetime.datetime
    end: datetime.datetime
    room: str
    facilitators: str


class RegistrationStateOut(Schema):
    state: Literal[
        "open",
        "waitlist",
        "full",
        "not-yet",
        "closed",
        "no-registration",
        "cancelled",
        "past",
    ]
    label: str = Field(description="What the training's card says, translated.")
    mode: str
    can_register: bool
    seats_left: int | None = Field(
        None, description="Seats still free; null when there is no limit."
    )
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None


class TrainingOut(Schema):
    id: int
    title: str
    summary: str
    url: str | None
    language: str
    modality: str
    audience: str
    city: str
    venue_name: str
    status: str
    start: datetime.datetime | None
    end: datetime.datetime | None
    organizers: list[AgencyRef]
    topics: list[TopicOut]
    sessions: list[SessionOut]
    registration: RegistrationStateOut | None


class NewsOut(Schema):
    id: int
    title: str
    summary: str
    date: datetime.date
    url: str | None
    agencies: list[AgencyRef]


class DocumentOut(Schema):
    id: int
    title: str
    filename: str
    file_size: int | None
    url: str | None


class ResourceOut(Schema):
    id: int
    title: str
    summary: str
    url: str | None
    resource_type: str
    topic: TopicOut | None
    document_language: str
    issuing_body: str
    publication_date: datetime.date | None
    agencies: list[AgencyRef]
    documents: list[DocumentOut]


class AgencyOut(Schema):
    id: int
    slug: str
    name: str
    acronym: str
    kind: str
    country: str
    description: str
    website: str
    url: str | None


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    level: str
    agency: AgencyRef | None
    training_id: int | None
    publish_at: datetime.datetime
    expires_at: datetime.datetime | None


def page_of(item_schema):
    """A page of results with the cursor of the next one (null on the last)."""
    return type(
        f"{item_schema.__name__.removesuffix('Out')}Page",
        (Schema,),
        {
            "__annotations__": {
                "results": list[item_schema],
                "next_cursor": str | None,
            },
            "__module__": __name__,
        },
    )


TrainingPage = page_of(TrainingOut)
NewsPage = page_of(NewsOut)
ResourcePage = page_of(ResourceOut)
AgencyPage = page_of(AgencyOut)
AnnouncementPage = page_of(AnnouncementOut)


# --- With a token ------------------------------------------------------------------


class TokenOut(Schema):
    name: str
    agency: AgencyRef
    scope: Literal["read", "read_write"]
    expires_at: datetime.datetime


class AnswerOut(Schema):
    question: str
    answer: str


class RegistrationOut(Schema):
    """The fields the privacy notice says the organizers receive."""

    id: int
    training_id: int
    training_title: str
    status: str
    applied_at: datetime.datetime
    decided_at: datetime.datetime | None
    full_name: str
    email: str
    organization: str
    position: str
    answers: list[AnswerOut]


RegistrationPage = page_of(RegistrationOut)


class SessionIn(Schema):
    title: Text = Field("", max_length=200)
    start: SessionMoment
    end: SessionMoment


class TrainingDraftIn(Schema):
    agency: str | None = Field(
        None,
        max_length=80,
        description="The token's agency slug; any other is refused.",
    )
    title: Text = Field(min_length=1, max_length=255)
    summary: Text = Field(min_length=1, max_length=400)
    modality: Literal["in_person", "online", "hybrid"] = "in_person"
    audience: Literal[
        "public_servants",
        "border_migration",
        "law_enforcement",
        "civil_society",
        "trainers",
        "general_public",
    ] = "public_servants"
    language: Language = "es"
    city: Text = Field("", max_length=100)
    venue_name: Text = Field("", max_length=200)
    sessions: list[SessionIn] = Field(default_factory=list, max_length=50)


class NewsDraftIn(Schema):
    agency: str | None = Field(
        None,
        max_length=80,
        description="The token's agency slug; any other is refused.",
    )
    title: Text = Field(min_length=1, max_length=255)
    summary: Text = Field(min_length=1, max_length=400)
    date: datetime.date | None = Field(None, ge=datetime.date(2000, 1, 1))


class DraftOut(Schema):
    id: int
    title: str
    live: bool
    admin_url: str
