"""The registration rules of registrations.services, one behaviour a test."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from agencies.models import ParticipantProfile
from events.registration_settings import RegistrationMode
from registrations import selectors, services
from registrations.models import (
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    SelectionCriterion,
)
from registrations.services import RegistrationError
from tests.factories import AgencyFactory, UserFactory

from .conftest import add_question, start_sessions

pytestmark = pytest.mark.django_db
Status = Registration.Status


def apply(event, user=None, **kwargs):
    return services.registration_apply(
        event=event, user=user or UserFactory(), **kwargs
    )


def test_first_come_confirms_until_full_then_waitlists(make_event):
    event = make_event(capacity=2)
    statuses = [apply(event).status for _ in range(4)]
    assert statuses == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]


def test_full_without_waitlist_refused_and_nothing_stored(make_event):
    event = make_event(capacity=1, waitlist_enabled=False)
    apply(event)
    with pytest.raises(RegistrationError) as error:
        apply(event)
    assert error.value.code == "full"
    assert Registration.objects.filter(event=event).count() == 1


def test_one_registration_per_person(event, participant):
    apply(event, participant)
    with pytest.raises(RegistrationError) as error:
        apply(event, participant)
    assert error.value.code == "duplicate"


def test_apply_again_after_cancelling_reuses_the_row(make_event):
    event = make_event(capacity=1)
    first = apply(event)
    services.registration_cancel(registration=first, by=first.user)
    apply(event)
    again = apply(event, first.user)
    assert again.pk == first.pk
    assert again.status == Status.WAITLISTED
    assert again.cancelled_at is None


def test_unique_constraint_in_database(event, participant):
    from django.db import IntegrityError, transaction

    apply(event, participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event,
            user=participant,
            status=Status.PENDING,
            applied_at=timezone.now(),
        )


def test_unverified_account_refused(event):
    user = UserFactory(verified=False)
    with pytest.raises(RegistrationError) as error:
        apply(event, user)
    assert error.value.code == "unverified"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [
        (datetime.timedelta(days=1), None, "not_open_yet"),
        (None, -datetime.timedelta(hours=1), "window_closed"),
    ],
)
def test_outside_window_refused(make_event, opens, closes, code):
    now = timezone.now()
    event = make_event(
        registration_opens_at=now + opens if opens else None,
        registration_closes_at=now + closes if closes else None,
    )
    with pytest.raises(RegistrationError) as error:
        apply(event)
    assert error.value.code == code
    assert not Registration.objects.exists()


def test_started_event_refused(make_event):
    event = make_event(start=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(RegistrationError) as error:
        apply(event)
    assert error.value.code == "window_closed"


def test_closed_mode_refused(make_event):
    event = make_event(mode=RegistrationMode.CLOSED)
    with pytest.raises(RegistrationError) as error:
        apply(event)
    assert error.value.code == "closed"


def test_missing_required_answer_refused(event):
    question = add_question(event)
    with pytest.raises(RegistrationError) as error:
        apply(event, answers={question.pk: "  "})
    assert error.value.code == "missing_answer"
    assert error.value.field == f"question_{question.pk}"
    assert not Registration.objects.exists()


def test_answers_stored_in_canonical_form(event):
    single = add_question(
        event,
        kind=RegistrationQuestion.Kind.MULTIPLE_CHOICE,
        choices="Docencia\nInvestigación",
    )
    yes_no = add_question(event, kind=RegistrationQuestion.Kind.YES_NO, required=False)
    registration = apply(
        event, answers={single.pk: ["Docencia", "Investigación"], yes_no.pk: "yes"}
    )
    values = dict(
        RegistrationAnswer.objects.filter(registration=registration).values_list(
            "question_id", "value"
        )
    )
    assert values == {single.pk: "Docencia\nInvestigación", yes_no.pk: "yes"}


def test_invalid_choice_refused(event):
    question = add_question(
        event,
        kind=RegistrationQuestion.Kind.SINGLE_CHOICE,
        choices="A\nB",
    )
    with pytest.raises(RegistrationError):
        apply(event, answers={question.pk: "C"})


def test_answer_to_another_events_question_refused(make_event, event):
    other = make_event(title="Otro")
    foreign = add_question(other)
    with pytest.raises(RegistrationError) as error:
        apply(event, answers={foreign.pk: "x"})
    assert error.value.code == "unknown_question"


def test_session_of_another_event_refused(make_event):
    event = make_event(sessions=2, sessions_selectable=True)
    other = make_event(title="Otro", sessions=1)
    with pytest.raises(RegistrationError) as error:
        apply(event, session_ids=[other.sessions.get().pk])
    assert error.value.field == "sessions"


def test_session_capacity_respected(make_event):
    event = make_event(
        capacity=10, sessions=2, sessions_selectable=True, session_capacities=(1, None)
    )
    first, second = event.sessions.order_by("start")
    assert apply(event, session_ids=[first.pk]).status == Status.CONFIRMED
    assert apply(event, session_ids=[first.pk, second.pk]).status == Status.WAITLISTED
    assert apply(event, session_ids=[second.pk]).status == Status.CONFIRMED


def test_eligibility_by_listed_agencies(make_event):
    allowed = AgencyFactory(slug="allowed")
    event = make_event()
    event.allowed_agencies.set([allowed])
    event.save()
    outsider = UserFactory()
    with pytest.raises(RegistrationError) as error:
        apply(event, outsider)
    assert error.value.code == "not_eligible"
    insider = UserFactory()
    ParticipantProfile.objects.create(user=insider, agency=allowed, full_name="Ana")
    registration = apply(event, insider)
    assert registration.agency == allowed
    assert registration.full_name == "Ana"


def test_cancellation_promotes_first_waitlisted(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    seated = apply(event)
    first = apply(event)
    second = apply(event)
    with pytest.raises(RegistrationError):
        services.registration_cancel(registration=seated, by=first.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seated, by=seated.user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert second.status == Status.WAITLISTED
    assert selectors.waitlist_position(second) == 1
    assert {message.to[0] for message in mail.outbox} == {
        seated.user.email,
        first.user.email,
    }


def test_cancel_refused_once_event_started(make_event):
    event = make_event()
    registration = apply(event)
    Registration.objects.filter(pk=registration.pk).update(status=Status.CONFIRMED)
    start = timezone.now() - datetime.timedelta(minutes=5)
    event.sessions.update(start=start)
    type(event).objects.filter(pk=event.pk).update(start=start)
    with pytest.raises(RegistrationError) as error:
        services.registration_cancel(registration=registration, by=registration.user)
    assert error.value.code == "started"


def test_application_mode_pending_then_organizer_notified_on_cancel(
    make_event, organizer, django_capture_on_commit_callbacks
):
    event = make_event(mode=RegistrationMode.APPLICATION, capacity=1)
    first, second = apply(event), apply(event)
    assert first.status == second.status == Status.PENDING
    services.registration_decide(
        event=event, registration_ids=[first.pk], status=Status.CONFIRMED, by=organizer
    )
    services.registration_decide(
        event=event,
        registration_ids=[second.pk],
        status=Status.WAITLISTED,
        by=organizer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first, by=first.user)
    second.refresh_from_db()
    assert second.status == Status.WAITLISTED
    assert organizer.email in {message.to[0] for message in mail.outbox}


def test_application_mode_auto_promotes_best_ranked(make_event, organizer):
    event = make_event(mode=RegistrationMode.APPLICATION, capacity=1, auto_promote=True)
    criterion = SelectionCriterion.objects.create(
        page=event, name="Evaluación", weight=2
    )
    seated, early, strong = apply(event), apply(event), apply(event)
    services.registration_decide(
        event=event, registration_ids=[seated.pk], status=Status.CONFIRMED, by=organizer
    )
    services.registration_decide(
        event=event,
        registration_ids=[early.pk, strong.pk],
        status=Status.WAITLISTED,
        by=organizer,
    )
    services.registration_score(
        registration=strong, scores={criterion.pk: 5}, by=organizer
    )
    services.registration_score(
        registration=early, scores={criterion.pk: 2}, by=organizer
    )
    services.registration_cancel(registration=seated, by=seated.user)
    strong.refresh_from_db()
    early.refresh_from_db()
    assert strong.status == Status.CONFIRMED
    assert early.status == Status.WAITLISTED


def test_approving_beyond_capacity_refused_as_a_whole(make_event, organizer):
    event = make_event(mode=RegistrationMode.APPLICATION, capacity=2)
    applicants = [apply(event) for _ in range(3)]
    with pytest.raises(RegistrationError) as error:
        services.registration_decide(
            event=event,
            registration_ids=[r.pk for r in applicants],
            status=Status.CONFIRMED,
            by=organizer,
        )
    assert error.value.code == "full"
    assert "2" in str(error.value.message)
    assert not Registration.objects.filter(status=Status.CONFIRMED).exists()


def test_decision_message_sent_in_participants_language(
    make_event, organizer, django_capture_on_commit_callbacks
):
    event = make_event(mode=RegistrationMode.APPLICATION)
    registration = apply(event)
    ParticipantProfile.objects.create(user=registration.user, preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_decide(
            event=event,
            registration_ids=[registration.pk],
            status=Status.DECLINED,
            by=organizer,
            message="Next time!",
        )
    (message,) = mail.outbox
    assert "Declined" in message.subject
    assert "Next time!" in message.body
    from announcements.models import Announcement

    live = Announcement.objects.get(recipient=registration.user)
    # The notice is stored in both languages; the English reader reads English.
    with translation.override("en"):
        assert "Declined" in live.translated_title
    assert "Declined" in live.title_en
    assert "Rechazada" in live.title


def test_only_organizers_decide(event):
    registration = apply(event)
    outsider_agency = AgencyFactory(slug="other")
    from tests.factories import make_member

    outsider = make_member(outsider_agency, role="editor")
    with pytest.raises(RegistrationError) as error:
        services.registration_decide(
            event=event,
            registration_ids=[registration.pk],
            status=Status.DECLINED,
            by=outsider,
        )
    assert error.value.code == "forbidden"


def test_decide_rejects_registration_of_other_event(make_event, organizer):
    event = make_event()
    other = make_event(title="Otro")
    foreign = apply(other)
    with pytest.raises(RegistrationError):
        services.registration_decide(
            event=event,
            registration_ids=[foreign.pk],
            status=Status.DECLINED,
            by=organizer,
        )


def test_score_bounds(event, organizer):
    criterion = SelectionCriterion.objects.create(
        page=event, name="Docencia", max_score=5
    )
    registration = apply(event)
    with pytest.raises(RegistrationError):
        services.registration_score(
            registration=registration, scores={criterion.pk: 6}, by=organizer
        )
    services.registration_score(
        registration=registration, scores={criterion.pk: 4}, by=organizer
    )
    ranked = selectors.with_total_score(
        Registration.objects.filter(pk=registration.pk)
    ).get()
    assert ranked.total_score == 4


def _end_event(event):
    past = timezone.now() - datetime.timedelta(days=2)
    event.sessions.update(start=past, end=past + datetime.timedelta(hours=6))
    type(event).objects.filter(pk=event.pk).update(
        start=past, end=past + datetime.timedelta(hours=6)
    )
    event.refresh_from_db()


def test_attendance_evaluation_and_certificate(event, organizer):
    registration = apply(event)
    absent = apply(event)
    session = event.sessions.get()
    with pytest.raises(RegistrationError):
        services.registration_certificate_issue(
            registration=registration, by=registration.user
        )
    start_sessions(event)
    services.registration_record_attendance(
        session=session, present_ids=[registration.pk], by=organizer
    )
    registration.refresh_from_db()
    absent.refresh_from_db()
    assert registration.status == Status.ATTENDED
    assert absent.status == Status.CONFIRMED
    _end_event(event)
    registration.refresh_from_db()
    certificate = services.registration_certificate_issue(
        registration=registration, by=registration.user
    )
    assert (
        services.registration_certificate_issue(
            registration=registration, by=registration.user
        )
        == certificate
    )
    assert selectors.certificate_by_code(code=certificate.code.lower()) == certificate
    services.registration_evaluate(
        registration=registration, by=registration.user, rating=5, comments="Útil"
    )
    summary = selectors.evaluation_summary(event=event)
    assert (summary.count, summary.average, summary.comments) == (1, 5, ["Útil"])
    with pytest.raises(RegistrationError):
        services.registration_evaluate(registration=absent, by=absent.user, rating=4)


def test_attendance_only_for_seated(event, organizer):
    waiting_event = event
    registration = apply(waiting_event)
    Registration.objects.filter(pk=registration.pk).update(status=Status.DECLINED)
    with pytest.raises(RegistrationError):
        services.registration_record_attendance(
            session=event.sessions.get(), present_ids=[registration.pk], by=organizer
        )


def test_account_deletion_anonymises_and_cancels_upcoming_seats(event):
    from agencies.services import account_delete

    registration = apply(event)
    account_delete(user=registration.user)
    registration.refresh_from_db()
    assert registration.email == ""
    assert registration.status == Status.CANCELLED
    assert selectors.seats_taken(event_id=event.pk) == 0


def test_english_translation_shares_seats(event, locales):
    english = event.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    registration = apply(english)
    assert registration.event_id == event.pk


def test_attendance_ticks_and_unticks_notify_nobody(
    event, organizer, django_capture_on_commit_callbacks
):
    from announcements.models import Announcement

    present, absent = apply(event), apply(event)
    session = start_sessions(event).sessions.get()
    mail.outbox.clear()
    for ticked in ([present.pk], [present.pk, absent.pk], []):
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_record_attendance(
                session=session, present_ids=ticked, by=organizer
            )
    present.refresh_from_db()
    assert present.status == Status.CONFIRMED
    assert mail.outbox == []
    assert not Announcement.objects.filter(
        recipient__in=[present.user, absent.user]
    ).exists()
