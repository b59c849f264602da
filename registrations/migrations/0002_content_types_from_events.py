"""The content types of the moved models follow them: django_content_type rows
(app_label "events") are relabelled "registrations", keeping their ids, so the
permissions, revisions, log entries and generic relations that point at them
still resolve."""

from django.db import migrations

MODELS = (
    "registrationquestion",
    "selectioncriterion",
    "registration",
    "registrationanswer",
    "selectionscore",
    "attendance",
    "certificate",
    "evaluation",
)


def _relabel(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    for model in MODELS:
        moving = types.filter(app_label=old, model=model).first()
        if moving is None:
            continue  # a database with no content types yet (a fresh one)
        # A content type created under the new label meanwhile (post_migrate of an
        # interrupted run) has nothing worth keeping beside its default permissions.
        types.filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, old="events", new="registrations")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, old="registrations", new="events")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("registrations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
