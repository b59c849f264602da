"""The registration models moved from events to registrations with their tables:
rows written before the move (through the historical models of events 0005) are
all there afterwards, read through the new models, with their content types
relabelled, an old page revision (questions and criteria inside) restorable and
a notification queued before the move still runnable.

Runs on SQLite and on PostgreSQL (DATABASE_URL); migrates the test database back
and forward, then leaves it at the latest migrations for the other tests.
"""

import datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult
from wagtail.models import Revision
from wagtail_localize.models import StringTranslation

from events.models import EventPage
from registrations.models import (
    Attendance,
    Certificate,
    Evaluation,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    SelectionCriterion,
    SelectionScore,
)
from registrations.services import notify_registration_status
from tests.factories import UserFactory

from .conftest import build_event

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_MOVE = ("events", "0005_co_organizer_invitations")
MOVED = (
    "registrationquestion",
    "selectioncriterion",
    "registration",
    "registrationanswer",
    "selectionscore",
    "attendance",
    "certificate",
    "evaluation",
)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _pre_move_targets(executor) -> list:
    """Today's leaves with events at 0005 and no registrations app: the graph as
    it stood before the move (any later migration that depends on the move is
    unapplied with it)."""
    targets = [("registrations", None)]
    for app, name in executor.loader.graph.leaf_nodes():
        if app == "events":
            targets.append(BEFORE_THE_MOVE)
        elif app != "registrations":
            targets.append((app, name))
    return targets


def _write_before_the_move(apps, *, event, people, revision_content) -> dict:
    """A training's registrations as events 0005 stored them: every kind of row."""
    Question = apps.get_model("events", "RegistrationQuestion")
    Criterion = apps.get_model("events", "SelectionCriterion")
    OldRegistration = apps.get_model("events", "Registration")
    Answer = apps.get_model("events", "RegistrationAnswer")
    Score = apps.get_model("events", "SelectionScore")
    OldAttendance = apps.get_model("events", "Attendance")
    OldCertificate = apps.get_model("events", "Certificate")
    OldEvaluation = apps.get_model("events", "Evaluation")
    OldContentType = apps.get_model("contenttypes", "ContentType")
    OldPermission = apps.get_model("auth", "Permission")
    OldRevision = apps.get_model("wagtailcore", "Revision")

    question = Question.objects.create(
        page_id=event.pk,
        sort_order=0,
        kind="yes_no",
        label_es="¿Tiene experiencia docente?",
        label_en="Do you have teaching experience?",
        required=True,
    )
    criterion = Criterion.objects.create(
        page_id=event.pk,
        sort_order=0,
        name_es="Evaluación de desempeño",
        name_en="Performance evaluation",
        weight=3,
        max_score=5,
    )
    session_ids = list(event.sessions.order_by("start").values_list("pk", flat=True))
    applied = timezone.now() - datetime.timedelta(days=3)
    registrations = []
    for number, (user, status) in enumerate(
        zip(people, ("attended", "confirmed", "waitlisted"), strict=True)
    ):
        registration = OldRegistration.objects.create(
            event_id=event.pk,
            user_id=user.pk,
            status=status,
            full_name=f"Persona {number}",
            email=user.email,
            organization="SNM",
            position="Oficial",
            applied_at=applied + datetime.timedelta(minutes=number),
            decision_message="Bienvenida" if number == 0 else "",
        )
        registration.sessions.add(session_ids[0])
        Answer.objects.create(
            registration_id=registration.pk, question_id=question.pk, value="yes"
        )
        Score.objects.create(
            registration_id=registration.pk,
            criterion_id=criterion.pk,
            value=5 - number,
            scored_by_id=people[0].pk,
        )
        registrations.append(registration)
    OldAttendance.objects.create(
        registration_id=registrations[0].pk, session_id=session_ids[0], present=True
    )
    OldCertificate.objects.create(
        registration_id=registrations[0].pk,
        code="ABCD-EFGH-JKLM",
        holder_name="Persona 0",
    )
    OldEvaluation.objects.create(
        registration_id=registrations[0].pk, rating=5, comments="Muy útil"
    )

    # What af06e87 knew: content types labelled "events", a permission on one.
    registration_type, _created = OldContentType.objects.get_or_create(
        app_label="events", model="registration"
    )
    permission, _created = OldPermission.objects.get_or_create(
        content_type=registration_type,
        codename="review_registration",
        defaults={"name": "Can review registrations"},
    )
    # A page revision saved before the move: its questions and criteria inside.
    page_type = OldContentType.objects.get(app_label="events", model="eventpage")
    revision_content = {
        **revision_content,
        "registration_questions": [
            {
                "pk": question.pk,
                "page": event.pk,
                "sort_order": 0,
                "kind": "yes_no",
                "label_es": question.label_es,
                "label_en": question.label_en,
                "choices_es": "",
                "choices_en": "",
                "required": True,
            }
        ],
        "selection_criteria": [
            {
                "pk": criterion.pk,
                "page": event.pk,
                "sort_order": 0,
                "name_es": criterion.name_es,
                "name_en": criterion.name_en,
                "weight": 3,
                "max_score": 5,
            }
        ],
    }
    revision = OldRevision.objects.create(
        content_type_id=page_type.pk,
        base_content_type_id=OldContentType.objects.get(
            app_label="wagtailcore", model="page"
        ).pk,
        object_id=str(event.pk),
        created_at=timezone.now(),
        object_str=event.title,
        content=revision_content,
    )
    # A notification queued before the move, not yet run by the worker.
    queued = apps.get_model("django_tasks_database", "DBTaskResult").objects.create(
        task_path="core.effects.run_effect",
        args_kwargs={
            "args": [
                "events.services.notify_registration_status",
                {"registration_id": registrations[1].pk, "previous": None},
            ],
            "kwargs": {},
        },
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    return {
        "queued": queued.pk,
        "question": question.pk,
        "criterion": criterion.pk,
        "registrations": [r.pk for r in registrations],
        "content_types": {
            model: OldContentType.objects.get(app_label="events", model=model).pk
            for model in MOVED
            if OldContentType.objects.filter(app_label="events", model=model).exists()
        },
        "registration_type": registration_type.pk,
        "permission": permission.pk,
        "revision": revision.pk,
        "session": session_ids[0],
    }


@pytest.fixture(autouse=True)
def content_type_cache():
    """Leave the content type cache as the other tests expect it: warm, with the
    ids the database is restored to. The migrations clear it; left cold, the
    next transactional test's restore meets content types created on demand
    before its own rows come back."""
    yield
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*django_apps.get_models())


def _remembered(event, path: str) -> tuple[str, str]:
    """The source string and its English translation recorded at `path`."""
    translation = StringTranslation.objects.select_related("translation_of").get(
        context__object_id=event.translation_key,
        context__path=path,
        locale__language_code="en",
    )
    return translation.translation_of.data, translation.data


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            RegistrationQuestion,
            SelectionCriterion,
            Registration,
            RegistrationAnswer,
            SelectionScore,
            Attendance,
            Certificate,
            Evaluation,
        )
    }


def test_registrations_written_before_the_move_are_intact_after_it(
    calendar, organizer_agency
):
    event = build_event(calendar, organizer_agency, sessions=2)
    people = [UserFactory(username=f"persona{number}") for number in range(3)]
    revision_content = event.serializable_data()
    for name in ("registration_questions", "selection_criteria"):
        revision_content.pop(name, None)

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before = _pre_move_targets(executor)
    try:
        executor = _migrate(before)
        old_apps = executor.loader.project_state(
            [target for target in before if target[1] is not None]
        ).apps
        assert set(MOVED) <= {
            model._meta.model_name
            for model in old_apps.get_app_config("events").get_models()
        }
        written = _write_before_the_move(
            old_apps, event=event, people=people, revision_content=revision_content
        )
    finally:
        executor = _migrate(latest)
    ContentType.objects.clear_cache()
    # Every moved model's content type was there, labelled "events", before.
    assert set(written["content_types"]) == set(MOVED)

    assert _counts() == {
        "RegistrationQuestion": 1,
        "SelectionCriterion": 1,
        "Registration": 3,
        "RegistrationAnswer": 3,
        "SelectionScore": 3,
        "Attendance": 1,
        "Certificate": 1,
        "Evaluation": 1,
    }
    registrations = list(
        Registration.objects.filter(pk__in=written["registrations"])
        .select_related("event", "user", "certificate", "evaluation")
        .prefetch_related("sessions", "answers__question", "scores__criterion")
        .order_by("applied_at")
    )
    assert [r.status for r in registrations] == ["attended", "confirmed", "waitlisted"]
    assert [r.user for r in registrations] == people
    assert {r.event for r in registrations} == {event}
    assert registrations[0].decision_message == "Bienvenida"
    assert [[s.pk for s in r.sessions.all()] for r in registrations] == [
        [written["session"]]
    ] * 3
    assert [
        [(a.question.pk, a.value) for a in r.answers.all()] for r in registrations
    ] == [[(written["question"], "yes")]] * 3
    assert [
        [(s.criterion.pk, s.value) for s in r.scores.all()] for r in registrations
    ] == [[(written["criterion"], value)] for value in (5, 4, 3)]
    first = registrations[0]
    assert first.attendances.get().session_id == written["session"]
    assert first.certificate.code == "ABCD-EFGH-JKLM"
    assert first.evaluation.rating == 5
    assert first.evaluation.comments == "Muy útil"
    assert list(event.registration_questions.values_list("pk", flat=True)) == [
        written["question"]
    ]
    assert list(event.selection_criteria.values_list("pk", flat=True)) == [
        written["criterion"]
    ]

    # Content types: the same rows (ids), now labelled "registrations".
    assert not ContentType.objects.filter(app_label="events", model__in=MOVED).exists()
    registration_type = ContentType.objects.get_for_model(Registration)
    assert registration_type.pk == written["registration_type"]
    for model, pk in written["content_types"].items():
        assert ContentType.objects.get(pk=pk).app_label == "registrations", model
    permission = Permission.objects.get(pk=written["permission"])
    assert permission.content_type == registration_type
    assert permission.content_type.model_class() is Registration

    # The queued notification names the effect where it lives now.
    queued = DBTaskResult.objects.get(pk=written["queued"])
    assert queued.args_kwargs["args"] == [
        "registrations.services.notify.notify_registration_status",
        {"registration_id": written["registrations"][1], "previous": None},
    ]
    assert import_string(queued.args_kwargs["args"][0]) is notify_registration_status

    # The revision saved before the move restores with its questions and
    # criteria, and can be published again.
    revision = Revision.objects.get(pk=written["revision"])
    restored = revision.as_object()
    assert isinstance(restored, EventPage)
    question = RegistrationQuestion.objects.get(pk=written["question"])
    criterion = SelectionCriterion.objects.get(pk=written["criterion"])
    assert [
        (q.label, q.translation_key) for q in restored.registration_questions.all()
    ] == [("¿Tiene experiencia docente?", question.translation_key)]
    assert [
        (c.name, c.weight, c.translation_key) for c in restored.selection_criteria.all()
    ] == [("Evaluación de desempeño", 3, criterion.translation_key)]
    # Issue 16: the English texts of the old `_en` columns are not lost: they
    # are the translation editor's manual translations of the source strings.
    assert question.locale == event.locale
    assert _remembered(
        event, f"registration_questions.{question.translation_key}.label"
    ) == (
        "¿Tiene experiencia docente?",
        "Do you have teaching experience?",
    )
    assert _remembered(
        event, f"selection_criteria.{criterion.translation_key}.name"
    ) == (
        "Evaluación de desempeño",
        "Performance evaluation",
    )
    revision.publish()
    published = EventPage.objects.get(pk=event.pk)
    assert [q.pk for q in published.registration_questions.all()] == [
        written["question"]
    ]
    assert [c.pk for c in published.selection_criteria.all()] == [written["criterion"]]
