"""Remove Wagtail's default "Moderators" and "Editors" groups.

Wagtail's initial data gives them rights over the whole page tree (the root page)
and every collection (the root collection), and entry to the admin: anyone placed
in them could edit any agency's pages and open any agency's private documents,
outside the agency scoping. Every right in this portal comes from an agency role
(agencies.services.editor_groups_sync), so they are not needed.
"""

from django.db import migrations

DEFAULT_GROUPS = ("Moderators", "Editors")


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_invitations_profiles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [
        migrations.RunPython(remove_default_groups, migrations.RunPython.noop),
    ]
