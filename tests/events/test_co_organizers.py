"""Governance of joint trainings: the lead names co-organizers, who accept first."""

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.utils.html import escape
from django.utils.translation import gettext, override
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from agencies.models import Membership
from events.models import CoOrganizerInvitation, EventPage
from tests.events.factories import EventAgencyFactory, EventPageFactory, one_day
from tests.factories import make_member

pytestmark = pytest.mark.django_db

ROLE = Membership.Role
STATUS = CoOrganizerInvitation.Status


@pytest.fixture
def people(calendars):
    lead = EventAgencyFactory(slug="lead", name_es="Agencia Líder", acronym="AL")
    partner = EventAgencyFactory(slug="partner", name_es="Agencia Socia", acronym="AS")
    third = EventAgencyFactory(slug="third", name_es="Tercera", acronym="T3")
    return {
        "lead": lead,
        "partner": partner,
        "third": third,
        "lead_editor": make_member(lead, ROLE.EDITOR, email="editor@lead.org"),
        "lead_coordinator": make_member(lead, ROLE.COORDINATOR, email="coord@lead.org"),
        "partner_editor": make_member(partner, ROLE.EDITOR, email="editor@partner.org"),
        "partner_coordinator": make_member(
            partner, ROLE.COORDINATOR, email="coord@partner.org"
        ),
        "third_editor": make_member(third, ROLE.EDITOR, email="editor@third.org"),
        "third_coordinator": make_member(
            third, ROLE.COORDINATOR, email="coord@third.org"
        ),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _opens_editor(user, event) -> bool:
    return _client(user).get(f"/admin/pages/{event.pk}/edit/").status_code == 200


def _form_data(event, *, lead, co_organizers, title=None):
    data = nested_form_data(
        {
            "title": title or event.title,
            "slug": event.slug,
            "summary": "Resumen",
            "lead_agency": lead.pk,
            "audience": event.audience,
            "modality": event.modality,
            "language": event.language,
            "status": "scheduled",
            "body": streamfield([]),
            "sessions": inline_formset(
                [
                    {
                        "id": session.pk,
                        "title": "",
                        "start": "2027-03-10 10:00",
                        "end": "2027-03-10 12:00",
                    }
                    for session in event.sessions.all()
                ],
                initial=event.sessions.count(),
            ),
            "materials": inline_formset([]),
            "related_resources": inline_formset([]),
            "registration_mode": "closed",
            "participation": "invitation",
            "certificate_min_attendance": 100,
            "certificate_attendance_basis": "sessions",
            "offer_hours": 48,
            "endorsement_reminder_days": 3,
            "registration_questions": inline_formset([]),
            "selection_criteria": inline_formset([]),
            "agency_quotas": inline_formset([]),
            "certificate_signers": inline_formset([]),
        }
    )
    data["co_organizers"] = [str(agency.pk) for agency in co_organizers]
    return data


def _training(calendars, people, *, co_organizers=(), consented=True):
    return EventPageFactory(
        parent=calendars["es"],
        title="Taller conjunto",
        lead_agency=people["lead"],
        co_organizers=co_organizers,
        consented=consented,
        days=one_day(2027, 3, 10),
    )


def _edit(user, event, capture=None, **form):
    data = _form_data(event, **form)
    url = f"/admin/pages/{event.pk}/edit/"
    if capture is None:
        return _client(user).post(url, data)
    with capture(execute=True):
        return _client(user).post(url, data)


def in_spanish(message: str) -> str:
    with override("es"):
        return gettext(message)


def test_named_co_organizer_gains_rights_only_once_its_coordinator_accepts(
    calendars, people, django_capture_on_commit_callbacks
):
    event = _training(calendars, people)
    partner_editor = people["partner_editor"]
    response = _edit(
        people["lead_editor"],
        event,
        django_capture_on_commit_callbacks,
        lead=people["lead"],
        co_organizers=[people["partner"]],
    )
    assert response.status_code == 302
    invitation = CoOrganizerInvitation.objects.get(agency=people["partner"])
    assert invitation.status == STATUS.PENDING
    assert invitation.invited_by == people["lead_editor"]
    # The invited agency's coordinators are asked, with a link to answer.
    asked = [m for m in mail.outbox if "coord@partner.org" in m.to]
    assert len(asked) == 1
    assert f"/admin/events/co-organizing/{invitation.pk}/" in asked[0].body
    assert not any("editor@partner.org" in message.to for message in mail.outbox)

    # Named but not yet accepted: no right, and not shown as an organizer.
    assert not _opens_editor(partner_editor, event)
    public = Client().get(event.url).content.decode()
    assert "Agencia Socia" not in public

    # An editor of the partner cannot answer for it; its coordinator can.
    detail_url = f"/admin/events/co-organizing/{invitation.pk}/"
    response = _client(partner_editor).post(detail_url, {"accept": "1"})
    assert response.status_code in (302, 404)  # not found (then the language redirect)
    invitation.refresh_from_db()
    assert invitation.status == STATUS.PENDING
    page = _client(people["partner_coordinator"]).get(detail_url)
    assert page.status_code == 200
    assert "Taller conjunto" in page.content.decode()
    response = _client(people["partner_coordinator"]).post(detail_url, {"accept": "1"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == STATUS.ACCEPTED
    assert invitation.responded_by == people["partner_coordinator"]

    assert _opens_editor(partner_editor, event)
    EventPage.objects.get(pk=event.pk).get_latest_revision().publish()
    assert "Agencia Socia" in Client().get(event.url).content.decode()


def test_declined_invitation_gives_no_rights(calendars, people):
    event = _training(calendars, people)
    _edit(
        people["lead_editor"],
        event,
        lead=people["lead"],
        co_organizers=[people["partner"]],
    )
    invitation = CoOrganizerInvitation.objects.get(agency=people["partner"])
    url = f"/admin/events/co-organizing/{invitation.pk}/"
    response = _client(people["partner_coordinator"]).post(url, {"decline": "1"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == STATUS.DECLINED
    # Answered once: accepting afterwards is refused and changes nothing.
    response = _client(people["partner_coordinator"]).post(url, {"accept": "1"})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.status == STATUS.DECLINED
    event.refresh_from_db()
    assert event.organizing_agency_ids() == {people["lead"].pk}
    # The coordinator of another agency does not even see it.
    response = _client(people["third_coordinator"]).get(url, follow=True)
    assert response.status_code == 404


def test_co_organizer_cannot_remove_the_lead_or_the_others(calendars, people):
    event = _training(
        calendars, people, co_organizers=[people["partner"], people["third"]]
    )
    partner_editor = people["partner_editor"]
    assert event.organizing_agency_ids() == {
        people["lead"].pk,
        people["partner"].pk,
        people["third"].pk,
    }
    revisions = event.revisions.count()
    # Taking the lead for itself: refused, with whom to ask.
    response = _edit(
        partner_editor, event, lead=people["partner"], co_organizers=[people["third"]]
    )
    assert response.status_code == 200
    refusal = in_spanish(
        "Only the lead agency, %(agency)s, can change the lead agency: ask its "
        "coordinators (%(contacts)s)."
    ) % {"agency": people["lead"], "contacts": "coord@lead.org"}
    assert escape(refusal) in response.content.decode()
    # Removing another co-organizer: refused too.
    response = _edit(
        partner_editor, event, lead=people["lead"], co_organizers=[people["partner"]]
    )
    assert response.status_code == 200
    refusal = in_spanish(
        "Only the lead agency, %(agency)s, can add or remove co-organizers: ask "
        "its coordinators (%(contacts)s)."
    ) % {"agency": people["lead"], "contacts": "coord@lead.org"}
    assert escape(refusal) in response.content.decode()
    event.refresh_from_db()
    assert event.revisions.count() == revisions
    assert event.lead_agency == people["lead"]
    assert CoOrganizerInvitation.objects.filter(
        agency=people["third"], status=STATUS.ACCEPTED
    ).exists()
    # The lead keeps every right; the co-organizer may still edit the content.
    assert _opens_editor(people["lead_editor"], event)
    response = _edit(
        partner_editor,
        event,
        lead=people["lead"],
        co_organizers=[people["partner"], people["third"]],
        title="Taller conjunto revisado",
    )
    assert response.status_code == 302


def test_only_the_lead_removes_a_co_organizer_and_its_rights_go(calendars, people):
    event = _training(calendars, people, co_organizers=[people["partner"]])
    response = _edit(
        people["lead_editor"], event, lead=people["lead"], co_organizers=[]
    )
    assert response.status_code == 302
    assert not CoOrganizerInvitation.objects.filter(agency=people["partner"]).exists()
    event = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert event.organizing_agency_ids() == {people["lead"].pk}


def test_editor_cannot_name_another_agency_as_lead(calendars, people):
    index = calendars["es"]
    event = _training(calendars, people)
    data = _form_data(
        event, lead=people["partner"], co_organizers=[people["lead"]], title="Nuevo"
    )
    data["slug"] = "nuevo"
    before = EventPage.objects.count()
    response = _client(people["lead_editor"]).post(
        f"/admin/pages/add/events/eventpage/{index.pk}/", data
    )
    assert response.status_code == 200
    refusal = in_spanish(
        "The lead agency must be one you edit for: name %(agency)s as a "
        "co-organizer instead; its coordinators will be asked to accept."
    ) % {"agency": people["partner"]}
    assert escape(refusal) in response.content.decode()
    assert EventPage.objects.count() == before


def test_lead_is_told_when_a_co_organizer_publishes(
    calendars, people, django_capture_on_commit_callbacks
):
    event = _training(calendars, people, co_organizers=[people["partner"]])
    data = _form_data(
        event,
        lead=people["lead"],
        co_organizers=[people["partner"]],
        title="Taller conjunto (sede nueva)",
    )
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(people["partner_editor"]).post(
            f"/admin/pages/{event.pk}/edit/", data
        )
    assert response.status_code == 302
    assert EventPage.objects.get(pk=event.pk).title == "Taller conjunto (sede nueva)"
    told = [message for message in mail.outbox if message.to == ["coord@lead.org"]]
    assert len(told) == 1
    assert "editor@partner.org" in told[0].body
    assert f"/admin/pages/{event.pk}/history/" in told[0].body

    # The lead's own publications are not announced to itself.
    mail.outbox.clear()
    data["title"] = "Taller conjunto"
    with django_capture_on_commit_callbacks(execute=True):
        _client(people["lead_editor"]).post(f"/admin/pages/{event.pk}/edit/", data)
    assert not [message for message in mail.outbox if "coord@lead.org" in message.to]


def test_migration_keeps_todays_co_organizers(calendars, people):
    event = _training(
        calendars, people, co_organizers=[people["partner"]], consented=False
    )
    assert event.organizing_agency_ids() == {people["lead"].pk}
    migration = importlib.import_module(
        "events.migrations.0005_co_organizer_invitations"
    )
    migration.accept_existing_co_organizers(apps, None)
    invitation = CoOrganizerInvitation.objects.get(agency=people["partner"])
    assert invitation.status == STATUS.ACCEPTED
    assert event.organizing_agency_ids() == {people["lead"].pk, people["partner"].pk}
    assert _opens_editor(people["partner_editor"], event)
