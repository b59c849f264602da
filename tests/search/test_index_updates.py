"""The index follows publishing, unpublishing, moves, deletions, uploads,
replacements and privacy changes, once the transaction commits."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from search.engines.database import DatabaseEngine
from search.models import SearchEntry
from tests.factories import AgencyFactory, NewsIndexPageFactory, NewsPageFactory
from tests.search.conftest import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(query: str) -> list[str]:
    return [hit.url for hit in DatabaseEngine().search(query).hits]


def test_nothing_is_indexed_before_the_commit(
    site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        NewsPageFactory(parent=site_tree.news["es"], summary="Precompromiso visible")
    assert callbacks
    assert found("precompromiso") == []


def test_publish_unpublish_and_delete(site_tree, committed):
    with committed():
        page = NewsPageFactory(parent=site_tree.news["es"], summary="Aviso publicado")
    assert found("aviso publicado") == [page.url]
    with committed():
        page.unpublish()
    assert found("aviso publicado") == []
    with committed():
        page.save_revision().publish()
    assert len(found("aviso publicado")) == 1
    with committed():
        page.delete()
    assert found("aviso publicado") == []
    assert not SearchEntry.objects.filter(source=f"page:{page.pk}").exists()


def test_draft_changes_are_not_indexed_until_published(site_tree, committed):
    with committed():
        page = NewsPageFactory(parent=site_tree.news["es"], summary="Version publicada")
    with committed():
        page.summary = "Version borrador"
        page.save_revision()
    assert found("borrador") == []
    assert len(found("publicada")) == 1


def test_move_updates_the_address(site_tree, committed):
    with committed():
        other_index = NewsIndexPageFactory(
            parent=site_tree.homes["es"], title="Archivo", slug="archivo"
        )
        page = NewsPageFactory(parent=site_tree.news["es"], summary="Noticia movida")
    with committed():
        page.move(other_index, pos="last-child")
    assert found("noticia movida") == ["/es/archivo/" + page.slug + "/"]


def test_view_restriction_hides_the_page(site_tree, committed):
    with committed():
        page = NewsPageFactory(parent=site_tree.news["es"], summary="Solo miembros")
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type="login"
        )
    assert found("solo miembros") == []
    with committed():
        restriction.delete()
    assert len(found("solo miembros")) == 1


def test_upload_replace_and_delete_a_document(site_tree, committed):
    with committed():
        document = make_document("Circular", "circular.txt", b"texto original")
    assert found("original") == [document.url]
    with committed():
        document.file.save("circular-v2.txt", ContentFile(b"texto reemplazado"))
    assert found("original") == []
    assert len(found("reemplazado")) == 1
    with committed():
        document.delete()
    assert found("reemplazado") == []


def test_documents_in_a_private_collection_are_hidden(site_tree, committed):
    collection = Collection.get_first_root_node().add_child(name="Privada")
    with committed():
        document = make_document("Minuta", "minuta.txt", b"reservado", collection)
    assert len(found("reservado")) == 1
    with committed():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type="login"
        )
    assert found("reservado") == []
    assert document.pk


def test_a_failing_index_update_never_breaks_publishing(
    site_tree, committed, monkeypatch
):
    from search import services

    def broken(**kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(services, "index_page", broken)
    with committed():
        page = NewsPageFactory(parent=site_tree.news["es"], summary="Sigue viva")
    page.refresh_from_db()
    assert page.live


def test_update_prunes_entries_of_objects_gone_or_hidden(site_tree, committed):
    from search.registry import IndexEntry

    with committed():
        kept = NewsPageFactory(parent=site_tree.news["es"], summary="Podado vigente")
        unpublished = NewsPageFactory(
            parent=site_tree.news["es"], summary="Podado despublicado"
        )
        private = NewsPageFactory(parent=site_tree.news["es"], summary="Podado oculto")
    assert len(found("podado")) == 3
    # Changes the signals never saw: a bulk update, a bulk insert, an orphan entry.
    Page.objects.filter(pk=unpublished.pk).update(live=False)
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=private, restriction_type="login")]
    )
    DatabaseEngine().bulk_index(
        [
            IndexEntry(
                key="document:987654",
                source="document:987654",
                kind="document",
                title="Podado huérfano",
                url="/documents/987654/",
            )
        ]
    )
    assert len(found("podado")) == 4
    output = io.StringIO()
    call_command("search_index", "update", stdout=output)
    assert found("podado") == [kept.url]
    assert "Removed the entries of 3 objects" in output.getvalue()


def test_an_agency_follows_its_saves_and_deletion(committed):
    """Agencies register their adapter in their own app; search follows the model."""
    with committed():
        agency = AgencyFactory(
            slug="zeta", name_es="Oficina Zetaria", name_en="Zetaria Office"
        )
    assert len(found("zetaria")) == 2
    with committed():
        agency.is_active = False
        agency.save()
    assert found("zetaria") == []
    with committed():
        agency.is_active = True
        agency.save()
    assert len(found("zetaria")) == 2
    pk = agency.pk
    with committed():
        agency.delete()
    assert found("zetaria") == []
    assert not SearchEntry.objects.filter(source=f"agency:{pk}").exists()
