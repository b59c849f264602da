"""The admin page form refuses agencies the editor does not act for."""

import pytest
from django.test import Client
from django.utils.html import escape
from django.utils.translation import gettext, override
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import NewsPage

pytestmark = pytest.mark.django_db


def _news_data(title, agency_ids):
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "date": "2024-05-12",
            "summary": "A summary.",
            "body": streamfield([]),
            "contact": "",
            "tags": "",
            "related_resources": inline_formset([]),
        }
    )
    data["agencies"] = [str(pk) for pk in agency_ids]
    return data


def _refusal() -> str:
    # The admin speaks Spanish (LANGUAGE_CODE) to users without a preference.
    with override("es"):
        return escape(
            gettext(
                "Choose at least one of the agencies you edit for: you can only "
                "publish on behalf of your own agencies."
            )
        )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_editor_creates_a_draft_for_their_agency(world, site_tree):
    client = _client(world.users["editor_a"])
    index = site_tree.news["es"]
    response = client.post(
        f"/admin/pages/add/home/newspage/{index.pk}/",
        _news_data("Our workshop", [world.agency_a.pk, world.agency_b.pk]),
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="our-workshop")
    assert page.organizing_agency_ids() == {world.agency_a.pk, world.agency_b.pk}
    # They may then publish it from the editor.
    assert page.permissions_for_user(world.users["editor_a"]).can_publish()


def test_editor_publishes_a_new_page_in_one_step(world, site_tree):
    editor = world.users["editor_a"]
    index = site_tree.news["es"]
    create_form = _client(editor).get(f"/admin/pages/add/home/newspage/{index.pk}/")
    assert 'name="action-publish"' in create_form.content.decode()
    data = _news_data("Published at once", [world.agency_a.pk])
    data["action-publish"] = "action-publish"
    response = _client(editor).post(f"/admin/pages/add/home/newspage/{index.pk}/", data)
    assert response.status_code == 302
    assert NewsPage.objects.get(slug="published-at-once").live
    # Publishing under the index gives no right over the index itself.
    index_perms = index.permissions_for_user(editor)
    assert not index_perms.can_publish()
    assert not index_perms.can_unpublish()
    assert not index_perms.can_edit()
    assert not index_perms.can_delete()
    member_perms = index.permissions_for_user(world.users["member_a"])
    assert not member_perms.can_publish_subpage()


@pytest.mark.parametrize("agencies", [["b"], []], ids=["other-agency", "none"])
def test_editor_cannot_create_for_other_agencies_only(world, site_tree, agencies):
    client = _client(world.users["editor_a"])
    ids = [world.agency_b.pk for _name in agencies]
    before = Page.objects.count()
    response = client.post(
        f"/admin/pages/add/home/newspage/{site_tree.news['es'].pk}/",
        _news_data("Not ours", ids),
    )
    assert response.status_code == 200
    assert _refusal() in response.content.decode()
    assert Page.objects.count() == before


def test_editor_cannot_hand_their_page_to_another_agency(world):
    page = world.a_page
    client = _client(world.users["editor_a"])
    data = _news_data("Hijacked", [world.agency_b.pk])
    data["slug"] = page.slug
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert _refusal() in response.content.decode()
    page.refresh_from_db()
    assert page.title == "A news"
    assert page.get_latest_revision_as_object().organizing_agency_ids() == {
        world.agency_a.pk
    }


def test_superuser_may_leave_agencies_empty(world, site_tree):
    client = _client(world.users["superuser"])
    response = client.post(
        f"/admin/pages/add/home/newspage/{site_tree.news['es'].pk}/",
        _news_data("Portal news", []),
    )
    assert response.status_code == 302
    assert NewsPage.objects.filter(slug="portal-news").exists()


def test_policy_functions_agree_with_the_admin(world):
    from agencies import permissions

    editor_a, editor_b = world.users["editor_a"], world.users["editor_b"]
    assert permissions.editable_agency_ids(editor_a) == {world.agency_a.pk}
    assert permissions.user_can_edit_page(editor_a, world.shared_page)
    assert not permissions.user_can_edit_page(editor_a, world.b_page)
    assert permissions.user_can_publish_page(editor_b, world.b_page)
    assert permissions.user_is_coordinator(world.users["coordinator_a"], world.agency_a)
    assert not permissions.user_is_coordinator(editor_a, world.agency_a)
    assert permissions.user_is_coordinator(world.users["superuser"], world.agency_b)
    assert not permissions.user_can_view_draft(world.users["member_a"], world.a_page)


def test_editors_may_add_under_an_index_published_later(world, site_tree):
    from tests.factories import NewsIndexPageFactory

    index = NewsIndexPageFactory(parent=site_tree.homes["en"], slug="more-news")
    editor = world.users["editor_a"]
    assert index.permissions_for_user(editor).can_add_subpage()
    assert not index.permissions_for_user(editor).can_edit()


def test_editor_cannot_hand_their_training_to_another_agency(world, site_tree):
    from wagtail.test.utils.form_data import inline_formset

    from tests.events.factories import (
        EventIndexPageFactory,
        EventPageFactory,
        one_day,
    )

    calendar = EventIndexPageFactory(parent=site_tree.homes["es"])
    event = EventPageFactory(
        parent=calendar,
        title="Taller A",
        lead_agency=world.agency_a,
        days=one_day(2027, 3, 10),
    )
    revisions = event.revisions.count()
    data = nested_form_data(
        {
            "title": "Taller B",
            "slug": event.slug,
            "summary": "Resumen",
            "lead_agency": world.agency_b.pk,
            "audience": event.audience,
            "modality": event.modality,
            "language": event.language,
            "status": "scheduled",
            "body": streamfield([]),
            "sessions": inline_formset(
                [
                    {
                        "id": event.sessions.get().pk,
                        "title": "",
                        "start": "2027-03-10 10:00",
                        "end": "2027-03-10 12:00",
                    }
                ],
                initial=1,
            ),
            "materials": inline_formset([]),
            "related_resources": inline_formset([]),
            "registration_mode": "closed",
            "certificate_min_attendance": 100,
            "certificate_attendance_basis": "sessions",
            "offer_hours": 48,
            "registration_questions": inline_formset([]),
            "selection_criteria": inline_formset([]),
            "agency_quotas": inline_formset([]),
            "certificate_signers": inline_formset([]),
        }
    )
    response = _client(world.users["editor_a"]).post(
        f"/admin/pages/{event.pk}/edit/", data
    )
    assert response.status_code == 200
    assert _refusal() in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.lead_agency_id) == ("Taller A", world.agency_a.pk)
    assert event.revisions.count() == revisions
