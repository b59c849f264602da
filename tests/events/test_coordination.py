"""Coordination between agencies: clash warnings, editions, the admin overview."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from events import selectors, services
from events.models import EventPage, EventSession, EventStatus
from tests.events.factories import (
    EventAgencyFactory,
    EventPageFactory,
    local,
    one_day,
)
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="root", email="root@example.org", password="pw-for-tests"
    )


def unsaved_event(index, *, audience="public_servants", city="", days=()):
    event = EventPage(
        title="Draft",
        slug="draft",
        summary="s",
        locale=index.locale,
        audience=audience,
        city=city,
    )
    event.sessions = [EventSession(start=start, end=end) for start, end in days]
    return event


def test_overlapping_training_for_the_same_audience_clashes(calendars):
    other = EventPageFactory(
        parent=calendars["es"],
        title="Taller de la OIM",
        days=[(local(2027, 3, 10, 9), local(2027, 3, 10, 16))],
        audience="border_migration",
        co_organizers=[EventAgencyFactory(name_es="OIM")],
    )
    event = unsaved_event(
        calendars["es"],
        audience="border_migration",
        days=[(local(2027, 3, 10, 14), local(2027, 3, 10, 18))],
    )
    assert selectors.event_clashes(event=event) == [other]


def test_overlap_in_the_same_city_clashes_whatever_the_audience(calendars):
    EventPageFactory(
        parent=calendars["es"],
        days=one_day(2027, 3, 10),
        audience="civil_society",
        city="Colón",
    )
    event = unsaved_event(
        calendars["es"],
        city="colón",
        days=[(local(2027, 3, 10, 8), local(2027, 3, 10, 10))],
    )
    assert len(selectors.event_clashes(event=event)) == 1


@pytest.mark.parametrize(
    ("days", "audience", "status"),
    [
        # Back to back: ends when the other starts.
        (
            [(local(2027, 3, 10, 16), local(2027, 3, 10, 18))],
            "public_servants",
            "scheduled",
        ),
        # Same time, different audience and no shared city.
        ([(local(2027, 3, 10, 9), local(2027, 3, 10, 16))], "trainers", "scheduled"),
        # The other training was cancelled.
        (
            [(local(2027, 3, 10, 9), local(2027, 3, 10, 16))],
            "public_servants",
            "cancelled",
        ),
    ],
)
def test_no_clash(calendars, days, audience, status):
    EventPageFactory(
        parent=calendars["es"],
        days=one_day(2027, 3, 10),
        audience="public_servants",
        city="David",
        status=status,
    )
    event = unsaved_event(calendars["es"], audience=audience, city="Colón", days=days)
    assert selectors.event_clashes(event=event) == []


def test_a_training_does_not_clash_with_itself_or_its_translation(calendars):
    event = EventPageFactory(parent=calendars["es"], days=one_day(2027, 3, 10))
    translation = event.copy_for_translation(calendars["en"].locale, copy_parents=False)
    translation.save_revision().publish()
    assert selectors.event_clashes(event=EventPage.objects.get(pk=event.pk)) == []


def test_admin_save_warns_about_a_clash_naming_the_other_agencies(
    client, calendars, admin_user
):
    EventPageFactory(
        parent=calendars["es"],
        title="Taller de la OIM",
        days=one_day(2027, 3, 10),
        lead_agency=EventAgencyFactory(name_es="Organización Internacional"),
    )
    event = EventPageFactory(
        parent=calendars["es"], title="Mío", days=one_day(2027, 4, 1)
    )
    client.force_login(admin_user)
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {
            "title": "Mío",
            "slug": event.slug,
            "summary": "Resumen",
            "lead_agency": event.lead_agency_id,
            "audience": event.audience,
            "modality": event.modality,
            "language": event.language,
            "status": "scheduled",
            "body": [],
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
    data["body-count"] = "0"
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[event.pk]), data, follow=True
    )
    assert response.status_code == 200
    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert draft.sessions.get().start == local(2027, 3, 10, 10)
    warnings = [
        m.message for m in response.context["messages"] if m.level_tag == "warning"
    ]
    assert len(warnings) == 1
    assert "Taller de la OIM" in warnings[0]
    assert "Organización Internacional" in warnings[0]


def test_duplicate_as_edition_moves_sessions_and_joins_the_series(
    calendars, admin_user
):
    iom = EventAgencyFactory(slug="iom")
    topic = TopicFactory(slug="migrant-smuggling")
    original = EventPageFactory(
        parent=calendars["es"],
        title="Taller",
        slug="taller",
        days=[
            (local(2022, 5, 12, 9), local(2022, 5, 12, 16)),
            (local(2022, 5, 13, 9), local(2022, 5, 13, 16)),
        ],
        co_organizers=[iom],
        topics=[topic],
        status=EventStatus.CANCELLED,
        status_reason="old",
    )
    edition = services.event_duplicate_as_edition(
        event=original, new_start=datetime.date(2027, 3, 8), by=admin_user
    )
    edition = EventPage.objects.get(pk=edition.pk)
    assert edition.pk != original.pk
    assert not edition.live
    assert edition.slug == "taller-2027-03-08"
    assert edition.series_key == original.series_key
    assert edition.translation_key != original.translation_key
    assert edition.status == EventStatus.SCHEDULED
    assert edition.lead_agency == original.lead_agency
    assert list(edition.co_organizers.all()) == [iom]
    assert list(edition.topics.all()) == [topic]
    sessions = list(edition.sessions.order_by("start"))
    assert [s.start for s in sessions] == [local(2027, 3, 8, 9), local(2027, 3, 9, 9)]
    assert [s.end for s in sessions] == [local(2027, 3, 8, 16), local(2027, 3, 9, 16)]
    original_uids = set(original.sessions.values_list("uid", flat=True))
    assert not original_uids & {s.uid for s in sessions}
    assert edition.start == local(2027, 3, 8, 9)
    assert original.sessions.count() == 2

    edition.save_revision().publish()
    assert selectors.other_editions(event=original) == [edition]
    assert selectors.other_editions(event=edition) == [original]


def test_edition_gets_the_translation_of_its_training(calendars, admin_user):
    original = EventPageFactory(
        parent=calendars["es"],
        title="Taller",
        slug="taller",
        days=[
            (local(2022, 5, 12, 9), local(2022, 5, 12, 16)),
            (local(2022, 5, 13, 9), local(2022, 5, 13, 16)),
        ],
    )
    english = original.copy_for_translation(calendars["en"].locale, copy_parents=False)
    english.title = "Workshop"
    english.save_revision().publish()
    edition = services.event_duplicate_as_edition(
        event=original, new_start=datetime.date(2027, 3, 8), by=admin_user
    )
    [english_edition] = EventPage.objects.filter(
        translation_key=edition.translation_key, locale=calendars["en"].locale
    )
    assert english_edition.title == "Workshop"
    assert english_edition.get_parent().pk == calendars["en"].pk
    assert not english_edition.live
    assert english_edition.series_key == edition.series_key
    assert english_edition.start == local(2027, 3, 8, 9)
    # Both languages describe the same sittings: one calendar UID per session.
    uids = {s.start: s.uid for s in edition.sessions.all()}
    assert {s.start: s.uid for s in english_edition.sessions.all()} == uids
    assert not set(uids.values()) & set(english.sessions.values_list("uid", flat=True))
    # ... and the English sessions stay twins of the Spanish ones (issue 16: the
    # titles are translated on them), with keys of their own, not the original's.
    keys = {s.start: s.translation_key for s in edition.sessions.all()}
    assert {s.start: s.translation_key for s in english_edition.sessions.all()} == keys
    assert not set(keys.values()) & set(
        original.sessions.values_list("translation_key", flat=True)
    )
    english_edition.save_revision().publish()
    assert selectors.other_editions(event=english) == [english_edition]


def test_edition_on_the_same_day_is_refused(calendars, admin_user):
    original = EventPageFactory(parent=calendars["es"], days=one_day(2027, 3, 10))
    with pytest.raises(services.EventError):
        services.event_duplicate_as_edition(
            event=original, new_start=datetime.date(2027, 3, 10), by=admin_user
        )


def test_editions_list_each_other_on_the_page(client, calendars, admin_user):
    original = EventPageFactory(
        parent=calendars["es"], title="Primera", days=one_day(2022, 5, 12)
    )
    edition = services.event_duplicate_as_edition(
        event=original, new_start=datetime.date(2027, 3, 8), by=admin_user
    )
    EventPage.objects.get(pk=edition.pk).save_revision().publish()
    html = client.get(original.url).content.decode()
    assert f'href="{EventPage.objects.get(pk=edition.pk).url}"' in html


def test_new_edition_admin_view(client, calendars, admin_user):
    original = EventPageFactory(parent=calendars["es"], days=one_day(2027, 3, 10))
    client.force_login(admin_user)
    url = reverse("events_new_edition", args=[original.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"new_start": "2027-09-01"})
    edition = EventPage.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[edition.pk])
    assert client.post(url, {"new_start": "2027-03-10"}).status_code == 200


def test_coordination_view_lists_trainings_by_month(client, calendars, admin_user):
    future = timezone.localdate().year + 1
    EventPageFactory(
        parent=calendars["es"],
        title="Capacitación A",
        days=one_day(future, 2, 3),
        co_organizers=[EventAgencyFactory(acronym="OIM")],
    )
    EventPageFactory(
        parent=calendars["es"],
        title="Borrador B",
        days=one_day(future, 4, 3),
        live=False,
    )
    client.force_login(admin_user)
    response = client.get(reverse("events_coordination"))
    assert response.status_code == 200
    months = response.context["months"]
    assert [m.first for m in months] == [
        datetime.date(future, 2, 1),
        datetime.date(future, 4, 1),
    ]
    html = response.content.decode()
    assert "Capacitación A" in html and "OIM" in html and "Borrador B" in html


def test_coordination_view_counts_registrations(client, calendars, admin_user):
    from registrations.models import Registration

    future = timezone.localdate().year + 1
    event = EventPageFactory(
        parent=calendars["es"], title="Con inscripciones", days=one_day(future, 2, 3)
    )
    statuses = ["confirmed", "confirmed", "pending", "waitlisted", "cancelled"]
    for number, status in enumerate(statuses):
        person = get_user_model().objects.create_user(username=f"p{number}")
        Registration.objects.create(
            event=event, user=person, status=status, applied_at=timezone.now()
        )
    # The admin speaks the user's language; English keeps the assertion readable.
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save(update_fields=["preferred_language"])
    client.force_login(admin_user)
    response = client.get(reverse("events_coordination"))
    row = response.context["months"][0].events[0]
    assert (row.registrations_seated, row.registrations_pending) == (2, 1)
    assert row.registrations_waitlisted == 1
    assert "2 confirmed, 1 pending, 1 waiting" in response.content.decode()


def test_edition_leaves_registrations_and_moves_the_registration_window(
    calendars, admin_user
):
    from registrations.models import Registration

    original = EventPageFactory(
        parent=calendars["es"],
        days=one_day(2027, 3, 10),
        registration_opens_at=local(2027, 2, 1),
        registration_closes_at=local(2027, 3, 1),
    )
    person = get_user_model().objects.create_user(username="participant")
    Registration.objects.create(
        event=original, user=person, status="confirmed", applied_at=timezone.now()
    )
    edition = services.event_duplicate_as_edition(
        event=original, new_start=datetime.date(2027, 9, 8), by=admin_user
    )
    assert not Registration.objects.filter(event=edition).exists()
    edition = EventPage.objects.get(pk=edition.pk)
    shift = datetime.timedelta(days=182)
    assert edition.registration_opens_at == local(2027, 2, 1) + shift
    assert edition.registration_closes_at == local(2027, 3, 1) + shift
