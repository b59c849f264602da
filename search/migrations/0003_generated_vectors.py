"""PostgreSQL: the entry's tsvectors become generated columns (one for title and
text, one for the title alone), each GIN-indexed, built by IMMUTABLE wrapper
functions over the unaccent + Snowball configurations. A no-op on SQLite.

Generated columns are filled by the database itself on every INSERT or UPDATE, so
bulk inserts (bulk_create, COPY) need no second pass to compute the vectors.
"""

from django.db import migrations

VECTOR_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION
    portal_search_vector(language text, title text, body text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN language = 'es' THEN
            setweight(to_tsvector('portal_es'::regconfig, title), 'A')
            || setweight(to_tsvector('portal_es'::regconfig, body), 'B')
        WHEN language = 'en' THEN
            setweight(to_tsvector('portal_en'::regconfig, title), 'A')
            || setweight(to_tsvector('portal_en'::regconfig, body), 'B')
        ELSE
            setweight(to_tsvector('portal_es'::regconfig, title), 'A')
            || setweight(to_tsvector('portal_en'::regconfig, title), 'A')
            || setweight(to_tsvector('portal_es'::regconfig, body), 'B')
            || setweight(to_tsvector('portal_en'::regconfig, body), 'B')
    END
    $$""",
    """CREATE OR REPLACE FUNCTION portal_title_vector(language text, title text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN language = 'es' THEN to_tsvector('portal_es'::regconfig, title)
        WHEN language = 'en' THEN to_tsvector('portal_en'::regconfig, title)
        ELSE to_tsvector('portal_es'::regconfig, title)
            || to_tsvector('portal_en'::regconfig, title)
    END
    $$""",
]

POSTGRES_FORWARD = [
    *VECTOR_FUNCTIONS,
    # The column maintained by UPDATE (0002) gives way to a generated one.
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (portal_search_vector(language, title, body)) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector "
    "GENERATED ALWAYS AS (portal_title_vector(language, title)) STORED",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector)",
    "CREATE INDEX search_entry_title_vector ON search_searchentry "
    "USING gin (title_vector)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS portal_title_vector(text, text)",
    "DROP FUNCTION IF EXISTS portal_search_vector(text, text, text)",
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD)),
    ]
