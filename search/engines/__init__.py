"""The search engines and the choice between them (ELASTICSEARCH_URL picks)."""

from django.conf import settings

from search.engines.base import SearchEngine


def database_engine() -> SearchEngine:
    from search.engines.database import DatabaseEngine

    return DatabaseEngine()


def elasticsearch_engine() -> SearchEngine | None:
    """The Elasticsearch engine when ELASTICSEARCH_URL is set, else None."""
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    from search.engines.elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(url)


def primary_engine() -> SearchEngine:
    return elasticsearch_engine() or database_engine()
