"""Fixtures of the announcement tests: people, agencies, trainings, sockets."""

import itertools

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Locale, Page

from agencies.models import Agency, Membership
from announcements.models import Announcement
from announcements.services import announcement_publish
from tests.announcements.servers import redis_server  # noqa: F401
from tests.events.factories import EventPageFactory

_numbers = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(**fields):
        number = next(_numbers)
        fields.setdefault("username", f"person{number}")
        fields.setdefault("email", f"person{number}@example.org")
        return get_user_model().objects.create_user(password="x", **fields)

    return make


@pytest.fixture
def make_agency(db):
    def make(**fields):
        number = next(_numbers)
        fields.setdefault("name_es", f"Entidad {number}")
        fields.setdefault("name_en", f"Agency {number}")
        fields.setdefault("acronym", f"E{number}")
        fields.setdefault("slug", f"agency-{number}")
        return Agency.objects.create(**fields)

    return make


@pytest.fixture
def make_member(make_user):
    def make(agency, role=Membership.Role.MEMBER, user=None):
        user = user or make_user()
        Membership.objects.create(user=user, agency=agency, role=role)
        return user

    return make


@pytest.fixture
def make_training(make_agency):
    """A published training page (tests/events/factories.EventPageFactory)
    straight under the root."""

    def make(title="Training", **fields):
        locale, _created = Locale.objects.get_or_create(language_code="es")
        # Transactional tests flush the tree the migrations created.
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        fields.setdefault("summary", "Three days on migrant smuggling.")
        if "lead_agency" not in fields:
            fields["lead_agency"] = make_agency()
        return EventPageFactory(
            parent=root, title=title, slug=f"training-{next(_numbers)}", **fields
        )

    return make


@pytest.fixture
def participants(monkeypatch):
    """user id → training ids: stands in for issue 5's confirmed registrations."""
    confirmed: dict[int, set[int]] = {}
    monkeypatch.setattr(
        "announcements.selectors.participant_event_ids",
        lambda user: confirmed.get(getattr(user, "pk", None), set()),
    )
    return confirmed


@pytest.fixture
def publish():
    """Publish from async tests, as the portal (by=None) unless told otherwise."""

    async def run(**fields):
        fields.setdefault("audience", Announcement.Audience.PUBLIC)
        fields.setdefault("title", "Session 2 moves to room B")
        return await sync_to_async(announcement_publish)(**fields)

    return run


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest_asyncio.fixture
async def open_socket():
    """Connect through the real ASGI stack (origin check, session auth).

    Every socket a test opens is disconnected at teardown, whatever happened.
    """
    from portal.asgi import application

    opened = []

    async def connect(user=None, *, origin=b"http://localhost", hello=True):
        headers = [(b"origin", origin)]
        if user is not None:
            headers.append((b"cookie", await sync_to_async(session_cookie)(user)))
        communicator = WebsocketCommunicator(
            application, "/ws/announcements/", headers=headers
        )
        opened.append(communicator)
        connected, _code = await communicator.connect(timeout=5)
        if connected and hello:
            greeting = await communicator.receive_json_from(timeout=5)
            assert greeting["type"] == "hello"
            communicator.hello_cursor = greeting["cursor"]
        communicator.connected = connected
        return communicator

    yield connect
    for communicator in opened:
        if not communicator.future.done():
            await communicator.disconnect(timeout=5)
