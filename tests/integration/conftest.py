from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from fixture_deck import write_fixture_deck
from live_support import ServerProcess


@pytest.fixture(scope="module")
def deck_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_deck(tmp_path_factory.mktemp("deck"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, deck_dir: Path) -> Iterator[ServerProcess]:
    """One SQLite-backed server process for a test module; tests make their own workshops."""
    db = tmp_path_factory.mktemp("db") / "test.sqlite"
    proc = ServerProcess({"ASSEMBLER_DATABASE_URL": f"sqlite:///{db}", "ASSEMBLER_DECK_DIR": str(deck_dir),
                          "ASSEMBLER_REDIS_URL": "", "DATABASE_URL": "", "REDIS_URL": ""}).start()
    yield proc
    proc.stop()


# ----------------------------------------------------------------------------- PostgreSQL, Redis

import contextlib  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402

from pytest_redis import factories as redis_factories  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import throwaway_pg  # noqa: E402

PG_URL = os.environ.get("ASSEMBLER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("ASSEMBLER_TEST_REDIS", "redis://127.0.0.1:6379/0")


redis_proc_throwaway = redis_factories.redis_proc(port=None)


def _pg_reachable(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """The machine's PostgreSQL, or a throwaway instance started from the installed binaries."""
    if _pg_reachable(PG_URL):
        yield PG_URL
        return
    server = throwaway_pg.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_url(request: pytest.FixtureRequest) -> str:
    if _redis_reachable(REDIS_URL):
        return REDIS_URL
    proc = request.getfixturevalue("redis_proc_throwaway")
    return f"redis://{proc.host}:{proc.port}/0"


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh database for one test, dropped afterwards."""
    import psycopg

    name = f"assembler_test_{secrets.token_hex(4)}"
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = pg_admin_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(pg_admin_url, autocommit=True) as conn, contextlib.suppress(psycopg.Error):
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
