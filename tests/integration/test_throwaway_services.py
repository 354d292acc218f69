"""The scale-out tests run on a fresh machine too: the throwaway PostgreSQL and Redis start.

On this machine both services already run, so the fixtures in conftest.py use them; these tests
start the throwaway instances explicitly, so the fallback a new machine relies on is exercised
on every run rather than discovered broken there.
"""

from __future__ import annotations

import psycopg
import pytest
import redis
import throwaway_pg

pytestmark = pytest.mark.scale


def test_throwaway_postgres_starts_accepts_a_database_and_stops() -> None:
    server = throwaway_pg.start()
    try:
        with psycopg.connect(server.url, autocommit=True) as conn:
            conn.execute('CREATE DATABASE "throwaway_check"')
            version = conn.execute("SHOW server_version").fetchone()
        assert version is not None and version[0]
    finally:
        server.stop()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.url, connect_timeout=2)


def test_throwaway_redis_starts_and_answers(request: pytest.FixtureRequest) -> None:
    proc = request.getfixturevalue("redis_proc_throwaway")
    client = redis.Redis(host=proc.host, port=proc.port, socket_connect_timeout=2)
    assert client.ping()
    client.publish("pced-check", "hello")
