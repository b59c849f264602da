"""PostgreSQL databases of the benchmarks: created, recreated or dropped by name."""

from urllib.parse import urlsplit


def _maintenance(url: str) -> tuple[str, str]:
    """The database's name and a URL of the server's maintenance database."""
    parts = urlsplit(url)
    return parts.path.lstrip("/"), parts._replace(path="/postgres").geturl()


def ensure_database(url: str, *, recreate: bool = False) -> None:
    """Create the database named in `url` if missing (after dropping it first
    when `recreate`)."""
    import psycopg
    from psycopg import sql

    name, maintenance = _maintenance(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if recreate:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = _maintenance(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
