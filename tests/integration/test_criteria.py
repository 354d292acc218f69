"""The facilitator's comparison criteria: stored, enforced, and used by the workshop report.

Through the real server (``assembler serve --demo``: two tables already played from the example
models): the facilitator sets weights that favour one table, then the other, and the workshop
report's JSON and ``assembler report`` rank the tables on them; ``?weights=`` still overrides;
participant and projector links are refused; bad weights are refused with a message naming the
problem. The Alembic migration adds the stored setting to an existing SQLite database and to
PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from live_support import ROOT, free_port
from test_serve_demo import start_cli, wait_for_line

from game_rules import DEFAULT_WEIGHTS
from server.migrations import upgrade
from server.store import Store, WorkshopRow

# Each test runs the report CLI end to end (a cold process that assesses every table, its
# scenarios and tornado, then draws the PDF): minutes on a loaded 2-core machine.
pytestmark = pytest.mark.timeout(900)


class Demo:
    def __init__(self, url: str, db: str, token: str) -> None:
        self.url, self.db, self.token = url, db, token
        self.http = httpx.Client(base_url=url, timeout=120)
        self.auth = {"authorization": f"Bearer {token}"}
        session = self.http.get("/api/session", headers=self.auth).json()
        self.workshop_id: str = session["workshop_id"]
        self.tables: list[dict[str, Any]] = session["tables"]

    @property
    def criteria_path(self) -> str:
        return f"/api/workshops/{self.workshop_id}/criteria"

    def set_weights(self, weights: dict[str, float] | None, token: str | None = None) -> httpx.Response:
        return self.http.post(self.criteria_path, json={"weights": weights},
                              headers={"authorization": f"Bearer {token or self.token}"})

    def comparison(self, query: str = "") -> dict[str, Any]:
        r = self.http.get(f"/api/workshops/{self.workshop_id}/export.json{query}", headers=self.auth)
        assert r.status_code == 200, r.text
        comparison: dict[str, Any] = r.json()["comparison"]
        return comparison


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    tmp = tmp_path_factory.mktemp("criteria")
    port = free_port()
    db = f"sqlite:///{tmp / 'demo.sqlite'}"
    log = tmp / "serve.log"
    proc = start_cli(["--demo", "--host", "127.0.0.1", "--port", str(port), "--database-url", db], log)
    try:
        token = wait_for_line(log, r"/f/([A-Za-z0-9_\-]+)", proc)[1]
        wait_for_line(log, r"Uvicorn running|Application startup complete", proc)
        demo = Demo(f"http://127.0.0.1:{port}", db, token)
        yield demo
        demo.http.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def _winner_on(comparison: dict[str, Any], key: str) -> str:
    """The table that is best on criterion ``key`` alone, read from a comparison's values."""
    better_high = next(c["higher_is_better"] for c in comparison["criteria"] if c["key"] == key)
    values = {r["table_id"]: r["values"][key] for r in comparison["ranking"]}
    return (max if better_high else min)(values, key=lambda t: values[t])


def _split_criteria(comparison: dict[str, Any]) -> tuple[str, str]:
    """Two criteria of the default comparison on which different tables are best."""
    winners: dict[str, str] = {}
    for c in comparison["criteria"]:
        values = {r["values"][c["key"]] for r in comparison["ranking"]}
        if len(values) > 1:
            winners.setdefault(_winner_on(comparison, c["key"]), c["key"])
    assert len(winners) == 2, f"expected the demo tables to lead on different criteria, got {winners}"
    first, second = winners.values()
    return first, second


def test_stored_weights_rank_the_workshop_report(demo: Demo, tmp_path: Path) -> None:
    got = demo.http.get(demo.criteria_path, headers=demo.auth).json()
    assert got["is_default"] and got["weights"] == DEFAULT_WEIGHTS
    assert {c["key"] for c in got["criteria"]} >= set(DEFAULT_WEIGHTS)
    assert all(c["label"]["fr"] and c["label"]["de"] for c in got["criteria"])
    default = demo.comparison()
    assert {c["key"] for c in default["criteria"]} == set(DEFAULT_WEIGHTS)
    key_a, key_b = _split_criteria(default)

    for key in (key_a, key_b):
        r = demo.set_weights({key: 3, "capex": 0})
        assert r.status_code == 200, r.text
        assert r.json() == {**r.json(), "weights": {key: 3.0}, "is_default": False}
        comparison = demo.comparison()
        assert [c["key"] for c in comparison["criteria"]] == [key]
        assert comparison["criteria"][0]["weight"] == pytest.approx(1.0)
        assert comparison["ranking"][0]["table_id"] == _winner_on(default, key)

        out = tmp_path / f"{key}.json"
        subprocess.run([sys.executable, "-m", "server.cli", "report", "--workshop", demo.workshop_id, "--format", "json",
                        "-o", str(out), "--database-url", demo.db], cwd=ROOT, check=True, capture_output=True, timeout=300)
        cli = json.loads(out.read_text())["comparison"]
        assert [c["key"] for c in cli["criteria"]] == [key]
        assert cli["ranking"][0]["table_id"] == _winner_on(default, key)

    # A reader's own weights still override the stored ones, for this request only.
    override = demo.comparison(f"?weights={key_a}:1")
    assert [c["key"] for c in override["criteria"]] == [key_a]
    assert override["ranking"][0]["table_id"] == _winner_on(default, key_a)
    assert [c["key"] for c in demo.comparison()["criteria"]] == [key_b]

    pdf = demo.http.get(f"/api/workshops/{demo.workshop_id}/report.pdf", headers=demo.auth)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")

    reset = demo.set_weights(None)
    assert reset.status_code == 200 and reset.json()["is_default"]
    assert {c["key"] for c in demo.comparison()["criteria"]} == set(DEFAULT_WEIGHTS)


def test_only_the_facilitator_sets_criteria(demo: Demo) -> None:
    table = demo.tables[0]
    joined = demo.http.post("/api/join", json={"code": table["join_code"], "nickname": "Pia"}).json()
    participant = joined["participant_token"]
    projector = table["projector_url"].rsplit("/", 1)[1]
    for token in (participant, projector):
        r = demo.set_weights({"capex": 1}, token)
        assert r.status_code == 403 and r.json()["error"] == "forbidden", r.text
        assert demo.http.get(demo.criteria_path, headers={"authorization": f"Bearer {token}"}).status_code == 403
    assert demo.http.post(demo.criteria_path, json={"weights": {"capex": 1}}).status_code == 401
    assert demo.http.get(demo.criteria_path, headers=demo.auth).json()["is_default"]


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"weights": {"sunshine": 1}}, 422, ["weights.sunshine", "co2_reduction"]),
    ({"weights": {"capex": -1}}, 422, ["weights.capex", "greater than or equal to 0"]),
    ({"weights": {"capex": 0, "co2": 0}}, 422, ["at least one criterion with a weight above 0"]),
    ({"weights": {}}, 422, ["at least one criterion with a weight above 0"]),
    ({"weights": {"capex": "lots"}}, 422, ["weights.capex", "number"]),
    ({"weigths": {"capex": 1}}, 422, ["weigths"]),
])
def test_bad_weights_are_refused_with_a_clear_message(demo: Demo, body: dict[str, Any], status: int, words: list[str]) -> None:
    r = demo.http.post(demo.criteria_path, json=body, headers=demo.auth)
    assert r.status_code == status, r.text
    assert r.json()["error"] == "bad_request"
    assert all(w in r.json()["message"] for w in words), r.json()["message"]
    assert "Traceback" not in r.text
    assert demo.http.get(demo.criteria_path, headers=demo.auth).json()["is_default"]


def test_bad_weights_in_a_query_are_refused(demo: Demo) -> None:
    for query, words in (("sunshine:1", ["sunshine", "co2_reduction"]), ("capex:0", ["above 0"]), ("capex", ["key:number"])):
        r = demo.http.get(f"/api/workshops/{demo.workshop_id}/export.json?weights={query}", headers=demo.auth)
        assert r.status_code == 400, r.text
        assert all(w in r.json()["message"] for w in words), r.json()["message"]


def test_cli_refuses_bad_weights_in_one_line(demo: Demo) -> None:
    result = subprocess.run([sys.executable, "-m", "server.cli", "report", "--workshop", demo.workshop_id, "--format", "json",
                             "-o", "-", "--weights", "capex:-2", "--database-url", demo.db], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "--weights" in result.stderr and "greater than or equal to 0" in result.stderr and "Traceback" not in result.stderr


def _migrate_from_0001(store: Store) -> None:
    """An existing database of the first schema with a workshop in it, upgraded to the newest."""
    upgrade(store.engine, "0001")
    with store.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO workshops (id, name, lang, district, is_open, created_at) "
                             "VALUES ('w_old', 'Old', 'fr', 'lyon-confluence', :o, 0)"), {"o": True})
    store.migrate()


def _check_setting(store: Store) -> None:
    assert store.workshop("w_old") == WorkshopRow("w_old", "Old", "fr", "lyon-confluence", True)
    assert store.comparison_weights("w_old") is None
    store.set_comparison_weights("w_old", {"co2_reduction": 2.0, "capex": 1.0})
    assert store.comparison_weights("w_old") == {"co2_reduction": 2.0, "capex": 1.0}
    store.set_comparison_weights("w_old", None)
    assert store.comparison_weights("w_old") is None
    with pytest.raises(KeyError, match="w_missing"):
        store.set_comparison_weights("w_missing", {"capex": 1.0})


def test_migration_adds_the_setting_on_sqlite(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'old.sqlite'}")
    try:
        _migrate_from_0001(store)
        _check_setting(store)
    finally:
        store.dispose()


def test_migration_adds_the_setting_on_postgresql(pg_url: str) -> None:
    store = Store(pg_url)
    try:
        _migrate_from_0001(store)
        _check_setting(store)
    finally:
        store.dispose()
