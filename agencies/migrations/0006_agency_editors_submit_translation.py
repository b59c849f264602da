"""Agency editors may submit their pages for translation (wagtail-localize)."""

from django.db import migrations

AGENCY_EDITORS_GROUP = "Agency editors"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    if permission is None:
        return
    for group in Group.objects.filter(name=AGENCY_EDITORS_GROUP):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=AGENCY_EDITORS_GROUP):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="wagtail_localize",
                codename="submit_translation",
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0005_invitation_revoked_at"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
