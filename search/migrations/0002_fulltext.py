"""Database-specific full-text objects: FTS5 on SQLite; unaccent, text search
configurations, a tsvector column and its GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_entry_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_entry_fts"]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_es') THEN
            CREATE TEXT SEARCH CONFIGURATION portal_es (COPY = pg_catalog.spanish);
            ALTER TEXT SEARCH CONFIGURATION portal_es
                ALTER MAPPING FOR hword, hword_part, word
                WITH unaccent, spanish_stem;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_en') THEN
            CREATE TEXT SEARCH CONFIGURATION portal_en (COPY = pg_catalog.english);
            ALTER TEXT SEARCH CONFIGURATION portal_en
                ALTER MAPPING FOR hword, hword_part, word
                WITH unaccent, english_stem;
        END IF;
    END $$""",
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS search_entry_vector ON search_searchentry "
    "USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_es",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_en",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
