"""Demo registrations: the seed workshop's selection and attendance, and a calendar
whose trainings read as a real one does.

The 2022 workshop selected officials of the National Migration Service by their
performance evaluations and teaching experience; its registrations, scores,
attendance and a few evaluations are rebuilt here. The Colón replication takes
applications for selection, the Chiriquí one registers first come with seats
left, the community reception in Darién has closed its registration, the
training on victims of trafficking is full with a waiting list (the demo
participant waits first), the legal guidance opens its registration later, and
the open data course stays by invitation. Safe to run again: a training whose
registration is already set, or that has registrations, is left as it is.
"""

import datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from agencies.models import Agency, ParticipantProfile
from core.demo import DemoReport
from events.models import EventPage
from events.registration_settings import RegistrationMode
from registrations.demo_data import (
    ABSENT_2022,
    CASCADE,
    CHIRIQUI,
    CHIRIQUI_TAKEN,
    COLON,
    COMMENTS,
    CRITERIA,
    ELIGIBILITY,
    OFFICIALS,
    OTHER_TRAININGS,
    QUESTIONS,
    SEATS_2022,
    VICTIMS,
    WORKSHOP,
)
from registrations.models import (
    Attendance,
    Evaluation,
    Facilitator,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    SelectionCriterion,
    SelectionScore,
)


def load(report: DemoReport) -> None:
    """Create what is missing; needs the agencies and events demos loaded first."""
    agency = Agency.objects.filter(slug="snm").first()
    workshop = _original(WORKSHOP)
    if agency is None or workshop is None:
        return
    _past_workshop(workshop, agency, report)
    colon = _original(COLON)
    if colon is not None and colon.registration_mode == RegistrationMode.CLOSED:
        _open(colon, mode=RegistrationMode.APPLICATION, capacity=25, report=report)
    chiriqui = _original(CHIRIQUI)
    if chiriqui is not None and chiriqui.registration_mode == RegistrationMode.CLOSED:
        _open(chiriqui, mode=RegistrationMode.FIRST_COME, capacity=30, report=report)
        _register(chiriqui, _officials(agency)[-CHIRIQUI_TAKEN:], seats=30)
    for slug, fields in OTHER_TRAININGS.items():
        event = _original(slug)
        if event is not None and event.registration_mode == RegistrationMode.CLOSED:
            _set_registration(event, fields, report)
    victims = _original(VICTIMS)
    if victims is not None and not Registration.objects.filter(event=victims).exists():
        # Full: eight officials confirmed, the participant and one more wait.
        officials = _officials(agency)
        people = [*officials[:8], _participant_account(report), officials[8]]
        _register(victims, people, seats=victims.capacity)
        report.add(f"full with a waiting list: {victims.title}")
    _cascade(workshop, {colon: CASCADE[COLON], chiriqui: CASCADE[CHIRIQUI]}, report)


def _original(slug: str) -> EventPage | None:
    return (
        EventPage.objects.filter(
            slug=slug, locale__language_code=settings.LANGUAGE_CODE
        )
        .order_by("pk")
        .first()
    )


def _with_selection(
    event: EventPage, *, mode: str, capacity: int, criteria: bool = True
) -> EventPage:
    """Registration settings, criteria and questions, published as a revision."""
    event.registration_mode = mode
    event.capacity = capacity
    event.waitlist_enabled = True
    event.eligibility = ELIGIBILITY["es"]
    if criteria and not event.selection_criteria.exists():
        event.selection_criteria = [
            SelectionCriterion(name=es, weight=weight, sort_order=n)
            for n, (es, _en, weight) in enumerate(CRITERIA)
        ]
    if not event.registration_questions.exists():
        event.registration_questions = [
            RegistrationQuestion(
                sort_order=n,
                **{
                    "required": True,
                    **{k: v for k, v in question.items() if not k.endswith("_en")},
                },
            )
            for n, question in enumerate(QUESTIONS)
        ]
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    _translate(event)
    return event


def _translate(event: EventPage) -> None:
    """The English page's eligibility, questions and criteria: twins of the
    Spanish rows (same translation keys) with the English texts, as the
    translation editor would write them."""
    english = (
        EventPage.objects.filter(translation_key=event.translation_key)
        .exclude(pk=event.pk)
        .first()
    )
    if english is None:
        return
    english.eligibility = ELIGIBILITY["en"]
    english_texts = {question["label"]: question for question in QUESTIONS}
    english.registration_questions = [
        RegistrationQuestion(
            translation_key=question.translation_key,
            sort_order=question.sort_order,
            kind=question.kind,
            required=question.required,
            label=english_texts[question.label]["label_en"],
            choices=english_texts[question.label].get("choices_en", ""),
        )
        for question in event.registration_questions.all()
    ]
    names = {es: en for es, en, _weight in CRITERIA}
    english.selection_criteria = [
        SelectionCriterion(
            translation_key=criterion.translation_key,
            sort_order=criterion.sort_order,
            weight=criterion.weight,
            max_score=criterion.max_score,
            name=names[criterion.name],
        )
        for criterion in event.selection_criteria.all()
    ]
    english.save_revision().publish()


def _open(event: EventPage, *, mode: str, capacity: int, report: DemoReport) -> None:
    # First come confirms in order of registration: no criteria to score.
    event = _with_selection(
        event,
        mode=mode,
        capacity=capacity,
        criteria=mode == RegistrationMode.APPLICATION,
    )
    report.add(f"registration open ({mode}): {event.title}")


def _set_registration(event: EventPage, fields: dict, report: DemoReport) -> None:
    for name, value in fields.items():
        setattr(event, name, value)
    event.save_revision().publish()
    report.add(f"registration settings: {event.title}")


def _officials(agency: Agency) -> list:
    """The accounts of the 2022 workshop's officials but the first (the demo
    participant), in the order of OFFICIALS."""
    return [_official(name, agency) for name, *_rest in OFFICIALS[1:]]


def _register(event: EventPage, people: list, *, seats: int) -> None:
    """First come: the first `seats` people confirmed, the others waiting in
    the order they registered (a week before today, an hour apart)."""
    applied = timezone.now().replace(
        minute=0, second=0, microsecond=0
    ) - datetime.timedelta(days=7)
    for index, user in enumerate(people):
        profile = ParticipantProfile.objects.filter(user=user).first()
        agency = profile.agency if profile else None
        seated = index < seats
        Registration.objects.create(
            event=event,
            user=user,
            status=(
                Registration.Status.CONFIRMED
                if seated
                else Registration.Status.WAITLISTED
            ),
            full_name=(profile.full_name if profile else "") or user.email,
            email=user.email,
            agency=agency,
            organization=str(agency) if agency else "",
            position=profile.position if profile else "",
            applied_at=applied + datetime.timedelta(hours=index),
            decided_at=applied + datetime.timedelta(hours=index) if seated else None,
        )


def _past_workshop(event: EventPage, agency: Agency, report: DemoReport) -> None:
    if Registration.objects.filter(event=event).exists():
        return
    event = _with_selection(
        event, mode=RegistrationMode.APPLICATION, capacity=SEATS_2022
    )
    criteria = list(event.selection_criteria.order_by("sort_order"))
    questions = list(event.registration_questions.order_by("sort_order"))
    sessions = list(event.sessions.order_by("start"))
    zone = ZoneInfo(settings.TIME_ZONE)
    applied = datetime.datetime(2022, 4, 18, 9, tzinfo=zone)
    people = [(_participant_account(report), *OFFICIALS[0][1:])]
    people += [(_official(name, agency), *rest) for name, *rest in OFFICIALS[1:]]
    ranked = sorted(
        enumerate(people),
        key=lambda item: (
            -sum(
                score * criterion.weight
                for score, criterion in zip(item[1][4], criteria, strict=True)
            )
        ),
    )
    selected = {index for index, _person in ranked[:SEATS_2022]}
    for index, (user, unit, evaluation, taught, scores) in enumerate(people):
        profile = ParticipantProfile.objects.filter(user=user).first()
        name = (profile.full_name if profile else "") or user.email
        status = (
            Registration.Status.CONFIRMED
            if index in selected
            else Registration.Status.DECLINED
        )
        registration = Registration.objects.create(
            event=event,
            user=user,
            status=status,
            full_name=name,
            email=user.email,
            agency=agency,
            organization=str(agency),
            position=unit,
            applied_at=applied + datetime.timedelta(hours=5 * index),
            decided_at=datetime.datetime(2022, 5, 2, 10, tzinfo=zone),
        )
        RegistrationAnswer.objects.bulk_create(
            [
                RegistrationAnswer(
                    registration=registration, question=questions[0], value=evaluation
                ),
                RegistrationAnswer(
                    registration=registration,
                    question=questions[1],
                    value="yes" if taught else "no",
                ),
            ]
        )
        SelectionScore.objects.bulk_create(
            SelectionScore(registration=registration, criterion=criterion, value=value)
            for criterion, value in zip(criteria, scores, strict=True)
        )
        if status != Registration.Status.CONFIRMED or name in ABSENT_2022:
            continue
        for session in sessions:
            Attendance.objects.create(
                registration=registration, session=session, present=True
            )
        registration.status = Registration.Status.ATTENDED
        registration.save(update_fields=["status"])
        if index < len(COMMENTS):
            rating, comment = COMMENTS[index]
            Evaluation.objects.create(
                registration=registration, rating=rating, comments=comment
            )
    report.add(f"registrations, scores and attendance: {event.title}")


def _cascade(workshop: EventPage, replications: dict, report: DemoReport) -> None:
    """Each replication's parent is the 2022 workshop (both languages) and its
    facilitators are former participants; safe to run again."""
    attended = {
        registration.full_name: registration.user
        for registration in Registration.objects.filter(
            event=workshop, status=Registration.Status.ATTENDED
        ).select_related("user")
    }
    changed = False
    for edition, people in replications.items():
        if edition is None:
            continue
        changed |= bool(
            EventPage.objects.filter(translation_key=edition.translation_key)
            .exclude(parent_edition=workshop)
            .update(parent_edition=workshop)
        )
        for name, accepted in people:
            user = attended.get(name)
            if user is None:
                continue
            _facilitator, created = Facilitator.objects.get_or_create(
                event=edition,
                user=user,
                defaults={
                    "trained_in": workshop,
                    "name": name,
                    "state": Facilitator.State.ACCEPTED
                    if accepted
                    else Facilitator.State.PROPOSED,
                    "answered_at": timezone.now() if accepted else None,
                },
            )
            changed |= created
    if changed:
        report.add("replications led by former participants of the 2022 workshop")


def _participant_account(report: DemoReport):
    """The demo participant (agencies.demo) attended the workshop as Ana Castillo,
    so signing in as them shows a certificate to download."""
    User = get_user_model()
    user = User.objects.filter(email__iexact="participante@example.org").first()
    if user is None:
        return _official(OFFICIALS[0][0], Agency.objects.get(slug="snm"))
    ParticipantProfile.objects.update_or_create(
        user=user,
        defaults={
            "full_name": OFFICIALS[0][0],
            "agency": Agency.objects.get(slug="snm"),
            "position": OFFICIALS[0][1],
        },
    )
    return user


def _official(name: str, agency: Agency):
    """A verified account for one official; nobody signs in with it."""
    User = get_user_model()
    local = name.lower().replace(" ", ".").translate(str.maketrans("áéíóúñ", "aeioun"))
    email = f"{local}@snm.example.org"
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        # No password at all: nobody signs in with it, and hashing one costs
        # about half a second of `make run` per account.
        user = User.objects.create_user(username=f"demo.{local}", email=email)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    ParticipantProfile.objects.update_or_create(
        user=user, defaults={"full_name": name, "agency": agency}
    )
    return user
