"""The Alembic migrations create exactly the schema the code uses, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from sync.server.db import make_engine, migrate, tables
from tests.sync.server.pg import PostgresServer


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrated_schema_matches_the_tables(backend: str, tmp_path: Path,
                                            request: pytest.FixtureRequest) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    else:
        pg: PostgresServer = request.getfixturevalue("postgres")
        url = pg.create_database("mf_migrations")
    engine = make_engine(url)
    try:
        migrate(engine)
        migrate(engine)  # idempotent: a restart runs it again
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), tables.metadata) == []
            assert set(inspect(conn).get_table_names()) >= set(tables.metadata.tables)
            if backend == "sqlite":
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
