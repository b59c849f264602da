"""Hostile text wherever people type it renders inert: escaped in HTML, no script,
event handler or javascript: URL added to the page, feeds and JSON still parse,
spreadsheet cells never start a formula."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.admin.rich_text import DraftailRichTextArea

from announcements.models import Announcement
from announcements.services import announcement_publish
from events.models import EventPage
from home.blocks import RICH_TEXT_FEATURES
from portal.middleware import CONTROL_CHARACTERS
from registrations import services
from registrations.models import RegistrationQuestion
from tests.events.factories import EventIndexPageFactory
from tests.factories import AgencyFactory, NewsPageFactory, UserFactory, make_member
from tests.registrations.conftest import add_question, build_event

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE events_eventpage; --",
    "javascript:alert(1)",
    "' onmouseover='alert(1)' x='",
    "</script><script>alert(1)</script>",
    "<svg/onload=alert(1)>",
    "\u202eexe.pdf \u200f\u0007\u001b[31m",
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class ActiveContent(HTMLParser):
    """Collects what would run in a browser: inline scripts, event handler
    attributes, javascript: URLs, embedded frames."""

    def __init__(self, *, admin: bool = False):
        super().__init__(convert_charrefs=True)
        self.admin = admin
        self.found: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        if tag == "script":
            self._script = {"attrs": attributes, "text": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        script, self._script = self._script, None
        kind = script["attrs"].get("type", "")
        if kind in ("application/json", "application/ld+json"):
            try:
                json.loads(script["text"])
            except ValueError:
                self.found.append(f"broken {kind} block")
        elif script["attrs"].get("src"):
            source = script["attrs"]["src"]
            if not source.startswith("/") or source.startswith("//"):
                self.found.append(f"script from {script['attrs']['src']}")
        elif not self.admin or "alert(" in script["text"]:
            # Wagtail's admin has inline scripts of its own; none carries a payload.
            self.found.append(f"inline script {script['text'][:60]!r}")


def assert_inert(
    response, *, admin: bool = False, expect_escaped: bool = True, status: int = 200
):
    assert response.status_code == status, response.status_code
    html = response.content.decode()
    parser = ActiveContent(admin=admin)
    parser.feed(html)
    parser.close()
    assert parser.found == [], parser.found
    if expect_escaped:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    return html


def contentstate(*texts: str, link: str) -> str:
    """What the Draftail editor posts: blocks of text and one link entity."""
    blocks = [
        {
            "key": f"k{number}",
            "type": "unstyled",
            "text": text,
            "depth": 0,
            "inlineStyleRanges": [],
            "entityRanges": [{"offset": 0, "length": len(text), "key": 0}]
            if number == 0
            else [],
            "data": {},
        }
        for number, text in enumerate(texts)
    ]
    return json.dumps(
        {
            "blocks": blocks,
            "entityMap": {
                "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}
            },
        }
    )


def test_news_body_title_and_summary(client, site_tree):
    widget = DraftailRichTextArea(features=RICH_TEXT_FEATURES)
    rich_text = widget.value_from_datadict(
        {"body": contentstate(*PAYLOADS, link="javascript:alert(document.cookie)")},
        {},
        "body",
    )
    story = NewsPageFactory(
        parent=site_tree.news["es"],
        title=PAYLOADS[0] + PAYLOADS[1],
        slug="hostile",
        summary=" ".join(PAYLOADS),
        contact=PAYLOADS[4],
        body=[
            ("heading", PAYLOADS[5]),
            ("paragraph", rich_text),
        ],
    )
    html = assert_inert(client.get("/es/news/hostile/"))
    assert "DROP TABLE events_eventpage" in html
    assert 'href="javascript:' not in html
    assert_inert(client.get("/es/news/"))
    assert_inert(client.get("/es/"), expect_escaped=False)
    feed = client.get("/es/news/feed/")
    assert feed.status_code == 200
    titles = [
        item.findtext("title") for item in ET.fromstring(feed.content).iter("item")
    ]
    assert story.title in titles
    assert EventPage.objects.count() == 0  # the table is still there


def test_announcement_title_and_body(client, site_tree):
    for payload in PAYLOADS:
        announcement_publish(
            audience=Announcement.Audience.PUBLIC, title=payload, body=payload
        )
    html = assert_inert(client.get("/es/announcements/"))
    assert "DROP TABLE" in html
    feed = client.get("/es/announcements/feed/")
    assert feed.status_code == 200
    titles = [
        item.findtext("title") for item in ET.fromstring(feed.content).iter("item")
    ]
    assert "<script>alert(1)</script>" in titles
    admin = Client()
    admin.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert_inert(admin.get("/admin/announcements/?origin=all"), admin=True)


def test_search_queries_are_echoed_inert(client, site_tree):
    """Control characters are refused (400, portal.middleware) on a page as inert
    as any other; everything else is searched and echoed escaped."""
    for query in PAYLOADS:
        status = 400 if CONTROL_CHARACTERS.search(query) else 200
        response = client.get("/es/search/", {"q": query})
        assert_inert(response, expect_escaped=False, status=status)
        response = client.get("/es/search/", {"q": query, "format": "json"})
        assert response.status_code == status, query
        json.loads(response.content)


def test_long_or_control_character_queries_give_a_clean_page(client, site_tree):
    for query, status in (
        ("taller " * 1430, 200),  # 10,010 characters
        ("\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f", 400),
        ("mig\x00rantes \ufeff\u202e\ud7ff", 400),
        ("migrantes \ufeff\u202e\ud7ff\t\n", 200),
        ("%" * 200 + "_" * 200 + "\\" * 50, 200),
    ):
        response = client.get("/es/search/", {"q": query})
        assert response.status_code == status, query[:20]
        assert "</html>" in response.content.decode()
        as_json = client.get("/es/search/", {"q": query, "format": "json"})
        assert as_json.status_code == status, query[:20]
        json.loads(as_json.content)


@pytest.fixture
def hostile_applicants(site_tree):
    calendar = EventIndexPageFactory(parent=site_tree.homes["es"], title="Cal")
    agency = AgencyFactory(slug="organizers")
    event = build_event(calendar, agency, title="Taller", capacity=None)
    question = add_question(event, kind=RegistrationQuestion.Kind.LONG_TEXT)
    for number, payload in enumerate(PAYLOADS):
        services.registration_apply(
            event=event,
            user=UserFactory(
                username=f"hostile{number}",
                first_name=payload[:150],
                last_name="Pérez",
            ),
            answers={question.pk: payload},
        )
    organizer = make_member(agency, role="editor", username="organizer")
    client = Client()
    client.force_login(organizer)
    return event, client


def test_answers_and_names_in_the_organizers_admin(hostile_applicants):
    event, client = hostile_applicants
    url = reverse("registrations_admin:list", args=[event.pk])
    assert_inert(client.get(url), admin=True)
    registration = event.registrations.first()
    detail = reverse("registrations_admin:detail", args=[event.pk, registration.pk])
    assert_inert(client.get(detail), admin=True, expect_escaped=False)


def test_exports_never_start_a_formula(hostile_applicants):
    event, client = hostile_applicants
    response = client.get(reverse("registrations_admin:export_csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert any("<script>alert(1)</script>" == cell for cell in cells)
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    response = client.get(reverse("registrations_admin:export_xlsx", args=[event.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert [cell.coordinate for cell in values if cell.data_type == "f"] == []
    assert [
        cell.value
        for cell in values
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
    ] == []


def test_agency_names_in_directory_profile_event_and_admin(client, site_tree):
    agency = AgencyFactory(
        slug="hostile-agency",
        name_es=PAYLOADS[0] + PAYLOADS[5],
        name_en=PAYLOADS[1],
        acronym='"><b>',
        description_es=" ".join(PAYLOADS),
    )
    AgencyFactory(slug="quiet", name_es=PAYLOADS[4], name_en=PAYLOADS[6])
    calendar = EventIndexPageFactory(parent=site_tree.homes["es"], title="Cal")
    event = build_event(calendar, agency, title=PAYLOADS[5], capacity=None)
    assert_inert(client.get("/es/agencies/"))
    assert_inert(client.get("/es/agencies/hostile-agency/"))
    assert_inert(client.get(event.get_url()))
    assert_inert(client.get(calendar.get_url()))
    client.force_login(UserFactory(username="participant"))
    assert_inert(client.get("/es/accounts/profile/"))
    admin = Client()
    admin.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert_inert(admin.get("/admin/snippets/agencies/agency/"), admin=True)
    assert_inert(
        admin.get(f"/admin/snippets/agencies/agency/edit/{agency.pk}/"),
        admin=True,
        expect_escaped=False,
    )
