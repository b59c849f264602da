"""Editions led by former participants: parent editions, facilitators with
consent, the series tree and its reach by generation."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail_localize.models import Translation, TranslationSource

from core import demo
from events import ics
from events.models import EventPage
from registrations.models import Facilitator, Registration
from registrations.selectors.series import series_tree
from registrations.services.errors import RegistrationError
from registrations.services.facilitators import facilitator_answer, facilitator_name
from tests import snapshots
from tests.factories import UserFactory
from tests.registrations.conftest import build_event

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _seat(event, user, status=Status.ATTENDED):
    return Registration.objects.create(
        event=event, user=user, status=status, applied_at=timezone.now()
    )


def _edition(calendar, agency, root, *, title, days, parent=None):
    page = build_event(
        calendar,
        agency,
        title=title,
        start=timezone.now() + datetime.timedelta(days=days),
    )
    EventPage.objects.filter(pk=page.pk).update(
        series_key=root.series_key if root else page.series_key,
        parent_edition=parent,
    )
    page.refresh_from_db()
    return page


@pytest.fixture
def calendar(calendars):
    """Trainings with addresses: the pages are fetched by URL here."""
    return calendars["es"]


@pytest.fixture
def series(calendar, organizer_agency):
    """A past root edition with two attendees, a later edition led by one of them."""
    root = _edition(calendar, organizer_agency, None, title="Raíz", days=-400)
    first, second = UserFactory(), UserFactory()
    _seat(root, first)
    _seat(root, second)
    child = _edition(
        calendar, organizer_agency, root, title="Réplica", days=30, parent=root
    )
    _seat(child, UserFactory(), Status.CONFIRMED)
    return {"root": root, "child": child, "first": first, "second": second}


def test_only_former_attendees_can_be_named(series):
    with pytest.raises(RegistrationError):
        facilitator_name(event=series["child"], user=UserFactory())
    named = facilitator_name(event=series["child"], user=series["first"])
    assert named.trained_in == series["root"]
    assert named.state == Facilitator.State.PROPOSED


def test_facilitator_listed_on_page_and_ics_only_after_consent(
    series, client, django_capture_on_commit_callbacks
):
    child = series["child"]
    named = facilitator_name(event=child, user=series["first"])
    named.name = "Carmen Herrera"
    named.save(update_fields=["name"])
    assert b"Carmen Herrera" not in client.get(child.url).content
    assert b"Carmen Herrera" not in ics.training_ics(child)
    with pytest.raises(RegistrationError):
        facilitator_answer(facilitator=named, user=series["second"], accept=True)
    # The person confirms on their page while signed in.
    client.force_login(series["first"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registrations:facilitations"),
            {"facilitator": named.pk, "answer": "accept"},
        )
    assert response.status_code == 302
    named.refresh_from_db()
    assert named.state == Facilitator.State.ACCEPTED
    client.logout()
    assert b"Carmen Herrera" in client.get(child.url).content
    attendees = []
    for vevent in Calendar.from_ical(ics.training_ics(child)).walk("VEVENT"):
        found = vevent.get("ATTENDEE", [])
        attendees += found if isinstance(found, list) else [found]
    assert attendees
    assert all(a.params["ROLE"] == "CHAIR" for a in attendees)
    assert all(a.params["CN"] == "Carmen Herrera" for a in attendees)
    assert all(str(a).startswith("urn:uuid:") for a in attendees)


def test_reach_by_generation(series, calendar, organizer_agency):
    root, child = series["root"], series["child"]
    facilitator_answer(
        facilitator=facilitator_name(event=child, user=series["first"]),
        user=series["first"],
        accept=True,
    )
    # An edition nobody from generation 1 leads stays out of generation 2.
    other = _edition(
        calendar, organizer_agency, root, title="Sin réplica", days=60, parent=root
    )
    _seat(other, UserFactory())
    tree = series_tree(event=root)
    assert [(g.number, g.trained, g.enrolled) for g in tree.generations] == [
        (1, 2, 2),
        (2, 0, 1),
        (3, 0, 0),
    ]
    (node,) = tree.roots
    assert node.current and node.generation == 1
    assert [c.page.title for c in node.children] == ["Réplica", "Sin réplica"]
    assert node.children[0].generation == 2
    assert node.children[1].generation is None


def test_series_selector_queries_do_not_grow_with_editions(
    series, calendar, organizer_agency
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            tree = series_tree(event=series["root"])
        return len(queries), tree

    before, _tree = count()
    for n in range(3):
        edition = _edition(
            calendar,
            organizer_agency,
            series["root"],
            title=f"Más {n}",
            days=90 + n,
            parent=series["child"],
        )
        _seat(edition, UserFactory())
        Facilitator.objects.create(
            event=edition,
            user=series["second"],
            trained_in=series["root"],
            name="Luis",
            state=Facilitator.State.ACCEPTED,
        )
    after, tree = count()
    assert after == before
    assert tree.editions == 5


@pytest.fixture
def loaded(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "LOGINS_FILE", tmp_path / "demo-logins.txt")
    snapshots.replay("demo", lambda: call_command("load_demo", quiet_logins=True))


def test_demo_series_tree_counts(loaded, client):
    workshop = EventPage.objects.get(
        slug="taller-trafico-ilicito-migrantes-2022", locale__language_code="es"
    )
    tree = series_tree(event=workshop)
    (root,) = tree.roots
    assert root.page.pk == workshop.pk
    assert (root.trained, root.enrolled) == (9, 10)
    children = {node.page.slug: node for node in root.children}
    colon = children["taller-trafico-ilicito-migrantes-2027-colon"]
    chiriqui = children["taller-trafico-ilicito-migrantes-2027-chiriqui"]
    assert colon.facilitators == ["Carmen Herrera"]
    # Ana Castillo was asked too but has not consented: not listed.
    assert chiriqui.facilitators == ["María González"]
    assert colon.generation == chiriqui.generation == 2
    # Generation 2: the four officials who took Chiriquí's first-come seats (led
    # by María González, trained in 2022) are enrolled; nobody has attended yet.
    assert (chiriqui.trained, chiriqui.enrolled) == (0, 4)
    assert [(g.number, g.trained, g.enrolled) for g in tree.generations] == [
        (1, 9, 10),
        (2, 0, 4),
        (3, 0, 0),
    ]
    english = EventPage.objects.get(
        slug="taller-trafico-ilicito-migrantes-2027-colon", locale__language_code="en"
    )
    assert english.parent_edition_id is not None
    response = client.get(english.url)
    assert b"Carmen Herrera" in response.content
    assert b'id="series-title"' in response.content


def test_organizer_names_a_former_participant_from_the_admin(series, client, organizer):
    child = series["child"]
    url = reverse("registrations_admin:facilitators", args=[child.pk])
    client.force_login(organizer)
    page = client.get(url).content.decode()
    assert f'value="{series["first"].pk}"' in page
    client.post(url, {"user": UserFactory().pk})
    assert not Facilitator.objects.exists()
    client.post(url, {"user": series["first"].pk})
    (named,) = Facilitator.objects.all()
    assert named.user == series["first"] and named.named_by == organizer
    assert named.state == Facilitator.State.PROPOSED
    client.force_login(series["second"])
    assert client.get(url).status_code in (302, 403)  # not an organizer


def test_parent_edition_is_copied_to_the_translation(
    series, locales, django_capture_on_commit_callbacks
):
    child = EventPage.objects.get(pk=series["child"].pk)
    child.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(child)
    job = Translation.objects.create(source=source, target_locale=locales["en"])
    with django_capture_on_commit_callbacks(execute=True):
        job.save_target(publish=True)
    english = EventPage.objects.get(
        translation_key=child.translation_key, locale=locales["en"]
    )
    assert english.parent_edition_id == series["root"].pk
