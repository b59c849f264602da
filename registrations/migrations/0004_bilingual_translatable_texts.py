"""Issue 16: questions and criteria become wagtail-localize translatable rows.

`label_es`, `choices_es` and `name_es` become `label`, `choices` and `name`
(the text in the row's page's language). The English page's rows are paired
with their source rows through a shared translation key and take the old
English texts; the English texts also go to the translation memory, so the
translation editor shows them as translated. Answers and scores keep pointing at
the source page's rows. See core.migration_translations.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

from core import migration_translations


def forwards(apps, schema_editor):
    questions = migration_translations.link_children(
        apps,
        app_label="registrations",
        model_name="RegistrationQuestion",
        relation="registration_questions",
        texts={"label": "label_en", "choices": "choices_en"},
    )
    criteria = migration_translations.link_children(
        apps,
        app_label="registrations",
        model_name="SelectionCriterion",
        relation="selection_criteria",
        texts={"name": "name_en"},
    )
    migration_translations.rewrite_revisions(
        apps,
        relations={
            "registration_questions": {
                "fields": {
                    "label": ("label_es", "label_en"),
                    "choices": ("choices_es", "choices_en"),
                },
                "keys": questions,
            },
            "selection_criteria": {
                "fields": {"name": ("name_es", "name_en")},
                "keys": criteria,
            },
        },
    )


def _translatable(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]


def _required(model_name):
    return [
        migrations.AlterField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name=model_name, unique_together={("translation_key", "locale")}
        ),
    ]


def _removed(model_name, name, field):
    # The default lets a backward migration add the column to filled tables.
    return [
        migrations.AlterField(model_name=model_name, name=name, field=field),
        migrations.RemoveField(model_name=model_name, name=name),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_queued_effects_follow"),
        ("events", "0007_bilingual_translatable_texts"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RenameField("registrationquestion", "label_es", "label"),
        migrations.RenameField("registrationquestion", "choices_es", "choices"),
        migrations.RenameField("selectioncriterion", "name_es", "name"),
        migrations.AlterField(
            model_name="registrationquestion",
            name="label",
            field=models.CharField(max_length=300, verbose_name="question"),
        ),
        migrations.AlterField(
            model_name="registrationquestion",
            name="choices",
            field=models.TextField(
                blank=True,
                help_text="Single and multiple choice: one choice per line.",
                verbose_name="choices",
            ),
        ),
        migrations.AlterField(
            model_name="selectioncriterion",
            name="name",
            field=models.CharField(max_length=200, verbose_name="criterion"),
        ),
        *_translatable("registrationquestion"),
        *_translatable("selectioncriterion"),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        *_required("registrationquestion"),
        *_required("selectioncriterion"),
        *_removed(
            "registrationquestion",
            "label_en",
            models.CharField(default="", max_length=300),
        ),
        *_removed(
            "registrationquestion", "choices_en", models.TextField(blank=True)
        ),
        *_removed(
            "selectioncriterion", "name_en", models.CharField(default="", max_length=200)
        ),
    ]
