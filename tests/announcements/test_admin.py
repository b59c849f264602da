"""The admin: editors list, publish, edit and withdraw their agencies' only.

Every test goes through the admin's HTTP views signed in as an agency editor
(superusers only where they are the point), with one world built per class.
"""

from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from agencies import services as agency_services
from agencies.models import Membership
from announcements.models import Announcement, Broadcast
from announcements.services import announcement_publish
from events.models import EventPage

INDEX = "/admin/announcements/"
ADD = "/admin/announcements/new/"


def form_data(**fields):
    data = {
        "title": "Session 2 moves to room B",
        "body": "Same time.",
        "level": "info",
        "audience": "agency",
        "agency": "",
        "event": "",
        "publish_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "expires_at": "",
    }
    data.update(fields)
    return data


def url(view: str, announcement: Announcement) -> str:
    return f"{INDEX}{view}/{announcement.pk}/"


class AdminWorld(TestCase):
    """Two agencies with an editor each, a third the first editor also edits
    for, and a training of each (the first also in English)."""

    @classmethod
    def setUpTestData(cls):
        cls.own = agency_services.agency_create(
            name_es="Propia", name_en="Own", slug="own", acronym="OWN"
        )
        cls.other = agency_services.agency_create(
            name_es="Otra", name_en="Other", slug="other", acronym="OTH"
        )
        cls.third = agency_services.agency_create(
            name_es="Tercera", name_en="Third", slug="third", acronym="THI"
        )
        users = get_user_model().objects
        cls.editor = users.create_user(
            username="editor", email="editor@example.org", password="x"
        )
        cls.other_editor = users.create_user(
            username="other-editor", email="other@example.org", password="x"
        )
        cls.person = users.create_user(
            username="person", email="person@example.org", password="x"
        )
        for agency, user in (
            (cls.own, cls.editor),
            (cls.third, cls.editor),
            (cls.other, cls.other_editor),
        ):
            agency_services.membership_create(
                agency=agency, user=user, role=Membership.Role.EDITOR
            )
        spanish = Locale.objects.get_or_create(language_code="es")[0]
        english = Locale.objects.get_or_create(language_code="en")[0]
        root = Page.get_first_root_node()

        def training(title, agency, locale=spanish, **fields):
            return root.add_child(
                instance=EventPage(
                    title=title,
                    slug=f"{title.lower().replace(' ', '-')}-{locale.language_code}",
                    locale=locale,
                    summary="Three days.",
                    lead_agency=agency,
                    **fields,
                )
            )

        cls.own_training = training("Taller de tráfico de migrantes", cls.own)
        cls.own_training_en = training(
            "Migrant smuggling workshop",
            cls.own,
            locale=english,
            translation_key=cls.own_training.translation_key,
        )
        cls.third_training = training("Taller de la tercera", cls.third)
        cls.other_training = training("Taller ajeno", cls.other)

    def setUp(self):
        self.client = Client()
        self.client.force_login(self.editor)

    def publish(self, **fields):
        fields.setdefault("audience", Announcement.Audience.AGENCY)
        fields.setdefault("agency", self.own)
        fields.setdefault("title", "Ours")
        fields.setdefault("by", self.editor)
        return announcement_publish(**fields)


class TestListingAndForms(AdminWorld):
    def test_editors_list_only_their_agencies_announcements(self):
        self.publish(title="Ours")
        self.publish(agency=self.other, title="Theirs", by=self.other_editor)

        response = self.client.get(INDEX)

        assert response.status_code == 200
        content = response.content.decode()
        assert "Ours" in content
        assert "Theirs" not in content

    def test_the_list_shows_what_editors_wrote_unless_asked(self):
        self.publish(title="Written by an editor")
        announcement_publish(
            audience=Announcement.Audience.USER,
            agency=self.own,
            user=self.person,
            title="Rechazada: Taller de tráfico de migrantes",
            by=None,
        )

        by_default = self.client.get(INDEX).content.decode()
        automatic = self.client.get(INDEX, {"origin": "automatic"}).content.decode()
        everything = self.client.get(INDEX, {"origin": "all"}).content.decode()

        assert "Written by an editor" in by_default
        assert "Rechazada" not in by_default
        assert "Rechazada" in automatic
        assert "Written by an editor" not in automatic
        assert "Rechazada" in everything
        assert "Written by an editor" in everything

    def test_the_add_form_offers_only_the_editors_agencies(self):
        form = self.client.get(ADD).context["form"]
        assert list(form.fields["agency"].queryset) == [self.own, self.third]
        assert "recipient" not in form.fields
        audiences = [value for value, _label in form.fields["audience"].choices]
        assert "user" not in audiences

    def test_the_training_menu_lists_the_editors_trainings_in_their_language(self):
        choices = list(self.client.get(ADD).context["form"].fields["event"].choices)
        assert [(str(value), label) for value, label in choices[1:]] == [
            (str(self.third_training.pk), "Taller de la tercera"),
            (str(self.own_training.pk), "Taller de tráfico de migrantes"),
        ]

        profile = UserProfile.get_for_user(self.editor)
        profile.preferred_language = "en"
        profile.save()
        choices = list(self.client.get(ADD).context["form"].fields["event"].choices)
        # Registrations attach to the Spanish page: it stays the value.
        assert [(str(value), label) for value, label in choices[1:]] == [
            (str(self.own_training.pk), "Migrant smuggling workshop"),
            (str(self.third_training.pk), "Taller de la tercera"),
        ]

    def test_plain_members_see_no_announcements_admin(self):
        member = get_user_model().objects.create_user(
            username="member", email="member@example.org", password="x"
        )
        agency_services.membership_create(agency=self.own, user=member)
        self.client.force_login(member)
        assert self.client.get(INDEX).status_code in (302, 403)


class TestPublishing(AdminWorld):
    def test_an_editor_publishes_for_their_agency(self):
        response = self.client.post(ADD, form_data(agency=self.own.pk))
        assert response.status_code == 302
        announcement = Announcement.objects.get()
        assert announcement.author == self.editor
        assert announcement.broadcast_at is not None

    def test_an_editor_publishes_the_english_texts_too(self):
        response = self.client.post(
            ADD,
            form_data(
                agency=self.own.pk, title_en="Session 2 moves", body_en="Same time."
            ),
        )
        assert response.status_code == 302
        announcement = Announcement.objects.get()
        assert (announcement.title_en, announcement.body_en) == (
            "Session 2 moves",
            "Same time.",
        )

    def test_a_forged_agency_is_refused(self):
        response = self.client.post(ADD, form_data(agency=self.other.pk))
        assert response.status_code == 200
        assert Announcement.objects.count() == 0

    def test_a_refusal_of_the_service_is_a_message_on_the_create_form(self):
        # Both are the editor's, but the first agency does not organize it.
        response = self.client.post(
            ADD,
            form_data(
                audience="event", agency=self.own.pk, event=self.third_training.pk
            ),
        )

        assert response.status_code == 200
        assert "Su institución no organiza esta capacitación." in (
            response.content.decode()
        )
        assert Announcement.objects.count() == 0

    def test_a_training_audience_without_a_training_says_so(self):
        response = self.client.post(
            ADD, form_data(audience="event", agency=self.own.pk)
        )

        assert response.status_code == 200
        content = response.content.decode()
        assert "announcements_event_audience_has_event" not in content
        assert response.context["form"].errors["event"] == [
            "Elija la capacitación cuyos participantes deben leerlo."
        ]
        with_other_errors = self.client.post(
            ADD, form_data(audience="event", agency=self.own.pk, title="")
        )
        assert "announcements_event_audience_has_event" not in (
            with_other_errors.content.decode()
        )
        assert set(with_other_errors.context["form"].errors) == {"title", "event"}
        assert Announcement.objects.count() == 0

    def test_a_refusal_of_the_service_is_a_message_on_the_edit_form(self):
        ours = self.publish(title="Ours")
        response = self.client.post(
            url("edit", ours),
            form_data(
                title="Changed",
                audience="event",
                agency=self.own.pk,
                event=self.third_training.pk,
            ),
        )

        assert response.status_code == 200
        assert "Su institución no organiza esta capacitación." in (
            response.content.decode()
        )
        ours.refresh_from_db()
        assert (ours.title, ours.audience) == ("Ours", Announcement.Audience.AGENCY)

    def test_an_editor_withdraws_from_the_edit_form(self):
        ours = self.publish(title="x")
        response = self.client.post(
            url("edit", ours), form_data(agency=self.own.pk, title="x", withdraw="on")
        )
        assert response.status_code == 302
        ours.refresh_from_db()
        assert ours.withdrawn_at is not None


class TestAutomaticNotices(AdminWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.notice = announcement_publish(
            audience=Announcement.Audience.USER,
            agency=cls.own,
            user=cls.person,
            title="Rechazada: Taller de tráfico de migrantes",
            by=None,
        )

    def test_a_personal_notice_opens_read_only(self):
        response = self.client.get(url("edit", self.notice))

        assert response.status_code == 302
        assert response["Location"] == url("inspect", self.notice)
        inspect = self.client.get(url("inspect", self.notice))
        assert inspect.status_code == 200
        assert "Rechazada: Taller" in inspect.content.decode()
        assert url("edit", self.notice) not in inspect.content.decode()

    def test_saving_a_personal_notice_never_makes_it_public(self):
        # What the browser posts for the form an editor saw: "user" was not a
        # choice, so the first one ("public") came back.
        response = self.client.post(
            url("edit", self.notice),
            form_data(
                audience="public",
                agency=self.own.pk,
                title=self.notice.title,
                body="",
            ),
        )

        assert response.status_code == 302
        self.notice.refresh_from_db()
        assert self.notice.audience == Announcement.Audience.USER
        assert self.notice.recipient == self.person
        assert list(self.notice.broadcasts.values_list("kind", flat=True)) == [
            Broadcast.Kind.PUBLISHED
        ]
        public_page = Client().get("/es/announcements/")
        assert "Rechazada" not in public_page.content.decode()

    def test_a_superuser_does_not_change_a_system_notice_either(self):
        cancelled = announcement_publish(
            audience=Announcement.Audience.EVENT,
            agency=self.own,
            event=self.own_training,
            title="Capacitación cancelada",
            by=None,
        )
        root = get_user_model().objects.create_superuser(
            username="root", email="root@example.org", password="x"
        )
        self.client.force_login(root)

        response = self.client.post(
            url("edit", cancelled),
            form_data(audience="public", agency=self.own.pk, title="Capacitación"),
        )

        assert response.status_code == 302
        cancelled.refresh_from_db()
        assert cancelled.audience == Announcement.Audience.EVENT
        assert cancelled.title == "Capacitación cancelada"


class TestCopy(AdminWorld):
    def test_copy_publishes_a_new_announcement_and_keeps_the_original(self):
        original = self.publish(
            audience=Announcement.Audience.EVENT,
            event=self.own_training,
            title="Traigan su identificación",
        )
        form = self.client.get(url("copy", original)).context["form"]
        assert form.initial["title"] == "Traigan su identificación"
        assert form.initial["event"] == self.own_training.pk

        response = self.client.post(
            url("copy", original),
            form_data(
                audience="event",
                agency=self.third.pk,
                event=self.third_training.pk,
                title="Traigan su identificación (tercera)",
            ),
        )

        assert response.status_code == 302
        original.refresh_from_db()
        assert original.title == "Traigan su identificación"
        assert original.event_id == self.own_training.pk
        assert list(original.broadcasts.values_list("kind", flat=True)) == [
            Broadcast.Kind.PUBLISHED
        ]
        copy = Announcement.objects.exclude(pk=original.pk).get()
        assert copy.event_id == self.third_training.pk
        assert copy.author == self.editor
        assert list(copy.broadcasts.values_list("kind", flat=True)) == [
            Broadcast.Kind.PUBLISHED
        ]

    def test_a_copy_aimed_at_another_agencys_training_is_refused(self):
        original = self.publish(
            audience=Announcement.Audience.EVENT,
            event=self.own_training,
            title="Traigan su identificación",
        )

        response = self.client.post(
            url("copy", original),
            form_data(
                audience="event", agency=self.own.pk, event=self.other_training.pk
            ),
        )

        assert response.status_code == 200
        assert Announcement.objects.count() == 1
        original.refresh_from_db()
        assert original.event_id == self.own_training.pk


class TestEveryViewFollowsThePolicy(AdminWorld):
    VIEWS = ("history", "usage", "copy", "edit", "inspect", "delete")

    def test_another_agencys_announcement_stays_closed_in_every_view(self):
        theirs = self.publish(
            agency=self.other, title="Reunión interna ajena", by=self.other_editor
        )
        for view in self.VIEWS:
            for method in (self.client.get, self.client.post):
                response = method(url(view, theirs))
                assert response.status_code in (302, 403), (view, method)
                if response.status_code == 302:
                    assert response["Location"] == "/admin/", view
                assert "Reunión interna ajena" not in response.content.decode()
        theirs.refresh_from_db()
        assert theirs.withdrawn_at is None
        assert Announcement.objects.count() == 1

    def test_the_editors_own_announcement_opens_in_the_reading_views(self):
        ours = self.publish(title="Reunión interna propia")
        for view in ("edit", "inspect", "history", "usage", "copy"):
            response = self.client.get(url(view, ours))
            assert response.status_code == 200, view
            assert "Reunión interna propia" in response.content.decode(), view

    def test_nobody_deletes_announcements(self):
        ours = self.publish(title="x")
        root = get_user_model().objects.create_superuser(
            username="root", email="root@example.org", password="x"
        )
        self.client.force_login(root)
        response = self.client.post(url("delete", ours))
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert Announcement.objects.filter(pk=ours.pk).exists()
