"""Name Wagtail's default workflow and its task in Spanish.

Wagtail's migrations create a workflow and a task named "Moderators approval";
they are data, not translatable strings, so Spanish-speaking staff read "Enviar a
Moderators approval" on every page form. Only the untouched default is renamed.
"""

from django.db import migrations

ENGLISH = "Moderators approval"
SPANISH = "Aprobación de moderadores"


def rename(apps, old: str, new: str) -> None:
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_spanish(apps, schema_editor):
    rename(apps, ENGLISH, SPANISH)


def to_english(apps, schema_editor):
    rename(apps, SPANISH, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0006_agency_editors_submit_translation"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_spanish, to_english)]
