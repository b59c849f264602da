"""The admin: editors list, publish, edit and withdraw their agencies' only."""

import pytest
from django.utils import timezone

from agencies import services as agency_services
from agencies.models import Membership
from announcements.models import Announcement
from announcements.services import announcement_publish

pytestmark = pytest.mark.django_db

INDEX = "/admin/announcements/"
ADD = "/admin/announcements/new/"


@pytest.fixture
def agencies(make_user):
    own = agency_services.agency_create(
        name_es="Propia", name_en="Own", slug="own", acronym="OWN"
    )
    other = agency_services.agency_create(
        name_es="Otra", name_en="Other", slug="other", acronym="OTH"
    )
    editor = make_user()
    agency_services.membership_create(
        agency=own, user=editor, role=Membership.Role.EDITOR
    )
    return {"own": own, "other": other, "editor": editor}


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


def test_editors_list_only_their_agencies_announcements(client, agencies):
    announcement_publish(audience="agency", agency=agencies["own"], title="Ours")
    announcement_publish(audience="agency", agency=agencies["other"], title="Theirs")
    client.force_login(agencies["editor"])

    response = client.get(INDEX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ours" in content
    assert "Theirs" not in content


def test_the_add_form_offers_only_the_editors_agencies(client, agencies):
    client.force_login(agencies["editor"])
    form = client.get(ADD).context["form"]
    assert list(form.fields["agency"].queryset) == [agencies["own"]]
    assert "recipient" not in form.fields
    assert "user" not in [value for value, _label in form.fields["audience"].choices]


def test_an_editor_publishes_for_their_agency(client, agencies):
    client.force_login(agencies["editor"])
    response = client.post(ADD, form_data(agency=agencies["own"].pk))
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.author == agencies["editor"]
    assert announcement.broadcast_at is not None


def test_a_forged_agency_is_refused(client, agencies):
    client.force_login(agencies["editor"])
    response = client.post(ADD, form_data(agency=agencies["other"].pk))
    assert response.status_code == 200
    assert Announcement.objects.count() == 0


def test_another_agencys_announcement_cannot_be_opened(client, agencies):
    theirs = announcement_publish(
        audience="agency", agency=agencies["other"], title="Theirs"
    )
    client.force_login(agencies["editor"])
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    response = client.get(f"{INDEX}edit/{theirs.pk}/")
    assert response.status_code in (302, 403)
    assert "Theirs" not in response.content.decode()
    response = client.post(
        f"{INDEX}edit/{theirs.pk}/",
        form_data(agency=agencies["other"].pk, withdraw="on"),
    )
    assert response.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None


def test_an_editor_withdraws_from_the_edit_form(client, agencies):
    ours = announcement_publish(audience="agency", agency=agencies["own"], title="x")
    client.force_login(agencies["editor"])
    response = client.post(
        f"{INDEX}edit/{ours.pk}/",
        form_data(agency=agencies["own"].pk, title="x", withdraw="on"),
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.withdrawn_at is not None


def test_nobody_deletes_announcements(client, agencies, make_user):
    ours = announcement_publish(audience="agency", agency=agencies["own"], title="x")
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.post(f"{INDEX}delete/{ours.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert Announcement.objects.filter(pk=ours.pk).exists()


def test_plain_members_see_no_announcements_admin(client, agencies, make_user):
    member = make_user()
    agency_services.membership_create(agency=agencies["own"], user=member)
    client.force_login(member)
    assert client.get(INDEX).status_code in (302, 403)
