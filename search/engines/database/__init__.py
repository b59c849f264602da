"""The database engine (default): full-text search over our own index table, one
module per database as Wagtail's database search backends are laid out (`base`
shared, `sqlite` FTS5, `postgresql` full-text), picked by the connection."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from search.engines.database.base import BaseDatabaseEngine
from search.engines.database.postgresql import PostgreSQLDatabaseEngine
from search.engines.database.sqlite import SQLiteDatabaseEngine

ENGINES: dict[str, type[BaseDatabaseEngine]] = {
    "postgresql": PostgreSQLDatabaseEngine,
    "sqlite": SQLiteDatabaseEngine,
}


def DatabaseEngine() -> BaseDatabaseEngine:
    """The database engine for the default database's vendor."""
    try:
        engine = ENGINES[connection.vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"The search index has no database engine for {connection.vendor}: "
            "use SQLite or PostgreSQL, or set ELASTICSEARCH_URL."
        ) from None
    return engine()
