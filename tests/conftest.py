"""Shared fixtures: real Redis and PostgreSQL servers, a migrated database per test on both
backends, the app served over real HTTP on loopback, and a registered shop with a signing client;
plus the fixture modules under tests/support registered below (the Exact emulator)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sidecar.app import create_app
from sidecar.config import Config
from sidecar.migrate import upgrade
from sidecar.models import metadata
from sidecar.runtime import Runtime, build_runtime, set_runtime
from sidecar.shops.service import NewShop, add_shop
from tests.support.live import serve
from tests.support.servers import PostgresServer, RedisServer, start_postgres, start_redis
from tests.support.signing import SignedClient

# Fixture modules shared across test directories. pytest takes ``pytest_plugins`` only from this,
# the rootdir conftest; subdirectory conftest files hold the fixtures local to their directory.
pytest_plugins = ["tests.support.exact_fixtures"]

TEST_SECRET_KEY = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = start_redis()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "sidecar.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database(pg_server: PostgresServer) -> str:
    url = pg_server.create_database("sidecar_test")
    upgrade(url)
    return url


def _truncate(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(t.name for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "sidecar.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_database")
    _truncate(url)
    yield url


@pytest.fixture
def config(database_url: str, redis_server: RedisServer, tmp_path: Path) -> Config:
    return Config(
        home=tmp_path,
        database_url=database_url,
        redis_url=redis_server.url,
        secret_key=TEST_SECRET_KEY,
        shop_cache_seconds=0.0,
        sqlite_busy_timeout_ms=200,
    )


@pytest.fixture
def runtime(config: Config) -> Iterator[Runtime]:
    rt = build_runtime(config)
    rt.redis.flushdb()
    set_runtime(rt)
    yield rt
    set_runtime(None)
    rt.close()


@pytest.fixture
def app(runtime: Runtime):  # noqa: ANN201
    return create_app(runtime=runtime)


@pytest.fixture
def live(app) -> Iterator[str]:  # noqa: ANN001
    with serve(app) as url:
        yield url


@pytest.fixture
def shop(runtime: Runtime) -> NewShop:
    with runtime.db.session() as session:
        return add_shop(session, runtime.box, "woocommerce", "https://shop.example.nl", "Demo")


@pytest.fixture
def client(live: str, shop: NewShop) -> SignedClient:
    return SignedClient(live, shop.id, shop.secret)
