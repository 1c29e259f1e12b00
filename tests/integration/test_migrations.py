"""Migrations build the schema from empty on both databases and match the models exactly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from sidecar.migrate import current_heads, downgrade, upgrade
from sidecar.models import metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    server = request.getfixturevalue("pg_server")
    return server.create_database(f"empty_{tmp_path.name.replace('-', '_').lower()}"[:60])


def test_upgrade_from_empty_matches_models_and_downgrades(empty_url: str) -> None:
    upgrade(empty_url)
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_heads() == current_heads()
        assert compare_metadata(context, metadata) == []
    tables = set(inspect(engine).get_table_names())
    assert {"shops", "connections", "events", "links", "settings", "activity"} <= tables
    engine.dispose()

    downgrade(empty_url, "base")
    engine = create_engine(empty_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(empty_url)
