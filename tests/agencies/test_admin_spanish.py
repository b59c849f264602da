"""Spanish-speaking staff get the admin in Spanish, whatever their browser asks for:
the dashboard, the page form and its validation banner, the workflow's name."""

import json
import os
import re
from pathlib import Path

import polib
import pytest
import wagtail
import wagtail_localize
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import Workflow
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import Translation, TranslationSource

from agencies import services
from registrations import services as registration_services
from registrations.models import AgencyQuota, Decision, Offer, Registration
from tests.factories import make_member
from tests.registrations.review_world import build_review_world

pytestmark = pytest.mark.django_db


def _client(user, *, browser_language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=browser_language)
    client.force_login(user)
    return client


def _invalid_news(agency_ids) -> dict:
    data = nested_form_data(
        {
            "title": "",
            "slug": "",
            "date": "",
            "summary": "",
            "body": streamfield([]),
            "contact": "",
            "tags": "",
        }
    )
    data["agencies"] = [str(pk) for pk in agency_ids]
    return data


def _text(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


@pytest.mark.parametrize("browser_language", ["es", "en"])
def test_a_spanish_speaking_editor_gets_a_spanish_dashboard(world, browser_language):
    editor = world.users["editor_a"]
    services.profile_update(user=editor, preferred_language="es")
    response = _client(editor, browser_language=browser_language).get("/admin/")
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()[:200]
    text = _text(response)
    assert "Panel de control" in text
    assert "páginas creadas en" in text
    assert "Pages created in" not in text and "editor guide" not in text


@pytest.mark.parametrize("browser_language", ["es", "en"])
def test_an_invalid_page_form_has_a_spanish_banner(world, site_tree, browser_language):
    editor = world.users["editor_a"]
    services.profile_update(user=editor, preferred_language="es")
    response = _client(editor, browser_language=browser_language).post(
        f"/admin/pages/add/home/newspage/{site_tree.news['es'].pk}/",
        _invalid_news([world.agency_a.pk]),
    )
    assert response.status_code == 200
    text = _text(response)
    assert "No se pudo crear la página porque hay errores de validación." in text
    assert "Ir al primer error" in text
    assert "Este campo es necesario." in text
    for english in (
        "could not be created",
        "Go to the first error",
        "Moderators approval",
        "Autosave is paused",
        "Content metrics",
    ):
        assert english not in text


def test_an_english_speaking_editor_keeps_an_english_admin(world):
    editor = world.users["editor_a"]
    services.profile_update(user=editor, preferred_language="en")
    response = _client(editor, browser_language="es").get("/admin/")
    assert "Dashboard" in _text(response)


def test_the_default_workflow_is_named_in_spanish(db):
    names = set(Workflow.objects.values_list("name", flat=True))
    assert "Moderators approval" not in names
    assert "Aprobación de moderadores" in names


def test_the_override_catalogue_is_compiled_and_still_needed():
    """locale_overrides/ holds only strings Wagtail's own Spanish lacks, all
    translated, and its .mo matches its .po."""
    overrides = Path(__file__).resolve().parents[2] / "locale_overrides"
    source = polib.pofile(str(overrides / "es/LC_MESSAGES/django.po"))
    assert source.untranslated_entries() == [] and source.fuzzy_entries() == []
    compiled = {
        e.msgid: e.msgstr_plural or e.msgstr
        for e in polib.mofile(str(overrides / "es/LC_MESSAGES/django.mo"))
        if e.msgid
    }
    assert compiled == {e.msgid: e.msgstr_plural or e.msgstr for e in source}
    upstream = polib.pofile(
        str(Path(wagtail.__file__).parent / "admin/locale/es/LC_MESSAGES/django.po")
    )
    upstream_done = {e.msgid for e in upstream if e.translated()}
    assert not upstream_done & {e.msgid for e in source}


# English that Wagtail, wagtail-localize or the project would show an agency
# editor if a string lacked its Spanish (found by walking these pages with the
# admin in Spanish; each was seen in English before locale_overrides/ had it).
KNOWN_ENGLISH = (
    "Dashboard",
    "Pages created in",
    "Go to the first error",
    "Moderators approval",
    "Autosave is paused",
    "Content metrics",
    "Save draft",
    "Add child page",
    "Sort by",
    "Search in",
    "Toggle all",
    "Show disabled",
    "Is commenting action",
    "Paste without formatting",
    "Keyboard shortcuts",
    "Page/Snippet",
    "Include subtree",
    "Why not",
    "There are no",
    "No results in",
    "Last updated",
    "Log out",
    "Translate",
    "Sync translated pages",
    "Add a recommended result",
    "Usage count",
    "Choose a collection",
    "More actions",
    "Live",
    "Draft",
    "Status",
    "Actions",
    "Preview",
    "History",
    "Comments",
    "Privacy",
    "Collection",
    "Upload",
    "Documents",
    "Images",
    "Reports",
    "Help",
    "Settings",
    "Edit",
    "Delete",
    "Account",
)


def _admin_pages(world, site_tree) -> dict[str, str]:
    news = site_tree.news["es"]
    return {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{news.pk}/",
        "page search": "/admin/pages/search/?q=news",
        "edit form": f"/admin/pages/{world.a_page.pk}/edit/",
        "create form": f"/admin/pages/add/home/newspage/{news.pk}/",
        "history": f"/admin/pages/{world.a_page.pk}/history/",
        "documents": "/admin/documents/",
        "document form": f"/admin/documents/edit/{world.a_document.pk}/",
        "images": "/admin/images/",
        "image upload": "/admin/images/multiple/add/",
        "account": "/admin/account/",
        "translations": "/admin/agencies/translations/",
        "coordination": "/admin/events/coordination/",
        "co-organizing": "/admin/events/co-organizing/",
        "announcements": "/admin/announcements/",
        "new announcement": "/admin/announcements/new/",
        "agencies": "/admin/snippets/agencies/agency/",
        "workflow tasks": "/admin/workflows/tasks/index/",
        "locked pages": "/admin/reports/locked/",
    }


def test_an_agency_editor_walks_the_admin_in_spanish(world, site_tree):
    """The main admin pages an agency editor opens, and an invalid form's
    banner, show none of the known English strings (issue 16). Pages the editor
    may not open are skipped. SHOW_ADMIN_TEXT=1 prints each page's visible text,
    to look for English a new Wagtail release brings."""
    editor = world.users["editor_a"]
    services.profile_update(user=editor, preferred_language="es")
    client = _client(editor, browser_language="en")
    found = {}
    for name, url in _admin_pages(world, site_tree).items():
        response = client.get(url)
        if response.status_code in (302, 403, 404):
            continue
        assert response.status_code == 200, (name, response.status_code)
        text = _text(response)
        if os.environ.get("SHOW_ADMIN_TEXT"):
            print("=====", name, url, "\n", text)
        english = [w for w in KNOWN_ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]
        if english:
            found[name] = english
    invalid = client.post(
        f"/admin/pages/add/home/newspage/{site_tree.news['es'].pk}/",
        _invalid_news([world.agency_a.pk]),
    )
    text = _text(invalid)
    assert "Ir al primer error" in text
    english = [w for w in KNOWN_ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]
    if english:
        found["invalid form"] = english
    assert found == {}


# --- The translation editor (wagtail-localize's React app) --------------------

LOCALIZE = Path(wagtail_localize.__file__).parent
# Texts the editor writes without gettext; agencies/static/agencies/js/
# translation-editor.js gives them the admin's language from the catalogue.
EDITOR_TEXTS_WITHOUT_GETTEXT = ("More actions", "%(source)s to %(target)s translation")


def _served_catalogue(client) -> dict:
    """The JavaScript catalogue the translation editor loads, as served."""
    script = client.get(reverse("wagtail_localize:javascript_catalog"))
    found = re.search(r"const newcatalog = (\{.*?\});\n", script.content.decode(), re.S)
    return json.loads(found.group(1))


def test_the_translation_editor_speaks_spanish_to_an_agency_editor(world, locales):
    """The editor's page and its props (field labels, tabs) and every string its
    JavaScript asks gettext for, as a Spanish agency editor gets them."""
    editor = world.users["editor_a"]
    services.profile_update(user=editor, preferred_language="es")
    source, _created = TranslationSource.get_or_create_from_instance(world.a_page)
    translation = Translation.objects.create(source=source, target_locale=locales["en"])
    translation.save_target()
    english = world.a_page.get_translation(locales["en"])
    client = _client(editor, browser_language="en")

    response = client.get(f"/admin/pages/{english.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    props = json.loads(soup.select_one(".js-translation-editor")["data-props"])
    text = _text(response)
    if os.environ.get("SHOW_ADMIN_TEXT"):
        print("===== translation editor\n", text, "\n", json.dumps(props)[:6000])
    labels = [
        value
        for segment in props["segments"]
        for value in (segment.get("location", {}).get("field"),)
        if value
    ]
    assert "Título" in labels and "Title" not in labels
    assert props["locale"]["displayName"] == "Inglés"
    tabs = [tab["label"] for tab in props["tabs"]]
    assert tabs[:2] == ["Contenido", "Promocionar"]
    english_found = [
        w
        for w in (*KNOWN_ENGLISH, "Translation of", "Eligibility")
        if re.search(rf"\b{re.escape(w)}\b", text + " " + " ".join(labels))
    ]
    assert english_found == []

    # What its JavaScript translates: every string of wagtail-localize's own
    # catalogue (extracted from the editor's source), and the two texts it
    # writes without gettext, have Spanish in the catalogue served, spaces kept.
    catalogue = _served_catalogue(client)
    upstream = polib.pofile(str(LOCALIZE / "locale/en/LC_MESSAGES/djangojs.po"))
    missing = []
    for msgid in [e.msgid for e in upstream if e.msgid] + list(
        EDITOR_TEXTS_WITHOUT_GETTEXT
    ):
        spanish = catalogue.get(msgid)
        if isinstance(spanish, list):
            spanish = spanish[-1]
        if not spanish or spanish == msgid and msgid not in ("Editar",):
            missing.append(msgid)
        elif spanish[-1:].isspace() != msgid[-1:].isspace():
            missing.append(f"{msgid!r} -> {spanish!r}")
    assert missing == []
    # The texts the editor writes without gettext are put in Spanish by the
    # script every admin page loads (it acts only on this page).
    assert "agencies/js/translation-editor.js" in response.content.decode()


# --- The applicant pages of a training ------------------------------------------

# English a Spanish coordinator saw on the applicant pages before their Spanish
# was written (the decisions' actions and automatic actor in the decisions
# export), besides the admin's KNOWN_ENGLISH; and words to catch if a status,
# quota or score heading lost its Spanish.
APPLICANT_ENGLISH = (
    "Offer accepted",
    "Offer declined",
    "Offer withdrawn",
    "Seat offered",
    "system",
    "Applicants",
    "Waitlisted",
    "Pending",
    "Confirmed",
    "Declined",
    "Score",
    "Reviewers",
    "Quota",
    "Seats",
)


def _applicant_world(calendar) -> dict:
    """The panel-reviewed training of tests/registrations/review_world.py, with
    an agency quota, reviewers' scores, decisions with a reason, a waiting list
    and seat offers (one declined, one still open)."""
    world = build_review_world(calendar, applicants=6, capacity=3)
    event, people = world["event"], world["registrations"]
    organizer = world["organizer"]
    AgencyQuota.objects.create(page=event, agency=world["other"], seats=1)
    for reviewer in world["reviewers"][:2]:
        for registration in people[:4]:
            registration_services.review_record(
                event=event,
                registration_id=registration.pk,
                reviewer=reviewer,
                scores={criterion.pk: 4 for criterion in world["criteria"]},
                note="Buen perfil",
            )
    Status = Registration.Status
    for ids, status in (
        ([people[0].pk, people[2].pk], Status.CONFIRMED),
        ([people[1].pk, people[3].pk, people[5].pk], Status.WAITLISTED),
        ([people[4].pk], Status.DECLINED),
    ):
        registration_services.registration_decide(
            event=event,
            registration_ids=ids,
            status=status,
            by=organizer,
            reason_code=Decision.Reason.NO_SEATS if status == Status.DECLINED else "",
        )
    registration_services.registration_cancel(registration=people[0], by=people[0].user)
    offer = Offer.objects.get(event=event, status=Offer.Status.OPEN)
    registration_services.offer_decline(offer=offer, by=offer.registration.user)
    coordinator = make_member(world["lead"], role="coordinator", username="rv-coord")
    services.profile_update(user=coordinator, preferred_language="es")
    return {**world, "coordinator": coordinator}


def test_a_coordinator_walks_the_applicant_pages_in_spanish(calendar):
    """Applicant list (quotas, offers, scores), an application and its history,
    the review panel, the selection proposal, attendance, evaluations,
    certificates and both exports, as a Spanish coordinator of the lead agency;
    the review grid as a Spanish reviewer. SHOW_ADMIN_TEXT=1 prints them."""
    world = _applicant_world(calendar)
    event, people = world["event"], world["registrations"]
    offered = Offer.objects.filter(event=event).values_list("registration", flat=True)
    assert Offer.objects.filter(event=event).count() == 2, "a declined and an open"
    pages = {
        name: reverse(f"registrations_admin:{name}", args=[event.pk])
        for name in (
            "list",
            "review_panel",
            "selection",
            "evaluations",
            "certificates",
            "decisions_csv",
            "export_csv",
        )
    }
    pages["waiting list"] = pages["list"] + "?status=waitlisted"
    for registration in (people[4], *Registration.objects.filter(pk__in=offered)):
        pages[f"application {registration.pk}"] = reverse(
            "registrations_admin:detail", args=[event.pk, registration.pk]
        )
    pages["attendance"] = reverse(
        "registrations_admin:attendance", args=[event.pk, event.sessions.get().pk]
    )
    client = _client(world["coordinator"], browser_language="en")
    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        if name.endswith("csv"):
            text = response.content.decode("utf-8-sig")
        else:
            text = _text(response)
        if os.environ.get("SHOW_ADMIN_TEXT"):
            print("=====", name, url, "\n", text)
        english = [
            w
            for w in (*KNOWN_ENGLISH, *APPLICANT_ENGLISH)
            if re.search(rf"\b{re.escape(w)}\b", text)
        ]
        if english:
            found[name] = english
    # The reviewers' grid (on the portal side, in the reviewer's language).
    reviewer = world["reviewers"][0]
    services.profile_update(user=reviewer, preferred_language="es")
    grid = _client(reviewer, browser_language="en").get(
        reverse("registrations:review_grid", args=[event.pk])
    )
    assert grid.status_code == 200
    text = _text(grid)
    if os.environ.get("SHOW_ADMIN_TEXT"):
        print("===== review grid\n", text)
    english = [
        w
        for w in (*KNOWN_ENGLISH, *APPLICANT_ENGLISH)
        if re.search(rf"\b{re.escape(w)}\b", text)
    ]
    if english:
        found["review grid"] = english
    assert found == {}
