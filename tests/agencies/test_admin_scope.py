"""Issue 13: no admin URL shows an editor another agency's non-public content.

Every URL pattern under `wagtail.admin.urls` (Wagtail's and the portal's) is walked
from the URLconf. Each one is either requested as editor A with agency B's objects
in its path (a draft page, a live page with an unpublished revision, a private page,
that revision, an image and a document in B's private collection, B's workflow
states) and must not reveal them, or it sits in ALLOWLIST with the reason it cannot
show another agency's content. A new pattern Wagtail or the portal adds fails
`test_every_admin_pattern_is_checked_or_allowlisted` until it is classified.
"""

import io
import re
from itertools import product

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    CollectionViewRestriction,
    GroupApprovalTask,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    Workflow,
    WorkflowTask,
)
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationSource,
)

from agencies.models import Membership
from home.models import HomePage
from tests.events.factories import EventIndexPageFactory, EventPageFactory, one_day
from tests.factories import (
    AgencyFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    make_member,
)

# Every title and file name of agency B's non-public objects carries this marker;
# no response to editor A may contain it.
SECRET = "Bsecret"
# Live, its title public, but with a pending draft under a secret title.
B_PUBLIC_TITLE = "B public notice"
# Live, public, no pending draft: choosers may offer it to other agencies.
B_OPEN_TITLE = "B open guide"
A_TITLE = "A own news"

# Patterns that cannot show another agency's pages, images or documents, and why.
# Keys are the routes as `walk_admin_patterns` prints them.
ALLOWLIST = {
    # The dashboard's panels and the menu use the same page policy as the explorer;
    # the dashboard is requested in test_dashboard_lists_no_other_agency_page.
    "": "dashboard (checked separately)",
    "test404/": "a fixed 404 page",
    "failwhale/": "raises a test error for superusers",
    "sprite/": "static icon sprite",
    "jsi18n/": "JavaScript translation catalogue",
    "^.*/$": "the admin's catch-all 404",
    # Account: the signed-in person's own settings and sessions.
    "account/": "own account settings",
    "logout/": "signs the editor out",
    "login/": "redirects to allauth (see portal/urls.py)",
    "password_reset/": "allauth handles passwords",
    "password_reset/done/": "allauth handles passwords",
    "password_reset/confirm/<uidb64>/<token>/": "allauth handles passwords",
    "password_reset/complete/": "allauth handles passwords",
    "dismissibles/": "own dismissed hints",
    "editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>"
    "/<int:session_id>/": "POST only; checks the permission policy of the object",
    "editing-sessions/release/<int:session_id>/": "POST only; own session",
    "block-preview/": "renders a StreamField block from the request, no stored object",
    # Links typed by the editor, no stored object.
    "choose-external-link/": "form for a URL the editor types",
    "choose-email-link/": "form for an address the editor types",
    "choose-phone-link/": "form for a number the editor types",
    "choose-anchor-link/": "form for an anchor the editor types",
    "tag-autocomplete/": "tag names only (shared vocabulary, no object)",
    "tag-autocomplete/<slug:app_name>/<slug:model_name>/": "tag names only",
    # Creating, not showing: add forms and uploads show no existing object.
    "documents/add/": "empty upload form",
    "documents/multiple/add/": "upload form; lists only the editor's own uploads",
    "images/add/": "empty upload form",
    "images/multiple/add/": "upload form; lists only the editor's own uploads",
    "documents/chooser/create/": "upload form",
    "images/chooser/create/": "upload form",
    "documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": (
        "POST only, the uploader's own upload"
    ),
    "documents/multiple/delete_upload/<int:uploaded_file_id>/": "POST only, own upload",
    "images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": (
        "POST only, the uploader's own upload"
    ),
    "images/multiple/delete_upload/<int:uploaded_file_id>/": "POST only, own upload",
    # Superusers only (Wagtail's model permissions, which agency editors never get):
    # collections, workflows and tasks, redirects, settings, locales, sites, users,
    # groups, form submissions' index, translations.
    **dict.fromkeys(
        (
            "collections/",
            "collections/add/",
            "collections/<int:pk>/",
            "collections/<int:pk>/delete/",
            "collections/<int:collection_id>/privacy/",
            "workflows/list/",
            "workflows/list/results/",
            "workflows/add/",
            "workflows/enable/<int:pk>/",
            "workflows/disable/<int:pk>/",
            "workflows/edit/<int:pk>/",
            "workflows/usage/<int:pk>/",
            "workflows/usage/<int:pk>/results/",
            "workflows/remove/<int:page_pk>/",
            "workflows/remove/<int:page_pk>/<int:workflow_pk>/",
            "workflows/tasks/add/<str:app_label>/<str:model_name>/",
            "workflows/tasks/select_type/",
            "workflows/tasks/index/",
            "workflows/tasks/index/results/",
            "workflows/tasks/edit/<int:pk>/",
            "workflows/tasks/disable/<int:pk>/",
            "workflows/tasks/enable/<int:pk>/",
            "workflows/task_chooser/",
            "workflows/task_chooser/results/",
            "workflows/task_chooser/create/",
            "workflows/task_chooser/<int:task_id>/",
            "redirects/",
            "redirects/results/",
            "redirects/add/",
            "redirects/<int:redirect_id>/",
            "redirects/<int:redirect_id>/delete/",
            "redirects/import/",
            "redirects/import/process/",
            "settings/<slug:app_name>/<slug:model_name>/",
            "settings/<slug:app_name>/<slug:model_name>/<int:pk>/",
            "settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/",
            "locales/",
            "locales/results/",
            "locales/new/",
            "locales/edit/<int:pk>/",
            "locales/delete/<int:pk>/",
            "locales/history/<int:pk>/",
            "locales/history-results/<int:pk>/",
            "locales/usage/<int:pk>/",
            "sites/",
            "sites/results/",
            "sites/new/",
            "sites/edit/<int:pk>/",
            "sites/delete/<int:pk>/",
            "sites/history/<int:pk>/",
            "sites/history-results/<int:pk>/",
            "sites/usage/<int:pk>/",
            "sites/copy/<int:pk>/",
            "users/",
            "users/results/",
            "users/new/",
            "users/edit/<int:pk>/",
            "users/delete/<int:pk>/",
            "users/history/<int:pk>/",
            "users/history-results/<int:pk>/",
            "users/usage/<int:pk>/",
            "users/copy/<int:pk>/",
            "groups/",
            "groups/results/",
            "groups/new/",
            "groups/edit/<int:pk>/",
            "groups/delete/<int:pk>/",
            "groups/history/<int:pk>/",
            "groups/history-results/<int:pk>/",
            "groups/usage/<int:pk>/",
        ),
        "needs model permissions agency editors never hold",
    ),
    # Snippets: topics are a shared vocabulary, agencies a public directory.
    "snippets/": "lists snippet models, no objects",
    **{
        route.format(model=model): "public directory / shared vocabulary"
        for model, route in product(
            ("home/topic", "agencies/agency"),
            (
                "snippets/{model}/",
                "snippets/{model}/results/",
                "snippets/{model}/add/",
                "snippets/{model}/edit/<int:pk>/",
                "snippets/{model}/delete/<int:pk>/",
                "snippets/{model}/usage/<int:pk>/",
                "snippets/{model}/history/<int:pk>/",
                "snippets/{model}/history-results/<int:pk>/",
                "snippets/{model}/copy/<int:pk>/",
                "snippets/choose/{model}/",
                "snippets/choose/{model}/results/",
                "snippets/choose/{model}/chosen/<str:pk>/",
                "snippets/choose/{model}/chosen-multiple/",
                "snippets/choose/{model}/create/",
            ),
        )
    },
    # wagtail-localize: its JavaScript catalogue, and snippets' translation and
    # API, which reach only registered snippets (topics, agencies: public).
    "localize/jsi18n/": "JavaScript translation catalogue",
    "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": (
        "snippets only (topics, agencies)"
    ),
    "localize/api/snippets/<slug:app_label>/<slug:model_name>/": (
        "registered snippets only (topics, agencies)"
    ),
    "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/": (
        "registered snippets only (topics, agencies)"
    ),
    # Announcements' admin belongs to the announcements app and its own tests
    # (tests/announcements/): its audiences are not pages, images or documents.
    **dict.fromkeys(
        (
            "announcements/",
            "announcements/results/",
            "announcements/new/",
            "announcements/edit/<int:pk>/",
            "announcements/delete/<int:pk>/",
            "announcements/history/<int:pk>/",
            "announcements/history-results/<int:pk>/",
            "announcements/usage/<int:pk>/",
            "announcements/copy/<int:pk>/",
        ),
        "announcements admin, scoped and tested by the announcements app",
    ),
}

# Shows other agencies' content on purpose; kept apart so that each is a decision.
SHARED_ON_PURPOSE = {
    # events.selectors.coordination_calendar: every agency's trainings, drafts too,
    # so that agencies planning trainings see each other's dates (issue 13 leaves
    # this to the events owner; the lead decides whether drafts stay in it).
    "events/coordination/": "cross-agency planning calendar",
}


def walk_admin_patterns(patterns=None, prefix=""):
    """(route, URLPattern) for every pattern the admin's URLconf registers."""
    if patterns is None:
        patterns = wagtailadmin_urls.urlpatterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk_admin_patterns(
                pattern.url_patterns, prefix + str(pattern.pattern)
            )
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


PARAMETER = re.compile(
    r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rx>\w+)>[^)]*\)"
)


def route_parameters(route: str) -> list[str]:
    return [m["name"] or m["rx"] for m in PARAMETER.finditer(route)]


def fill_route(route: str, values: dict) -> str:
    def replace(match):
        return str(values[match["name"] or match["rx"]])

    path = PARAMETER.sub(replace, route)
    # Regex routes (`api/main/^pages/`, the compare view) drop their anchors.
    return "/admin/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def _png() -> ContentFile:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (30, 30, 200)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{SECRET}-photo.png")


class AdminScopeWorld(TestCase):
    """Agencies A and B, editor A, and B's non-public pages, image and document."""

    @classmethod
    def setUpTestData(cls):
        locale = Locale.objects.get_or_create(language_code="es")[0]
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        home = root.add_child(
            instance=HomePage(
                title="Home es", slug="home-es", hero_title="Hero", locale=locale
            )
        )
        Site.objects.all().delete()
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
        cls.news_index = NewsIndexPageFactory(parent=home, title="News es")
        cls.resource_index = ResourceIndexPageFactory(parent=home, title="Resources")
        cls.agency_a = AgencyFactory(slug="agency-a", name_es="Agencia A")
        cls.agency_b = AgencyFactory(slug="agency-b", name_es="Agencia B")
        cls.editor_a = make_member(
            cls.agency_a, Membership.Role.EDITOR, username="editor-a"
        )
        cls.editor_b = make_member(
            cls.agency_b, Membership.Role.EDITOR, username="editor-b"
        )
        cls.superuser = get_user_model().objects.create_superuser(
            username="root", email="root@example.org", password="correct-horse-battery"
        )

        def organized(page, agency):
            # Parental relations reach the database on save, not on set().
            page.agencies.set([agency])
            page.save()
            return page

        cls.a_page = organized(
            NewsPageFactory(parent=cls.news_index, title=A_TITLE), cls.agency_a
        )
        cls.a_page.save_revision().publish()
        # Never published.
        cls.b_draft = organized(
            ResourcePageFactory(
                parent=cls.resource_index, title=f"{SECRET} draft page", live=False
            ),
            cls.agency_b,
        )
        cls.b_draft.save_revision(user=cls.editor_b)
        # Live and public, with an unpublished revision under another title.
        cls.b_public = organized(
            ResourcePageFactory(parent=cls.resource_index, title=B_PUBLIC_TITLE),
            cls.agency_b,
        )
        cls.b_public.save_revision().publish()
        cls.b_public.title = f"{SECRET} revision title"
        cls.b_revision = cls.b_public.save_revision(user=cls.editor_b, log_action=True)
        cls.b_public.refresh_from_db()
        cls.b_open = organized(
            ResourcePageFactory(parent=cls.resource_index, title=B_OPEN_TITLE),
            cls.agency_b,
        )
        cls.b_open.save_revision().publish()
        # A training of B's in preparation, with a session.
        calendar = EventIndexPageFactory(parent=home)
        cls.b_training = EventPageFactory(
            parent=calendar,
            title=f"{SECRET} training",
            lead_agency=cls.agency_b,
            days=one_day(2030, 3, 4),
            live=False,
        )
        # Live but private (members of B's editors' group only).
        cls.b_private = organized(
            NewsPageFactory(parent=cls.news_index, title=f"{SECRET} private page"),
            cls.agency_b,
        )
        cls.b_private.save_revision().publish()
        restriction = PageViewRestriction.objects.create(
            page=cls.b_private, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([cls.agency_b.editors_group])
        for page in (cls.b_draft, cls.b_public, cls.b_private):
            log(instance=page, action="wagtail.edit", user=cls.editor_b)
        cls.b_draft.save_revision(user=cls.editor_b)
        # Locked, so that the locked-pages report has something of B's to show.
        Page.objects.filter(pk=cls.b_draft.pk).update(
            locked=True, locked_by=cls.editor_b
        )

        cls.b_private_collection = cls.agency_b.collection.add_child(
            name="Agencia B privada"
        )
        collection_restriction = CollectionViewRestriction.objects.create(
            collection=cls.b_private_collection,
            restriction_type=CollectionViewRestriction.GROUPS,
        )
        collection_restriction.groups.set([cls.agency_b.editors_group])
        cls.b_image = get_image_model().objects.create(
            title=f"{SECRET} image",
            file=_png(),
            collection=cls.b_private_collection,
            uploaded_by_user=cls.editor_b,
        )
        cls.b_document = get_document_model().objects.create(
            title=f"{SECRET} protocol",
            file=ContentFile(b"plain text", name=f"{SECRET}-protocol.txt"),
            collection=cls.b_private_collection,
            uploaded_by_user=cls.editor_b,
        )
        # Not in the private collection, but still B's: only B's editors manage it.
        cls.b_unlisted_image = get_image_model().objects.create(
            title=f"{SECRET} unlisted image",
            file=_png(),
            collection=cls.agency_b.collection,
            uploaded_by_user=cls.editor_b,
        )
        for instance in (cls.b_image, cls.b_document):
            log(instance=instance, action="wagtail.create", user=cls.editor_b)

        # B's draft is in moderation.
        workflow = Workflow.objects.create(name="Agency B moderation")
        task = GroupApprovalTask.objects.create(name="Agency B review")
        task.groups.set([cls.agency_b.editors_group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        cls.b_workflow_state = workflow.start(cls.b_draft, cls.editor_b)
        cls.b_task_state = cls.b_workflow_state.current_task_state
        cls.b_task = task

        # B's pages submitted for translation into English (wagtail-localize):
        # the translation editor, its strings, previews and sync views name them.
        english = Locale.objects.get_or_create(language_code="en")[0]
        cls.b_translations = {}
        for page in (cls.b_draft, cls.b_public, cls.b_private):
            source, _created = TranslationSource.get_or_create_from_instance(page)
            translation = Translation.objects.create(
                source=source, target_locale=english
            )
            translation.save_target(user=cls.editor_b, publish=False)
            cls.b_translations[page.pk] = translation

    def setUp(self):
        self.client = Client()
        self.client.force_login(self.editor_a)


def _translation_values(translation) -> dict:
    """Path values naming a translation of B's page and its parts."""
    segment = StringSegment.objects.filter(source=translation.source).first()
    override = OverridableSegment.objects.filter(source=translation.source).first()
    return {
        "translation_id": translation.pk,
        "translation_source_id": translation.source_id,
        "string_segment_id": segment.pk if segment else 0,
        "overridable_segment_id": override.pk if override else 0,
        "mode": "default",
    }


def b_page_values(world) -> list[dict]:
    """Path values for each of B's non-public pages (and its latest revision)."""
    rows = []
    images = (world.b_image, world.b_unlisted_image, world.b_image)
    pages = (world.b_draft, world.b_public, world.b_private)
    for page, image in zip(pages, images, strict=True):
        revision = page.latest_revision
        rows.append(
            {
                "page_id": page.pk,
                "parent_page_id": page.pk,
                "page_to_move_id": page.pk,
                "destination_id": world.resource_index.pk,
                "pk": page.pk,
                "revision_id": revision.pk,
                "revision_id_a": "earliest",
                "revision_id_b": "latest",
                "content_type_app_name": page._meta.app_label,
                "content_type_model_name": page._meta.model_name,
                "workflow_state_id": world.b_workflow_state.pk,
                "task_state_id": world.b_task_state.pk,
                "task_id": world.b_task.pk,
                "action_name": "approve",
                "image_id": image.pk,
                "document_id": world.b_document.pk,
                "doc_id": world.b_document.pk,
                "uploaded_file_id": world.b_image.pk,
                "filter_spec": "max-165x165",
                "app_label": page._meta.app_label,
                "model_name": page._meta.model_name,
                **_translation_values(world.b_translations[page.pk]),
            }
        )
    return rows


def query_strings(world, route: str) -> list[dict]:
    """Query strings tried on a listing: the admin API's tree filters below B's
    pages and their indexes, elsewhere searches for words of B's titles (not the
    marker: a search form echoes its query)."""
    words = ("draft", "private", "revision", "protocol", "image")
    key = "search" if route.startswith("api/") else "q"
    queries = [{}, *({key: word} for word in words)]
    if route == "api/main/^pages/":
        for parent in (world.resource_index, world.news_index, world.b_draft):
            queries += [
                {"child_of": parent.pk},
                {"descendant_of": parent.pk},
                {"child_of": parent.pk, "for_explorer": 1},
            ]
    if route.startswith("api/"):
        queries += [{"fields": "*"}]
    return queries


def bulk_action_urls(world) -> list[str]:
    """Every registered bulk action's confirmation page for B's objects."""
    objects = {
        ("wagtailcore", "page"): [world.b_draft, world.b_public, world.b_private],
        ("wagtailimages", "image"): [world.b_image, world.b_unlisted_image],
        ("wagtaildocs", "document"): [world.b_document],
    }
    urls = []
    for (app_label, model_name), instances in objects.items():
        for action in bulk_action_registry.get_bulk_actions_for_model(
            app_label, model_name
        ):
            ids = "&".join(f"id={obj.pk}" for obj in instances)
            path = f"/admin/bulk/{app_label}/{model_name}/{action.action_type}/"
            urls.append(f"{path}?next=/admin/&{ids}")
            # "Select all" in a listing: all of the model's objects, or a parent's.
            urls.append(f"{path}?next=/admin/&id=all")
            for parent in (world.resource_index, world.news_index):
                urls.append(f"{path}?next=/admin/&id=all&childOf={parent.pk}")
    return urls


def urls_for(world, route: str) -> list[str]:
    """The URLs that request `route` with B's objects."""
    if route == "bulk/<str:app_label>/<str:model_name>/<str:action>/":
        return bulk_action_urls(world)
    parameters = route_parameters(route)
    if not parameters:
        return [fill_route(route, {})]
    urls = []
    for values in b_page_values(world):
        # The admin API names every object `pk`.
        if route.startswith("api/main/^images/"):
            values = values | {"pk": values["image_id"]}
        elif route.startswith("api/main/^documents/"):
            values = values | {"pk": values["document_id"]}
        if route.startswith(("registrations/", "events/")):
            # The trainings' admin (registrations, coordination, editions).
            training = world.b_training
            values = values | {
                "event_id": training.pk,
                "page_id": training.pk,
                "pk": training.pk,
                "session_id": training.sessions.first().pk,
            }
        urls.append(fill_route(route, values))
        if "revision_id_a" in parameters:
            older = values | {"revision_id_a": values["revision_id"]}
            urls.append(fill_route(route, older | {"revision_id_b": "live"}))
    return list(dict.fromkeys(urls))


def leak(response) -> str | None:
    """Why this response reveals B's objects, or None."""
    if response.status_code in (301, 302, 400, 403, 404, 405):
        return None
    body = b"".join(response.streaming_content) if response.streaming else None
    body = (body if body is not None else response.content).decode(errors="replace")
    if response.status_code == 200 and SECRET not in body:
        return None
    return f"status {response.status_code}" + (
        f", shows {SECRET!r}" if SECRET in body else ""
    )


class TestEveryAdminURLKeepsOtherAgenciesContentHidden(AdminScopeWorld):
    def test_every_admin_pattern_is_checked_or_allowlisted(self):
        routes = {route for route, _pattern in walk_admin_patterns()}
        # Sanity: the walk found Wagtail's and the portal's admin URLs.
        assert "pages/<int:page_id>/edit/" in routes
        assert "reports/site-history/" in routes
        assert "api/main/^images/<int:pk>/" in routes
        unchecked = {**ALLOWLIST, **SHARED_ON_PURPOSE}
        stale = set(unchecked) - routes
        assert stale == set(), "allowlisted patterns that no longer exist"
        for route in routes - set(unchecked):
            assert urls_for(self, route), route

    def test_editor_a_sees_no_draft_revision_private_page_image_or_document_of_b(
        self,
    ):
        leaks = []
        for route, _pattern in walk_admin_patterns():
            if route in ALLOWLIST or route in SHARED_ON_PURPOSE:
                continue
            # Listings (no object in the path) are also searched and filtered.
            listing = not route_parameters(route)
            for url in urls_for(self, route):
                queries = [{}]
                if listing and "?" not in url:
                    queries = query_strings(self, route)
                for query in queries:
                    try:
                        response = self.client.get(url, query)
                    except Exception as error:  # noqa: BLE001 - reported below
                        leaks.append((route, url, query, f"raised {error!r}"))
                        continue
                    reason = leak(response)
                    if reason:
                        leaks.append((route, url, query, reason))
        if leaks:
            pytest.fail("\n".join(map(str, leaks)), pytrace=False)

    def test_dashboard_lists_no_other_agency_page(self):
        response = self.client.get("/admin/")
        assert response.status_code == 200
        assert SECRET not in response.content.decode()


class TestWhatEditorsStillSee(AdminScopeWorld):
    """The scoping hides B's content, not the editor's own or B's public pages."""

    def test_editor_a_finds_own_page_in_api_chooser_and_reports(self):
        api = self.client.get(
            "/admin/api/main/pages/", {"child_of": self.news_index.pk}
        )
        assert A_TITLE in api.content.decode()
        detail = self.client.get(f"/admin/api/main/pages/{self.a_page.pk}/")
        assert detail.status_code == 200
        chooser = self.client.get(f"/admin/choose-page/{self.news_index.pk}/")
        assert A_TITLE in chooser.content.decode()
        history = self.client.get(f"/admin/pages/{self.a_page.pk}/history/")
        assert history.status_code == 200

    def test_choosers_offer_b_public_page_but_not_its_pending_draft(self):
        chooser = self.client.get(f"/admin/choose-page/{self.resource_index.pk}/")
        assert chooser.status_code == 200
        body = chooser.content.decode()
        assert B_OPEN_TITLE in body
        assert SECRET not in body
        assert B_PUBLIC_TITLE not in body
        search = self.client.get("/admin/choose-page/search/", {"q": "guide"})
        assert B_OPEN_TITLE in search.content.decode()
        # Offered to link to, not to act on: the explorer does not list it.
        explorer = self.client.get(f"/admin/pages/{self.resource_index.pk}/")
        assert B_OPEN_TITLE not in explorer.content.decode()

    def test_superuser_sees_everything_of_b(self):
        client = Client()
        client.force_login(self.superuser)
        api = client.get(f"/admin/api/main/pages/{self.b_draft.pk}/")
        assert SECRET in api.content.decode()
        history = client.get("/admin/reports/site-history/")
        assert SECRET in history.content.decode()
        image = client.get(f"/admin/api/main/images/{self.b_image.pk}/")
        assert SECRET in image.content.decode()

    def test_editor_b_sees_own_drafts_and_image(self):
        client = Client()
        client.force_login(self.editor_b)
        api = client.get(f"/admin/api/main/pages/{self.b_draft.pk}/")
        assert SECRET in api.content.decode()
        image = client.get(f"/admin/api/main/images/{self.b_image.pk}/")
        assert image.status_code == 200
