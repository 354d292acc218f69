"""A workshop in the city's own district file, on a real server (issue 12, point 5).

The file is what ``assembler district new`` writes (``game_rules.typologies``); the server checks
it with ``district check``'s code (``game_rules.district_check``), stores it with the workshop and
assesses, reports and replicates in it. A wrong file is a 422 naming each field with its range,
never a stack trace or a server path; an oversized one a 413.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from live_support import Screen, ServerProcess, join

from game_rules.district_check import MAX_DISTRICT_BYTES
from game_rules.typologies import dump_district, new_district

NAME = "Saint-Denis Bas de la Rivière"


def _district(**changes: Any) -> dict[str, Any]:
    """La Réunion (latitude −20.9, issue 12 point 4: the southern hemisphere used to fail)."""
    mapping = new_district(NAME, -20.88, 55.45, "FR", dwellings=600)
    for dotted, value in changes.items():
        *path, last = dotted.split(".")
        node = mapping
        for part in path:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value
    return mapping


def _post(server: ServerProcess, text: str) -> httpx.Response:
    # The check computes the district's hourly profiles (about 1 s alone, more on a busy machine).
    with httpx.Client(base_url=server.url, timeout=120) as http:
        return http.post("/api/workshops", json={"name": "Own district", "tables": 1, "district_file": text})


def test_a_workshop_in_an_uploaded_district_is_assessed_and_replicated_there(server: ServerProcess) -> None:
    """The table report's district is the file's; the replication page lists the file's district
    first (home) and then the eight built-in ones."""
    mapping = _district()
    created = _post(server, dump_district(mapping))
    assert created.status_code == 200, created.text[:300]
    workshop = created.json()
    assert workshop["district"] == mapping["id"]
    table = workshop["tables"][0]

    async def play() -> None:
        ann = await join(server.url, table["join_code"], "Ann")
        screen = await Screen(server.ws_url, ann["participant_token"]).open()
        fac = await Screen(server.ws_url, workshop["facilitator_token"], table["table_id"]).open()
        assert (await screen.command({"kind": "take_role", "role_card": "ROLE-01"}))["type"] == "ack"
        assert (await fac.command({"kind": "set_phase", "phase": "canvas"}))["type"] == "ack"
        assert (await screen.command({"kind": "play_card", "card_id": "WHY-01"}))["type"] == "ack"
        # The live assessment (a spawned process, handed the district itself) runs in the file's district.
        live = await screen.wait_for(lambda m: m["type"] == "assessment" and m["status"] != "unavailable")
        assert live["status"] == "ok" and live["assessment"]["district"] == mapping["id"], live
        await screen.close()
        await fac.close()

    asyncio.run(play())
    headers = {"authorization": f"Bearer {workshop['facilitator_token']}"}
    with httpx.Client(base_url=server.url, timeout=600) as http:
        report = http.get(f"/api/tables/{table['table_id']}/report.json", headers=headers)
        assert report.status_code == 200, report.text[:300]
        assert report.json()["meta"]["district"]["en"] == NAME
        whole = http.get(f"/api/workshops/{workshop['workshop_id']}/export.json", headers=headers)
    assert whole.status_code == 200, whole.text[:300]
    rows = whole.json()["replications"][0]["rows"]
    assert rows[0]["district_id"] == mapping["id"] and rows[0]["home"] and not rows[0]["built_in"]
    assert len(rows) == 9 and all(r["built_in"] for r in rows[1:])


def test_a_wrong_district_file_is_refused_naming_each_field_and_its_range(server: ServerProcess) -> None:
    """Latitude 120 and a negative floor area: 422 ``district_invalid`` with both fields, the
    latitude's range [-90, 90] (WGS 84), no stack trace, no server path."""
    mapping = _district(**{"location.latitude": 120.0, "buildings.0.floor_area_m2": -5.0})
    r = _post(server, dump_district(mapping))
    assert r.status_code == 422, r.text[:300]
    body = r.json()
    assert body["error"] == "district_invalid"
    fields = {f["field"]: f for f in body["fields"]}
    assert (fields["location.latitude"]["low"], fields["location.latitude"]["high"]) == (-90, 90)
    assert "buildings.0.floor_area_m2" in fields
    assert "Traceback" not in r.text and "/work" not in r.text and "/tmp" not in r.text


@pytest.mark.parametrize(("text", "field"), [
    ("id: [unclosed", "(file)"),
    ("- a list\n- not a district", "(file)"),
])
def test_a_file_that_is_not_a_district_mapping_is_refused(server: ServerProcess, text: str, field: str) -> None:
    r = _post(server, text)
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == field, r.text[:300]


def test_an_uploaded_district_may_not_name_a_file_on_the_server(server: ServerProcess) -> None:
    """``weather: /etc/passwd`` must never make the server read its own files. Since the review of
    issue 12 a ``weather:`` line (what ``district new --weather`` writes) is kept as a comment and
    never opened: the upload is accepted, runs the synthetic year of the file's normals, and no
    byte of the named file appears."""
    r = _post(server, dump_district(_district(weather="/etc/passwd")))
    assert r.status_code == 200, r.text[:300]
    assert "root:" not in r.text


def test_an_oversized_district_file_is_refused(server: ServerProcess) -> None:
    text = dump_district(_district()) + "#" * (MAX_DISTRICT_BYTES + 1)
    r = _post(server, text)
    assert r.status_code == 413 and r.json()["error"] == "too_large", r.text[:300]
    huge = _post(server, "#" * (4 * MAX_DISTRICT_BYTES))
    assert huge.status_code == 413


def test_the_district_list_names_each_built_in_district_in_every_language(server: ServerProcess) -> None:
    """The console's form reads its list here: ids from game_rules.DISTRICT_PRESETS, names from
    the catalogs (``district:<id>.name``)."""
    from game_rules import DISTRICT_PRESETS

    with httpx.Client(base_url=server.url, timeout=60) as http:
        body = http.get("/api/districts").json()
    assert [d["id"] for d in body["districts"]] == list(DISTRICT_PRESETS)
    porto = next(d for d in body["districts"] if d["id"] == "porto")
    assert porto["name"]["fr"] == "Porto (quartier représentatif)"
    assert body["max_file_bytes"] == MAX_DISTRICT_BYTES


def test_a_file_made_with_a_weather_file_is_accepted_and_stored_without_it(server: ServerProcess) -> None:
    """Review of issue 12: a file from ``district new --weather`` was refused until its ``weather:``
    line was deleted by hand. The upload cannot bring the weather file, but the file's normals were
    computed from it: the server keeps the line as a comment saying the normals' synthetic year runs."""
    text = dump_district(_district()) + "weather: pvgis-tmy_-20.880_55.450.epw\n"
    created = _post(server, text)
    assert created.status_code == 200, created.text[:300]
    assert created.json()["district"] == _district()["id"]
