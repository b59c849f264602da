"""Notifications queued before the move (task rows of core.effects.run_effect not
yet run) name the effect by its old path, events.services.<name>; they are
pointed at registrations.services.notify.<name> so the worker can still run
them. Rows of other task backends (not stored in this database) cannot be
reached: drain the workers before deploying the move if they use one."""

from django.db import migrations

RUN_EFFECT = "core.effects.run_effect"
MOVED_EFFECTS = {
    "events.services.notify_registration_status": (
        "registrations.services.notify.notify_registration_status"
    ),
    "events.services.notify_organizers_seat_freed": (
        "registrations.services.notify.notify_organizers_seat_freed"
    ),
}


def _repoint(apps, schema_editor, mapping: dict) -> None:
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    queued = DBTaskResult.objects.using(schema_editor.connection.alias).filter(
        task_path=RUN_EFFECT, status="READY"
    )
    for task in queued.iterator():
        args = list(task.args_kwargs.get("args") or [])
        if args and args[0] in mapping:
            args[0] = mapping[args[0]]
            task.args_kwargs = {**task.args_kwargs, "args": args}
            task.save(update_fields=["args_kwargs"])


def forwards(apps, schema_editor):
    _repoint(apps, schema_editor, MOVED_EFFECTS)


def backwards(apps, schema_editor):
    _repoint(apps, schema_editor, {new: old for old, new in MOVED_EFFECTS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("registrations", "0002_content_types_from_events"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
