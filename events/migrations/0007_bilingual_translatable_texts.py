"""Issue 16: eligibility and session titles become wagtail-localize texts.

`eligibility_es` becomes `eligibility` (each language's page holds its own);
`eligibility_en` goes to the English page and to the translation memory.
Sessions become TranslatableMixin rows: the English page's sessions are paired
with their source sessions (same calendar UID, else same position) through a
shared translation key. See core.migration_translations.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

from core import migration_translations


def forwards(apps, schema_editor):
    migration_translations.move_page_text(
        apps, field="eligibility", english="eligibility_en"
    )
    keys = migration_translations.link_children(
        apps,
        app_label="events",
        model_name="EventSession",
        relation="sessions",
        texts={},
        match_field="uid",
    )
    migration_translations.rewrite_revisions(
        apps,
        page_fields={"eligibility": ("eligibility_es", "eligibility_en")},
        relations={"sessions": {"fields": {}, "keys": keys}},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_move_registrations_out"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RenameField("eventpage", "eligibility_es", "eligibility"),
        migrations.AlterField(
            model_name="eventpage",
            name="eligibility",
            field=models.TextField(blank=True, verbose_name="eligibility"),
        ),
        migrations.AddField(
            model_name="eventsession",
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
            model_name="eventsession",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="eventsession",
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
            model_name="eventsession",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="eventsession",
            unique_together={("translation_key", "locale")},
        ),
        migrations.RemoveField(model_name="eventpage", name="eligibility_en"),
    ]
