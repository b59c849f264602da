"""Documents never sit under a path a media server serves: only Wagtail's
/documents/ view, which applies collection privacy, delivers them."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client
from django.views.static import serve
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Document = get_document_model()
SECRET = b"Minutes of the closed meeting: confidential."


@pytest.fixture
def private_document(db):
    collection = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="login"
    )
    document = Document(title="Minutes", collection=collection)
    document.file.save("minutes.txt", ContentFile(SECRET), save=False)
    document.save()
    return document


def media_server_get(rf, path: str):
    """What `make run` (DEBUG) or a proxy serving MEDIA_ROOT answers for /media/…"""
    return serve(rf.get(f"/media/{path}"), path, document_root=settings.MEDIA_ROOT)


def test_document_files_are_outside_media_root_with_unguessable_names(
    rf, private_document
):
    stored = Path(private_document.file.path).resolve()
    assert stored.read_bytes() == SECRET
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert private_document.filename == "minutes.txt"
    folder = stored.parent.name
    assert folder != "documents"
    assert len(folder) >= 16
    for guess in ("documents/minutes.txt", private_document.file.name):
        with pytest.raises(Http404):
            media_server_get(rf, guess)


def test_private_document_is_served_only_to_whom_the_collection_allows(
    private_document,
):
    url = private_document.url
    assert url.startswith("/documents/")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]

    client = Client()
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET


def test_documents_stored_under_media_root_are_moved_by_the_data_step(rf):
    legacy = Path(settings.MEDIA_ROOT) / "documents" / "old-report.txt"
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(b"An old report.")
    document = Document.objects.create(title="Old report", file="documents/old.txt")
    Document.objects.filter(pk=document.pk).update(file="documents/old-report.txt")
    assert media_server_get(rf, "documents/old-report.txt").status_code == 200

    migration = importlib.import_module(
        "agencies.migrations.0004_documents_to_private_storage"
    )
    migration.move_documents_to_private_storage(apps, None)
    migration.move_documents_to_private_storage(apps, None)  # a second run: no-op

    document.refresh_from_db()
    assert not legacy.exists()
    assert document.filename == "old-report.txt"
    assert Path(document.file.path).read_bytes() == b"An old report."
    with pytest.raises(Http404):
        media_server_get(rf, "documents/old-report.txt")
    response = Client().get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"An old report."
