"""Move documents stored under MEDIA_ROOT (served by any proxy serving /media/) to
PRIVATE_MEDIA_ROOT, each in a folder with a random name: the default storage
(portal.storage, named in settings, not imported: agencies sits below portal) puts
names under documents/ there."""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import migrations


def move_documents_to_private_storage(apps, schema_editor):
    from django.core.files.storage import default_storage

    try:
        default_storage.path("documents/probe")
    except NotImplementedError:
        return  # a remote storage: MEDIA_ROOT holds no documents
    Document = apps.get_model("wagtaildocs", "Document")
    public_root = Path(settings.MEDIA_ROOT).resolve()
    for document in Document.objects.exclude(file="").only("pk", "file"):
        name = document.file.name
        legacy = (public_root / name).resolve()
        if not name.startswith("documents/") or not legacy.is_relative_to(public_root):
            continue
        if not legacy.is_file() or Path(default_storage.path(name)) == legacy:
            continue
        with legacy.open("rb") as handle:
            new_name = default_storage.save(
                default_storage.generate_filename(name), File(handle)
            )
        Document.objects.filter(pk=document.pk).update(file=new_name)
        legacy.unlink()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_remove_default_wagtail_groups"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(
            move_documents_to_private_storage, migrations.RunPython.noop
        ),
    ]
