"""A refused member is told, in their language, who organizes the page and whom
to ask."""

import pytest
from django.test import Client
from django.utils.html import escape
from django.utils.translation import gettext, override
from wagtail.users.models import UserProfile

from agencies.models import Membership
from tests.events.factories import (
    EventAgencyFactory,
    EventIndexPageFactory,
    EventPageFactory,
    one_day,
)
from tests.factories import make_member

pytestmark = pytest.mark.django_db

ROLE = Membership.Role


def _text(message: str, language: str) -> str:
    with override(language):
        return escape(gettext(message))


@pytest.fixture
def training(site_tree):
    calendar = EventIndexPageFactory(parent=site_tree.homes["es"])
    lead = EventAgencyFactory(
        slug="lead", name_es="Agencia Líder", contact_email="info@lead.org"
    )
    partner = EventAgencyFactory(slug="partner", name_es="Agencia Socia")
    make_member(lead, ROLE.COORDINATOR, email="coord@lead.org")
    make_member(partner, ROLE.COORDINATOR, email="coord@partner.org")
    return EventPageFactory(
        parent=calendar,
        title="Taller conjunto",
        lead_agency=lead,
        co_organizers=[partner],
        days=one_day(2027, 3, 10),
    )


@pytest.fixture
def outsider():
    other = EventAgencyFactory(slug="other", name_es="Otra")
    return make_member(other, ROLE.EDITOR, email="editor@other.org")


@pytest.mark.parametrize("action", ["edit", "delete", "unpublish", "history"])
def test_refused_editor_is_told_who_organizes_and_whom_to_ask(
    training, outsider, action
):
    client = Client()
    client.force_login(outsider)
    response = client.get(f"/admin/pages/{training.pk}/{action}/")
    assert response.status_code == 403  # not a redirect to the dashboard
    page = response.content.decode()
    assert _text("Who organizes it and whom to ask", "es") in page
    for name in ("Agencia Líder", "Agencia Socia"):
        assert name in page
    for address in ("coord@lead.org", "coord@partner.org", "info@lead.org"):
        assert f'href="mailto:{address}"' in page
    # Nothing of the page's content or its editor leaks.
    assert 'name="action-publish"' not in page


def test_refusal_speaks_the_editors_admin_language(training, outsider):
    UserProfile.objects.update_or_create(
        user=outsider, defaults={"preferred_language": "en"}
    )
    client = Client()
    client.force_login(outsider)
    response = client.get(f"/admin/pages/{training.pk}/edit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Who organizes it and whom to ask" in page
    assert 'lang="en"' in page


def test_organizers_still_open_the_editor(training):
    lead_coordinator = Membership.objects.get(user__email="coord@lead.org").user
    client = Client()
    client.force_login(lead_coordinator)
    assert client.get(f"/admin/pages/{training.pk}/edit/").status_code == 200


def test_members_page_refusal_is_a_translated_page(training, outsider):
    client = Client()
    client.force_login(outsider)
    response = client.get("/es/agencies/lead/members/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "403 Forbidden" not in page
    with override("es"):
        message = gettext(
            "Only the coordinators of %(agency)s manage its members: ask them to "
            "invite you, or to change your role."
        ) % {"agency": training.lead_agency}
    assert escape(message) in page
    assert _text("Access not allowed", "es") in page
