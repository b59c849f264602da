"""The permission matrix of issue 3, through the real admin and public URLs.

Roles × objects × actions. Outcomes: "ok" (200, or the redirect of a successful
publish), "denied" (Wagtail's permission-denied redirect to the admin home),
"login" (redirect to the sign-in page: no session, or no admin access at all),
"forbidden" (403 from the public members page).
"""

import pytest
from django.test import Client
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_localize.models import Translation, TranslationSource

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "participant",
    "member_a",
    "editor_a",
    "editor_b",
    "coordinator_a",
    "superuser",
]
# What each role may edit; everything else is denied (or needs a login first).
EDITABLE = {
    "editor_a": {"a_page", "shared_page", "a_document"},
    "editor_b": {"b_page", "shared_page"},
    "coordinator_a": {"a_page", "shared_page", "a_document"},
    "superuser": {"a_page", "b_page", "shared_page", "a_document"},
}
WITHOUT_ADMIN = {"anonymous", "participant", "member_a"}
PAGE_ACTIONS = ["view_draft", "edit", "unpublish", "delete", "publish"]
DOCUMENT_ACTIONS = ["edit", "delete"]


def expected(role: str, obj: str) -> str:
    if role in WITHOUT_ADMIN:
        return "login"
    return "ok" if obj in EDITABLE.get(role, set()) else "denied"


def client_for(world, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def outcome(response) -> str:
    if response.status_code == 200:
        form = response.context and response.context.get("form")
        if form is not None and form.errors and "agencies" in form.errors:
            return "refused"
        return "ok"
    if response.status_code == 403:
        # Agency pages explain the refusal (who organizes them) instead of
        # redirecting to the dashboard.
        templates = {template.name for template in response.templates}
        if "agencies/admin/page_refused.html" in templates:
            return "denied"
        return "forbidden"
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return "login"
        if location == "/admin/":
            return "denied"
        return "ok"
    return f"status {response.status_code}"


def publish_form_data(world, page: Page, title: str):
    """The edit form as the admin renders it, with a new title and "publish"."""
    admin = Client()
    admin.force_login(world.users["superuser"])
    html = admin.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data["title"] = title
    # The body StreamField is drawn by JavaScript; the demo pages' bodies are empty.
    data.setdefault("body-count", "0")
    data["action-publish"] = "action-publish"
    # The test client would post only the last value of a QueryDict's lists.
    return {name: data.getlist(name) for name in data}


def page_action(client, world, page: Page, action: str):
    if action == "publish":
        data = publish_form_data(world, page, f"{page.title} (republished)")
        return client.post(f"/admin/pages/{page.pk}/edit/", data)
    path = {
        "view_draft": "view_draft/",
        "edit": "edit/",
        "unpublish": "unpublish/",
        "delete": "delete/",
    }[action]
    return client.get(f"/admin/pages/{page.pk}/{path}")


@pytest.mark.parametrize("role", ROLES)
def test_page_and_document_matrix(world, role):
    client = client_for(world, role)
    mismatches = []
    for obj in ("a_page", "b_page", "shared_page"):
        page = getattr(world, obj)
        for action in PAGE_ACTIONS:
            got = outcome(page_action(client, world, page, action))
            if got != expected(role, obj):
                mismatches.append((obj, action, got, expected(role, obj)))
    document = world.a_document
    for action in DOCUMENT_ACTIONS:
        response = client.get(f"/admin/documents/{action}/{document.pk}/")
        got = outcome(response)
        if got != expected(role, "a_document"):
            mismatches.append(("a_document", action, got, expected(role, "a_document")))
    assert mismatches == []


@pytest.mark.parametrize("role", ROLES)
def test_publish_changes_only_what_the_role_may_edit(world, role):
    client = client_for(world, role)
    for obj in ("a_page", "b_page", "shared_page"):
        page = getattr(world, obj)
        title = f"{page.title} by {role}"
        data = publish_form_data(world, page, title)
        client.post(f"/admin/pages/{page.pk}/edit/", data)
        page.refresh_from_db()
        published = page.title == title and page.live
        assert published == (expected(role, obj) == "ok"), obj


MANAGE_MEMBERS = {
    "anonymous": "login",
    "participant": "forbidden",
    "member_a": "forbidden",
    "editor_a": "forbidden",
    "editor_b": "forbidden",
    "coordinator_a": "ok",
    "superuser": "ok",
}


@pytest.mark.parametrize("role", ROLES)
def test_manage_members_of_agency_a(world, role):
    client = client_for(world, role)
    response = client.get("/es/agencies/agency-a/members/")
    assert outcome(response) == MANAGE_MEMBERS[role]
    # Nobody but superusers manages agency B here: coordinator A is not B's.
    response = client.get("/es/agencies/agency-b/members/")
    expected_b = {"anonymous": "login", "superuser": "ok"}.get(role, "forbidden")
    assert outcome(response) == expected_b


def test_editor_deletes_own_agency_page_but_not_another(world):
    client = client_for(world, "editor_a")
    a_page, b_page = world.a_page, world.b_page
    client.post(f"/admin/pages/{b_page.pk}/delete/")
    client.post(f"/admin/pages/{a_page.pk}/delete/")
    assert Page.objects.filter(pk=b_page.pk).exists()
    assert not Page.objects.filter(pk=a_page.pk).exists()


def test_editors_see_the_indexes_but_not_the_home_page_editor(world, site_tree):
    client = client_for(world, "editor_a")
    assert client.get(f"/admin/pages/{site_tree.news['es'].pk}/").status_code == 200
    home = site_tree.homes["es"]
    assert outcome(client.get(f"/admin/pages/{home.pk}/edit/")) == "denied"
    news_index = site_tree.news["es"]
    assert outcome(client.get(f"/admin/pages/{news_index.pk}/edit/")) == "denied"
    assert outcome(client.get(f"/admin/pages/{news_index.pk}/unpublish/")) == "denied"


TRANSLATION_ACTIONS = ["translation_editor", "submit_translation"]


def english_translations(world) -> dict:
    """Each page's English translation, made with wagtail-localize (issue 16)."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    translations = {}
    for obj in ("a_page", "b_page", "shared_page"):
        source, _created = TranslationSource.get_or_create_from_instance(
            getattr(world, obj)
        )
        translation = Translation.objects.create(source=source, target_locale=english)
        translation.save_target(publish=False)
        translations[obj] = translation
    return translations


@pytest.mark.parametrize("role", ROLES)
def test_translation_editor_matrix(world, role):
    """Only the organizing agencies' editors (and superusers) open a page's
    translation editor or submit it for translation."""
    translations = english_translations(world)
    client = client_for(world, role)
    mismatches = []
    for obj, translation in translations.items():
        target = translation.get_target_instance()
        urls = {
            "translation_editor": f"/admin/pages/{target.pk}/edit/",
            "submit_translation": (
                f"/admin/localize/submit/page/{getattr(world, obj).pk}/"
            ),
        }
        for action in TRANSLATION_ACTIONS:
            response = client.get(urls[action])
            got = outcome(response)
            if got == "ok" and action == "translation_editor":
                templates = {template.name for template in response.templates}
                if "wagtail_localize/admin/edit_translation.html" not in templates:
                    got = "not the translation editor"
            if got != expected(role, obj):
                mismatches.append((obj, action, got, expected(role, obj)))
    assert mismatches == []


def test_focal_point_nominates_for_its_agency_and_edits_nothing(world):
    """A focal point is a member who nominates (and endorses) for its agency: no
    admin, no page or document of any agency, no nomination for another."""
    from agencies import permissions
    from tests.factories import make_member

    focal = make_member(world.agency_a, role="focal_point")
    client = Client()
    client.force_login(focal)
    for obj in ("a_page", "b_page", "shared_page"):
        page = getattr(world, obj)
        for action in PAGE_ACTIONS:
            assert outcome(page_action(client, world, page, action)) == "login"
    assert not permissions.user_has_editing_rights(focal)
    assert permissions.nominating_agency_ids(focal) == {world.agency_a.pk}
    assert permissions.user_can_nominate_for(focal, world.agency_a)
    assert not permissions.user_can_nominate_for(focal, world.agency_b)
    # Editors do not nominate; coordinators, who manage the members, do.
    assert not permissions.user_can_nominate_for(
        world.users["editor_a"], world.agency_a
    )
    assert permissions.user_can_nominate_for(
        world.users["coordinator_a"], world.agency_a
    )
