"""Access control: nobody reaches another person's or another agency's objects by
changing an id in a URL; every POST needs a CSRF token; sockets check the Origin."""

import datetime

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.admindocs.views import extract_views_from_urlpatterns
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from agencies import services as agency_services
from agencies.models import Membership
from announcements.models import Announcement
from announcements.services import announcement_publish
from registrations import services
from registrations.models import Registration
from tests.factories import AgencyFactory, UserFactory, make_member
from tests.registrations.conftest import add_question, build_event

Status = Registration.Status


@pytest.fixture
def two_agencies(calendar):
    """Agency A runs a training with one applicant who attended; agency B is another
    agency whose editor and coordinator try to reach A's data."""
    agency_a = AgencyFactory(slug="sec-a", name_es="Agencia A", name_en="Agency A")
    agency_b = AgencyFactory(slug="sec-b", name_es="Agencia B", name_en="Agency B")
    event = build_event(calendar, agency_a, title="Taller A")
    question = add_question(event, label="Experiencia")
    participant = UserFactory(
        username="ana",
        email="ana.secret@example.org",
        first_name="Ana",
        last_name="Pérez",
    )
    registration = services.registration_apply(
        event=event, user=participant, answers={question.pk: "Diez años"}
    )
    organizer = make_member(agency_a, role="editor", username="editor-a")
    # The training took place (check-in opens when a session starts).
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )
    services.registration_record_attendance(
        session=event.sessions.get(), present_ids=[registration.pk], by=organizer
    )
    return {
        "a": agency_a,
        "b": agency_b,
        "event": event,
        "registration": registration,
        "participant": participant,
        "organizer": organizer,
        "editor_b": make_member(agency_b, role="editor", username="editor-b"),
        "coordinator_b": make_member(agency_b, role="coordinator", username="coord-b"),
        "coordinator_a": make_member(agency_a, role="coordinator", username="coord-a"),
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_another_persons_registration_is_404(two_agencies):
    registration = two_agencies["registration"]
    intruder = signed_in(UserFactory(username="intruder"))
    for name in ("cancel", "evaluate", "certificate"):
        url = reverse(f"registrations:{name}", args=[registration.pk])
        assert intruder.get(url).status_code in (404, 405), name
        response = intruder.post(url, {"rating": "1", "comments": "x"})
        assert response.status_code == 404, name
        assert b"ana.secret" not in response.content
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED
    assert not hasattr(registration, "evaluation") or registration.evaluation is None
    anonymous = Client().get(
        reverse("registrations:certificate", args=[registration.pk])
    )
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


@pytest.mark.django_db
def test_draft_training_takes_no_applications(two_agencies, calendar):
    draft = build_event(calendar, two_agencies["a"], title="Borrador")
    draft.unpublish()
    client = signed_in(UserFactory(username="early"))
    url = reverse("registrations:apply", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Registration.objects.filter(event_id=draft.pk).exists()


@pytest.mark.django_db
def test_certificate_verification_shows_no_personal_contact(two_agencies):
    owner = signed_in(two_agencies["participant"])
    url = reverse("registrations:certificate", args=[two_agencies["registration"].pk])
    assert owner.get(url).status_code == 200
    code = Registration.objects.get(pk=two_agencies["registration"].pk).certificate.code
    page = Client().get(reverse("registrations:verify", args=[code]))
    assert page.status_code == 200
    assert "Ana Pérez" in page.content.decode()
    assert b"ana.secret@example.org" not in page.content
    assert b"Diez a" not in page.content
    other_last = "Y" if code.endswith("Z") else "Z"
    unknown = Client().get(
        reverse("registrations:verify", args=[code[:-1] + other_last])
    )
    assert unknown.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor_b", "coordinator_b", "participant"])
def test_admin_registration_views_of_another_agencys_event(two_agencies, who):
    event, registration = two_agencies["event"], two_agencies["registration"]
    client = signed_in(two_agencies[who])
    urls = [
        reverse("registrations_admin:list", args=[event.pk]),
        reverse("registrations_admin:detail", args=[event.pk, registration.pk]),
        reverse("registrations_admin:export_csv", args=[event.pk]),
        reverse("registrations_admin:export_xlsx", args=[event.pk]),
        reverse(
            "registrations_admin:attendance",
            args=[event.pk, event.sessions.get().pk],
        ),
        reverse("registrations_admin:evaluations", args=[event.pk]),
        reverse("registrations_admin:certificates", args=[event.pk]),
        reverse("registrations_admin:checkin_worker", args=[event.pk]),
        *(
            reverse(f"registrations_admin:{name}", args=[event.pk, session.pk])
            for session in event.sessions.all()
            for name in (
                "attendance_mark_all",
                "attendance_undo_mark_all",
                "signin_sheet",
                "checkin",
                "checkin_sync",
            )
        ),
    ]
    for url in urls:
        for response in (
            client.get(url),
            client.post(url, {"registrations": [registration.pk], "status": "x"}),
        ):
            assert response.status_code in (302, 403), url
            assert b"ana.secret" not in response.content, url
            assert b"Diez a" not in response.content, url
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED


@pytest.mark.django_db
def test_organizer_cannot_reach_another_events_rows_through_own_event(
    two_agencies, calendar
):
    """Swapping the registration or session id under one's own event is a 404."""
    other = build_event(calendar, two_agencies["b"], title="Taller B")
    foreign = services.registration_apply(event=other, user=UserFactory())
    own_event = two_agencies["event"]
    client = signed_in(two_agencies["organizer"])
    detail = reverse("registrations_admin:detail", args=[own_event.pk, foreign.pk])
    assert client.get(detail, follow=True).status_code == 404
    attendance = reverse(
        "registrations_admin:attendance",
        args=[own_event.pk, other.sessions.get().pk],
    )
    assert client.get(attendance, follow=True).status_code == 404
    response = client.post(
        reverse("registrations_admin:list", args=[own_event.pk]),
        {
            "registrations": [foreign.pk],
            "status": Status.DECLINED,
            "reason_code": "no_seats",
        },
    )
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.status != Status.DECLINED


@pytest.mark.django_db
def test_member_management_of_another_agency(two_agencies):
    agency_a = two_agencies["a"]
    victim = Membership.objects.get(user=two_agencies["organizer"], agency=agency_a)
    coordinator_b = signed_in(two_agencies["coordinator_b"])
    members_a = reverse("agencies:members", args=[agency_a.slug])
    response = coordinator_b.get(members_a)
    assert response.status_code == 403
    assert b"editor-a" not in response.content
    assert coordinator_b.post(members_a, {"email": "x@example.org"}).status_code == 403
    through_a = reverse("agencies:membership_update", args=[agency_a.slug, victim.pk])
    assert coordinator_b.post(through_a, {"remove": "1"}).status_code == 403
    # Under B's own slug, A's membership id does not exist.
    through_b = reverse(
        "agencies:membership_update", args=[two_agencies["b"].slug, victim.pk]
    )
    assert coordinator_b.post(through_b, {"role": "coordinator"}).status_code == 404
    victim.refresh_from_db()
    assert victim.role == "editor"
    # Nor through the removal confirmation, nor on A's invitations.
    remove_a = reverse("agencies:membership_remove", args=[agency_a.slug, victim.pk])
    assert coordinator_b.get(remove_a).status_code == 403
    assert coordinator_b.post(remove_a).status_code == 403
    invitation, _token = agency_services.membership_invite(
        agency=agency_a,
        email="pending@example.org",
        role="member",
        by=two_agencies["coordinator_a"],
        site_url="http://testserver/",
    )
    revoke_a = reverse(
        "agencies:invitation_manage", args=[agency_a.slug, invitation.pk]
    )
    assert coordinator_b.post(revoke_a, {"revoke": "1"}).status_code == 403
    revoke_b = reverse(
        "agencies:invitation_manage", args=[two_agencies["b"].slug, invitation.pk]
    )
    assert coordinator_b.post(revoke_b, {"revoke": "1"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Membership.objects.filter(pk=victim.pk).exists()


@pytest.mark.django_db
def test_invitation_accepted_only_by_the_invited_address(two_agencies):
    agency_a = two_agencies["a"]
    _invitation, token = agency_services.membership_invite(
        agency=agency_a,
        email="invitee@example.org",
        role="editor",
        by=two_agencies["coordinator_a"],
        site_url="http://testserver/",
    )
    url = reverse("agencies:invitation", args=[token])
    thief = UserFactory(username="thief")
    response = signed_in(thief).post(url)
    assert not Membership.objects.filter(user=thief, agency=agency_a).exists()
    assert response.status_code in (200, 400, 403, 410)
    guessed = reverse("agencies:invitation", args=[token[:-2] + "xx"])
    assert signed_in(thief).post(guessed).status_code == 404
    invitee = UserFactory(username="invitee", email="invitee@example.org")
    signed_in(invitee).post(url)
    assert Membership.objects.filter(user=invitee, agency=agency_a).exists()


@pytest.mark.django_db
def test_members_only_announcement_stays_with_the_members(two_agencies, site_tree):
    announcement = announcement_publish(
        audience=Announcement.Audience.AGENCY,
        agency=two_agencies["a"],
        title="Reunión interna de coordinación",
        body="Sala 4",
    )
    title = "Reunión interna de coordinación".encode()
    member = signed_in(two_agencies["coordinator_a"])
    assert title in member.get("/es/announcements/").content
    for client in (Client(), signed_in(two_agencies["editor_b"])):
        assert title not in client.get("/es/announcements/").content
        assert title not in client.get("/es/announcements/feed/").content
        assert (
            title
            not in client.get(
                f"/es/announcements/?agency={two_agencies['a'].pk}"
            ).content
        )
    editor_b = signed_in(two_agencies["editor_b"])
    edit = editor_b.get(f"/admin/announcements/edit/{announcement.pk}/")
    assert edit.status_code in (302, 403, 404)
    assert title not in edit.content
    assert title not in editor_b.get("/admin/announcements/").content


# --- CSRF --------------------------------------------------------------------


def public_url_names() -> set[str]:
    """Every named public route (the admin has Wagtail's own CSRF-protected forms)."""
    names = set()
    for _view, regex, namespaces, name in extract_views_from_urlpatterns(
        get_resolver().url_patterns
    ):
        if name and not str(regex).startswith(("admin/", "^admin/", "django-admin")):
            names.add(":".join([*(namespaces or []), name]))
    return names


@pytest.mark.django_db
def test_every_public_post_needs_a_csrf_token(two_agencies):
    registration = two_agencies["registration"]
    owner = signed_in(two_agencies["participant"])
    owner.get(reverse("registrations:certificate", args=[registration.pk]))
    code = Registration.objects.get(pk=registration.pk).certificate.code
    membership = Membership.objects.get(
        user=two_agencies["organizer"], agency=two_agencies["a"]
    )
    event = two_agencies["event"]
    invitation, _token = agency_services.membership_invite(
        agency=two_agencies["a"],
        email="pending@example.org",
        role="member",
        by=two_agencies["coordinator_a"],
        site_url="http://testserver/",
    )
    arguments = {
        "agencies:invitation": ["any-token"],
        "agencies:detail": [two_agencies["a"].slug],
        "agencies:members": [two_agencies["a"].slug],
        "agencies:membership_update": [two_agencies["a"].slug, membership.pk],
        "agencies:membership_remove": [two_agencies["a"].slug, membership.pk],
        "agencies:invitation_manage": [two_agencies["a"].slug, invitation.pk],
        "registrations:apply": [event.pk],
        "registrations:cancel": [registration.pk],
        "registrations:undo_cancel": [registration.pk],
        "registrations:evaluate": [registration.pk],
        "registrations:certificate": [registration.pk],
        "registrations:checkin_code": [registration.pk],
        "registrations:verify": [code],
        "registrations:credential": [code],
        "registrations:review_grid": [event.pk],
        "registrations:review_cell": [event.pk],
        "registrations:nominate": [event.pk],
        "registrations:nomination": ["any-token"],
        "registrations:endorse": ["any-token"],
        "registrations:offer_accept": [registration.pk],
        "registrations:offer_decline": [registration.pk],
        "agencies:logo": [two_agencies["a"].slug],
        "account_confirm_email": ["key"],
        "account_reset_password_from_key": ["1", "key"],
        "wagtaildocs_serve": [1, "file.pdf"],
        "wagtaildocs_authenticate_with_password": [1],
        "wagtailcore_authenticate_with_password": [1, event.pk],
        "events_calendar_file": [event.url_path.strip("/") + "/", "feed"],
        "wagtail_serve": [event.url_path.split("/", 2)[-1]],
        "not_translated": [event.pk],
        "legal_page": ["privacy"],
        "api_tokens": [two_agencies["a"].slug],
        "api_token_revoke": [two_agencies["a"].slug, 1],
        "api_webhook_create": [two_agencies["a"].slug],
        "api_webhook_remove": [two_agencies["a"].slug, 1],
        "api_delivery_resend": [two_agencies["a"].slug, 1],
        "calendar_subscriptions": [two_agencies["a"].slug],
        "calendar_subscription_remove": [two_agencies["a"].slug, 1],
    }
    # Each user the views care about: anonymous, the participant, an organizer.
    users = [None, two_agencies["participant"], two_agencies["coordinator_a"]]
    names = public_url_names()
    assert {"registrations:cancel", "agencies:membership_update", "account_login"} <= (
        names
    )
    for user in users:
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
        # /api/v1/ reads no session or cookie, only a bearer token (below).
        for name in sorted(name for name in names if not name.startswith("api-v1:")):
            url = reverse(name, args=arguments.get(name, []))
            response = client.post(url, {"remove": "1", "email": "x@example.org"})
            assert response.status_code == 403, (name, url, response.status_code)
            assert b"CSRF" in response.content, (name, url)
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED
    membership.refresh_from_db()
    assert Membership.objects.filter(pk=membership.pk).exists()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.django_db
def test_the_api_ignores_the_session(two_agencies):
    """A signed-in coordinator's browser cannot be made to write through the API
    (a cross-site POST would carry the session cookie, never a bearer token)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(two_agencies["coordinator_a"])
    for path in ("/api/v1/agency/trainings", "/api/v1/agency/news"):
        response = client.post(
            path, {"title": "x", "summary": "y"}, content_type="application/json"
        )
        assert response.status_code == 401, path
    assert client.get("/api/v1/agency/registrations").status_code == 401


@pytest.mark.django_db
def test_post_with_the_token_goes_through(two_agencies, calendar):
    """The 403s above come from the missing token, not from the views."""
    event = build_event(calendar, two_agencies["a"], title="Taller abierto")
    client = Client(enforce_csrf_checks=True)
    client.force_login(two_agencies["participant"])
    apply_url = reverse("registrations:apply", args=[event.pk])
    client.get(apply_url)
    token = client.cookies["csrftoken"].value
    response = client.post(apply_url, {"csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert Registration.objects.filter(
        event=event, user=two_agencies["participant"]
    ).exists()


# --- WebSocket origin ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_websocket_refuses_foreign_or_missing_origin():
    """Driven through async_to_sync rather than as an async test: the session
    lookup of the accepted socket then runs in this thread, on its connection."""
    from portal.asgi import application

    @async_to_sync
    async def connects(headers) -> bool:
        communicator = WebsocketCommunicator(
            application, "/ws/announcements/", headers=headers
        )
        connected, _code = await communicator.connect(timeout=5)
        await communicator.disconnect(timeout=5)
        return connected

    assert connects([(b"origin", b"http://localhost")]) is True
    assert connects([(b"origin", b"https://attacker.example")]) is False
    assert connects([(b"origin", b"http://localhost.attacker.example")]) is False
    assert connects([(b"origin", b"null")]) is False
    assert connects([]) is False


@pytest.mark.django_db
def test_only_the_admin_api_is_csrf_exempt_and_it_still_checks(site_tree):
    """Wagtail's admin API (Django REST framework) is exempt from the middleware;
    DRF's session authentication checks the token itself."""
    exempt = {
        str(regex)
        for view, regex, _namespaces, _name in extract_views_from_urlpatterns(
            get_resolver().url_patterns
        )
        if getattr(view, "csrf_exempt", False)
    }
    assert exempt
    # Wagtail's admin API and wagtail-localize's translation editor endpoints are
    # Django REST framework views; both check the token themselves (below).
    drf_prefixes = (
        "admin/api/",
        "^admin/api/",
        "admin/localize/api/",
        "admin/localize/translate/",
    )
    # The described API (django-ninja) authenticates by bearer token only: a
    # browser's session cookie carries no authority there (checked below).
    api_prefixes = ("api/v1/",)
    assert all(path.startswith(drf_prefixes + api_prefixes) for path in exempt), exempt
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser(
        username="root", email="root@example.org", password="x"
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(root)
    page = site_tree.news["es"]
    response = client.post(
        f"/admin/api/main/pages/{page.pk}/action/unpublish/",
        data="{}",
        content_type="application/json",
    )
    assert response.status_code == 403
    assert b"CSRF" in response.content
    page.refresh_from_db()
    assert page.live
    edited = client.post(
        "/admin/localize/translate/1/strings/1/edit/", data={"value": "x"}
    )
    assert edited.status_code == 403
    assert b"CSRF" in edited.content
