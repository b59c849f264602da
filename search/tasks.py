"""Search work that can run outside the request, as django-tasks tasks."""

from django_tasks import task

from search import services


@task()
def document_index(document_id: int) -> None:
    """Read an uploaded document's text (a child process with limits) and index it.

    The upload never waits for more than the enqueueing; with the immediate
    backend it runs at once, as `services.index_document` does today.
    """
    services.index_document(document_id=document_id)
