"""The SQLModel schema and the Alembic migrations describe the same database."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.models import metadata
from server.store import Store


def test_migrated_database_matches_the_models(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'schema.sqlite'}")
    store.migrate()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'schema.sqlite'}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    store.dispose()
    assert differences == [], "the migrations and server/models.py disagree; add a migration"


def test_every_model_table_is_created_by_the_migrations(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'tables.sqlite'}")
    store.migrate()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tables.sqlite'}")
    created = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    store.dispose()
    assert set(metadata.tables) <= created
