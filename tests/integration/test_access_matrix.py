"""Who may read and do what: every endpoint and WebSocket message × every viewer, on a real server.

Viewers: the facilitator, a participant of this table, of another table, of another workshop,
the table's projector, the city's review link, a kicked seat, and no token. One table holds a
scenario card dealt face down (SCN-02), a private facilitator note, and a participant whose
nickname must never reach a review reader. Each row states the status (or WebSocket answer) a
viewer gets, and every readable body is checked for what that viewer must not see
(issue 14, points 1-3).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from live_support import Screen, ServerProcess, create_workshop, join, new_cmd_id

VIEWERS = ("facilitator", "participant", "other_table", "other_workshop", "projector", "review", "kicked", "none")
HIDDEN_CARD = "SCN-02"
NOTE = "secret facilitator note"
NICK = "Ann Secretname"


@dataclass
class World:
    base: str
    ws_url: str
    workshop_id: str
    table_id: str
    tokens: dict[str, str]


async def _build(server: ServerProcess) -> World:
    workshop = await create_workshop(server.url, tables=2)
    other = await create_workshop(server.url, tables=1)
    t1, t2 = workshop["tables"][0], workshop["tables"][1]
    ann = await join(server.url, t1["join_code"], NICK)
    kim = await join(server.url, t1["join_code"], "Kim")
    ben = await join(server.url, t2["join_code"], "Ben")
    xena = await join(server.url, other["tables"][0]["join_code"], "Xena")
    fac = await Screen(server.ws_url, workshop["facilitator_token"], t1["table_id"]).open()
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    assert (await a.command({"kind": "take_role", "role_card": "ROLE-01"}))["type"] == "ack"
    assert (await fac.command({"kind": "set_phase", "phase": "canvas"}))["type"] == "ack"
    assert (await a.command({"kind": "play_card", "card_id": "WHY-01"}))["type"] == "ack"
    assert (await a.command({"kind": "comment", "text": "a public remark"}))["type"] == "ack"
    assert (await fac.command({"kind": "play_card", "card_id": HIDDEN_CARD}))["type"] == "ack"
    assert (await fac.command({"kind": "comment", "text": NOTE, "private": True}))["type"] == "ack"
    assert (await fac.command({"kind": "kick", "seat_id": kim["seat_id"]}))["type"] == "ack"
    await a.close()
    await fac.close()
    projector = t1["projector_url"].rsplit("/", 1)[1]
    return World(base=server.url, ws_url=server.ws_url, workshop_id=workshop["workshop_id"], table_id=t1["table_id"],
                 tokens={"facilitator": workshop["facilitator_token"], "participant": ann["participant_token"],
                         "other_table": ben["participant_token"], "other_workshop": xena["participant_token"],
                         "projector": projector, "review": workshop["review_url"].rsplit("/", 1)[1],
                         "kicked": kim["participant_token"], "none": ""})


@pytest.fixture(scope="module")
def world(server: ServerProcess) -> World:
    return asyncio.run(_build(server))


def _headers(world: World, viewer: str) -> dict[str, str]:
    token = world.tokens[viewer]
    return {"authorization": f"Bearer {token}"} if token else {}


#: (name, method, path, body) -> expected status per viewer, in VIEWERS order.
T, W = "{table}", "{workshop}"
READ_TABLE = (200, 200, 403, 404, 200, 200, 401, 401)
REPORT = (200, 403, 403, 403, 403, 200, 401, 401)
FACILITATOR_ONLY = (200, 403, 403, 403, 403, 403, 401, 401)
ENDPOINTS: list[tuple[str, str, str, Any, tuple[int, ...]]] = [
    ("snapshot", "GET", f"/api/tables/{T}/snapshot", None, READ_TABLE),
    ("events", "GET", f"/api/tables/{T}/events", None, READ_TABLE),
    ("events_after", "GET", f"/api/tables/{T}/events?after=2", None, READ_TABLE),
    ("table_export", "GET", f"/api/tables/{T}/export.json", None, READ_TABLE),
    ("assessment", "GET", f"/api/tables/{T}/assessment", None, READ_TABLE),
    ("session", "GET", "/api/session", None, (200, 200, 200, 200, 200, 200, 401, 401)),
    ("districts", "GET", "/api/districts", None, (200,) * len(VIEWERS)),  # public: the workshop form's list
    ("report_json", "GET", f"/api/tables/{T}/report.json", None, REPORT),
    ("report_pdf", "GET", f"/api/tables/{T}/report.pdf", None, REPORT),
    ("csv_flows", "GET", f"/api/tables/{T}/export/flows.csv", None, REPORT),
    ("csv_kpis", "GET", f"/api/tables/{T}/export/kpis.csv", None, REPORT),
    ("workshop_json", "GET", f"/api/workshops/{W}/export.json", None, REPORT),
    ("workshop_pdf", "GET", f"/api/workshops/{W}/report.pdf", None, REPORT),
    ("report_json_nicknames", "GET", f"/api/tables/{T}/report.json?nicknames=1", None, FACILITATOR_ONLY),
    ("report_pdf_nicknames", "GET", f"/api/tables/{T}/report.pdf?nicknames=1", None, FACILITATOR_ONLY),
    ("workshop_json_nicknames", "GET", f"/api/workshops/{W}/export.json?nicknames=1", None, FACILITATOR_ONLY),
    ("workshop", "GET", f"/api/workshops/{W}", None, FACILITATOR_ONLY),
    ("criteria", "GET", f"/api/workshops/{W}/criteria", None, FACILITATOR_ONLY),
    ("posters", "GET", f"/api/workshops/{W}/posters.pdf", None, FACILITATOR_ONLY),
    ("criteria_set", "POST", f"/api/workshops/{W}/criteria", {"weights": None}, FACILITATOR_ONLY),
    ("workshop_command", "POST", f"/api/workshops/{W}/commands",
     {"cmd_id": "", "command": {"kind": "stop_timer"}}, FACILITATOR_ONLY),
    ("command", "POST", f"/api/tables/{T}/commands",
     {"cmd_id": "", "command": {"kind": "comment", "text": "hello"}}, READ_TABLE),
    ("add_table", "POST", f"/api/workshops/{W}/tables", None, FACILITATOR_ONLY),
    ("reopen_table", "POST", f"/api/workshops/{W}/tables/{T}/close", {"closed": False}, FACILITATOR_ONLY),
    ("readmit", "POST", f"/api/tables/{T}/readmit", {"seat_id": "s000000000000"}, (200, 403, 403, 404, 403, 403, 401, 401)),
    ("photo", "POST", f"/api/tables/{T}/photo", b"not an image at all",
     (422, 422, 403, 404, 403, 403, 401, 401)),
]
#: Whether an accepted command changes the table (HTTP 200 answers ok true/false).
MAY_PLAY = {"facilitator": True, "participant": True, "projector": False, "review": False}


def _pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8", "replace")


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("name", "method", "path", "body", "expected"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_http_endpoint_by_viewer(world: World, viewer: str, name: str, method: str, path: str, body: Any,
                                 expected: tuple[int, ...]) -> None:
    """Status per viewer, and nothing hidden in any body a viewer may read."""
    url = path.replace(T, world.table_id).replace(W, world.workshop_id)
    headers = _headers(world, viewer)
    with httpx.Client(base_url=world.base, timeout=120) as http:
        if isinstance(body, bytes):
            r = http.post(url, content=body, headers={**headers, "content-type": "image/jpeg"})
        elif method == "POST":
            payload = dict(body) if body else {}
            if "cmd_id" in payload:
                payload["cmd_id"] = new_cmd_id()
            r = http.post(url, json=payload, headers=headers)
        else:
            r = http.get(url, headers=headers)
    want = expected[VIEWERS.index(viewer)]
    assert r.status_code == want, f"{name} as {viewer}: {r.status_code} {r.text[:300]}"
    if r.status_code != 200:
        assert r.json()["error"] and "Traceback" not in r.text
        if viewer == "kicked":
            assert "revoked" in r.json()["message"]
        return
    text = _pdf_text(r.content) if r.headers["content-type"].startswith("application/pdf") else r.text
    if name == "command":
        assert r.json()["ok"] is MAY_PLAY[viewer], r.text
    if viewer == "facilitator":
        if name in ("snapshot", "events", "table_export"):
            assert HIDDEN_CARD in text and NOTE in text
        if name.endswith("nicknames"):
            assert "Secretname" in text
        return
    assert HIDDEN_CARD not in text, f"{name} shows the face-down card to {viewer}"
    assert NOTE not in text, f"{name} shows the private note to {viewer}"
    if viewer == "review":
        assert "Secretname" not in text, f"{name} names a participant to the review link"


@pytest.mark.parametrize("viewer", VIEWERS)
def test_websocket_hello_and_cmd_by_viewer(world: World, viewer: str) -> None:
    """hello answers welcome or a reason; a cmd from a welcomed screen is acked or rejected
    read_only; what arrives never shows the hidden card or note to anyone but the facilitator."""
    expected_hello = {"facilitator": "welcome", "participant": "welcome", "other_table": "forbidden",
                      "other_workshop": "forbidden", "projector": "welcome", "review": "welcome",
                      "kicked": "kicked", "none": "bad_message"}[viewer]

    async def run() -> None:
        token = world.tokens[viewer]
        screen = Screen(world.ws_url, token, world.table_id)
        if viewer == "none":
            from websockets.asyncio.client import connect

            async with connect(world.ws_url) as ws:
                await ws.send(json.dumps({"type": "hello", "table_id": world.table_id}))
                answer = json.loads(await ws.recv())
                assert (answer["type"], answer["reason"]) == ("error", expected_hello)
            return
        if viewer == "participant":
            screen.table_id = None
        await screen.open()
        first = screen.messages[0]
        got = first["type"] if first["type"] == "welcome" else first["reason"]
        assert got == expected_hello, first
        if got == "welcome":
            answer = await screen.command({"kind": "comment", "text": f"from {viewer}"})
            assert answer["type"] == ("ack" if MAY_PLAY[viewer] else "reject"), answer
            await screen.wait_for(lambda m: m["type"] == "snapshot")
            seen = json.dumps(screen.messages)
            if viewer != "facilitator":
                assert HIDDEN_CARD not in seen and NOTE not in seen
            if viewer == "review":
                assert "Secretname" not in seen
        await screen.close()

    asyncio.run(run())
