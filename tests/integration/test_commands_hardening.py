"""Idempotency keys, rate budgets and join guessing on a real server (issue 14, points 4 and 5)."""

from __future__ import annotations

import asyncio
import json

import httpx
from live_support import Screen, ServerProcess, create_workshop, join, new_cmd_id
from websockets.asyncio.client import connect


async def _send(screen: Screen, command: dict, cmd_id: str) -> dict:
    """Send a cmd and wait for the answer that arrives after it (earlier answers to the same
    cmd_id do not count)."""
    start = len(screen.messages)
    await screen.send({"type": "cmd", "cmd_id": cmd_id, "command": command})
    return await screen.wait_for(lambda m: m.get("type") in ("ack", "reject") and m.get("cmd_id") == cmd_id, start)


async def _table(server: ServerProcess, *names: str) -> tuple[dict, list[dict], Screen]:
    workshop = await create_workshop(server.url)
    table = workshop["tables"][0]
    seats = [await join(server.url, table["join_code"], n) for n in names]
    fac = await Screen(server.ws_url, workshop["facilitator_token"], table["table_id"]).open()
    assert (await fac.command({"kind": "set_phase", "phase": "canvas"}))["type"] == "ack"
    return workshop, seats, fac


async def test_a_cmd_id_answers_only_for_its_own_sender(server: ServerProcess) -> None:
    """Seat B's new play sent with seat A's cmd_id is executed, not acknowledged as A's duplicate."""
    _w, (ann, ben), _fac = await _table(server, "Ann", "Ben")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    b = await Screen(server.ws_url, ben["participant_token"]).open()
    shared = new_cmd_id()
    first = await a.command({"kind": "play_card", "card_id": "WHY-01"}, shared)
    second = await b.command({"kind": "play_card", "card_id": "WHY-02"}, shared)
    assert first["type"] == second["type"] == "ack"
    assert second["duplicate"] is False and second["seq"] > first["seq"]
    retry = await _send(a, {"kind": "play_card", "card_id": "WHY-01"}, shared)
    assert (retry["type"], retry["duplicate"], retry["seq"]) == ("ack", True, first["seq"])


async def test_a_reused_cmd_id_with_another_body_is_rejected_with_its_own_reason(server: ServerProcess) -> None:
    _w, (ann,), _fac = await _table(server, "Ann")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    cmd_id = new_cmd_id()
    assert (await a.command({"kind": "comment", "text": "first"}, cmd_id))["type"] == "ack"
    other = await _send(a, {"kind": "comment", "text": "something else"}, cmd_id)
    assert (other["type"], other["reason"]) == ("reject", "cmd_id_reused")
    async with httpx.AsyncClient(base_url=server.url) as http:
        r = await http.post(f"/api/tables/{ann['table_id']}/commands", headers={"authorization": f"Bearer {ann['participant_token']}"},
                            json={"cmd_id": cmd_id, "command": {"kind": "comment", "text": "third"}})
    assert (r.json()["ok"], r.json()["reason"]) == (False, "cmd_id_reused")


async def test_every_pipelined_cmd_gets_exactly_one_answer(server: ServerProcess) -> None:
    """80 commands sent at once: each cmd_id answered once, ack or reject (rate_limited names it)."""
    _w, (ann,), _fac = await _table(server, "Ann")
    ids = [new_cmd_id() for _ in range(80)]
    answers: dict[str, list[dict]] = {i: [] for i in ids}
    async with connect(server.ws_url) as ws:
        await ws.send(json.dumps({"type": "hello", "token": ann["participant_token"]}))
        for i in ids:
            await ws.send(json.dumps({"type": "cmd", "cmd_id": i, "command": {"kind": "comment", "text": f"c {i}"}}))
        while sum(len(v) for v in answers.values()) < len(ids):
            msg = json.loads(await asyncio.wait_for(ws.recv(), timeout=20))
            if msg["type"] in ("ack", "reject"):
                answers[msg["cmd_id"]].append(msg)
            assert not (msg["type"] == "error" and msg["reason"] == "rate_limited"), msg
    assert all(len(v) == 1 for v in answers.values())
    reasons = {v[0].get("reason") for v in answers.values() if v[0]["type"] == "reject"}
    assert reasons == {"rate_limited"}


async def test_http_commands_share_the_seats_rate_budget(server: ServerProcess) -> None:
    """300 comments over HTTP are not all accepted: the seat's budget (40 at once, 20/s) applies."""
    _w, (ann,), _fac = await _table(server, "Ann")
    headers = {"authorization": f"Bearer {ann['participant_token']}"}
    async with httpx.AsyncClient(base_url=server.url) as http:
        async def one(k: int) -> int:
            r = await http.post(f"/api/tables/{ann['table_id']}/commands", headers=headers,
                                json={"cmd_id": new_cmd_id(), "command": {"kind": "comment", "text": f"n{k}"}})
            return r.status_code
        codes = await asyncio.gather(*(one(k) for k in range(120)))
        assert codes.count(429) > 0 and codes.count(200) >= 40
        # The WebSocket now finds the same budget spent.
        a = await Screen(server.ws_url, ann["participant_token"]).open()
        answers = [await a.command({"kind": "comment", "text": f"w{k}"}) for k in range(5)]
        r = await http.post(f"/api/tables/{ann['table_id']}/commands", headers=headers,
                            json={"cmd_id": new_cmd_id(), "command": {"kind": "comment", "text": "x"}})
    assert any(x.get("reason") == "rate_limited" for x in answers) or r.status_code == 429


async def test_wrong_codes_slow_an_address_but_never_lock_out_a_room(server: ServerProcess) -> None:
    """65 wrong codes from one address (a room of phones behind one NAT mistyping), then a right
    one: the right one joins (slowed, not refused); no wrong one is answered 429."""
    workshop = await create_workshop(server.url)
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        wrong = [(await http.post("/api/join", json={"code": f"ZZZZ{i:02d}", "nickname": "Eve"})).status_code
                 for i in range(65)]
        right = await http.post("/api/join", json={"code": workshop["tables"][0]["join_code"], "nickname": "Zoe"})
    assert set(wrong) == {404}
    assert right.status_code == 200, right.text


async def test_a_removed_seat_rejoins_only_when_the_facilitator_lets_it(server: ServerProcess) -> None:
    workshop, (ann,), fac = await _table(server, "Ann")
    code, table_id = workshop["tables"][0]["join_code"], ann["table_id"]
    assert (await fac.command({"kind": "kick", "seat_id": ann["seat_id"]}))["type"] == "ack"
    async with httpx.AsyncClient(base_url=server.url) as http:
        again = await http.post("/api/join", json={"code": code, "nickname": "Ann", "previous_token": ann["participant_token"]})
        assert (again.status_code, again.json()["error"]) == (403, "kicked")
        headers = {"authorization": f"Bearer {workshop['facilitator_token']}"}
        by_participant = await http.post(f"/api/tables/{table_id}/readmit", json={"seat_id": ann["seat_id"]},
                                         headers={"authorization": f"Bearer {ann['participant_token']}"})
        assert by_participant.status_code == 401
        allowed = await http.post(f"/api/tables/{table_id}/readmit", json={"seat_id": ann["seat_id"]}, headers=headers)
        assert allowed.json() == {"seat_id": ann["seat_id"], "readmitted": True}
        back = await http.post("/api/join", json={"code": code, "nickname": "Ann", "previous_token": ann["participant_token"]})
        assert back.status_code == 200 and back.json()["seat_id"] != ann["seat_id"]
        once_more = await http.post("/api/join", json={"code": code, "nickname": "Ann", "previous_token": ann["participant_token"]})
        assert (once_more.status_code, once_more.json()["error"]) == (403, "kicked")  # the permission was used
        old = await http.get(f"/api/tables/{table_id}/snapshot", headers={"authorization": f"Bearer {ann['participant_token']}"})
        assert old.status_code == 401 and "revoked" in old.json()["message"]


async def test_a_kick_with_may_rejoin_is_a_kick_and_a_let_back_in(server: ServerProcess) -> None:
    """Issue 13's kick ``may_rejoin: true`` maps onto issue 14's readmit: the seat's link is revoked
    at once (401), its phone's next join with ``previous_token`` is accepted exactly once (a new
    seat), and a second one is 403 ``kicked``; the seat_kicked event tells the phone so."""
    workshop, (ann,), fac = await _table(server, "Ann")
    code, table_id = workshop["tables"][0]["join_code"], ann["table_id"]
    assert (await fac.command({"kind": "kick", "seat_id": ann["seat_id"], "may_rejoin": True}))["type"] == "ack"
    async with httpx.AsyncClient(base_url=server.url) as http:
        headers = {"authorization": f"Bearer {workshop['facilitator_token']}"}
        log = (await http.get(f"/api/tables/{table_id}/events", headers=headers)).json()["events"]
        kicked = [e for e in log if e["type"] == "seat_kicked"]
        assert [(e["seat_id"], e["may_rejoin"]) for e in kicked] == [(ann["seat_id"], True)]
        old = await http.get(f"/api/tables/{table_id}/snapshot", headers={"authorization": f"Bearer {ann['participant_token']}"})
        assert old.status_code == 401 and "revoked" in old.json()["message"]
        back = await http.post("/api/join", json={"code": code, "nickname": "Ann", "previous_token": ann["participant_token"]})
        assert back.status_code == 200 and back.json()["seat_id"] != ann["seat_id"], back.text
        once_more = await http.post("/api/join", json={"code": code, "nickname": "Ann 2", "previous_token": ann["participant_token"]})
        assert (once_more.status_code, once_more.json()["error"]) == (403, "kicked")


async def test_a_closed_table_refuses_its_right_code_without_slowing_the_address(server: ServerProcess) -> None:
    """Issue 13's closed table and issue 14's join guard together: the closed table's (right) code is
    409 ``table_closed`` however often it is sent (it is not a guess, so never 429), the other
    table still joins, and a reopened table joins again."""
    workshop = await create_workshop(server.url, tables=2)
    first, second = workshop["tables"]
    headers = {"authorization": f"Bearer {workshop['facilitator_token']}"}
    close = f"/api/workshops/{workshop['workshop_id']}/tables/{first['table_id']}/close"
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        assert (await http.post(close, json={"closed": True}, headers=headers)).status_code == 200
        refused = [await http.post("/api/join", json={"code": first["join_code"], "nickname": f"P{i}"}) for i in range(10)]
        assert {(r.status_code, r.json()["error"]) for r in refused} == {(409, "table_closed")}
        other = await http.post("/api/join", json={"code": second["join_code"], "nickname": "Zoe"})
        assert other.status_code == 200, other.text
        assert (await http.post(close, json={"closed": False}, headers=headers)).status_code == 200
        reopened = await http.post("/api/join", json={"code": first["join_code"], "nickname": "Ann"})
        assert reopened.status_code == 200, reopened.text


async def test_a_workshop_names_only_a_built_in_district_never_a_path(server: ServerProcess) -> None:
    """The engine's district loader also reads YAML files from disk (the CLI's ``--district
    FILE``); over HTTP a workshop's district must be one of the eight built-in ids, or any reader
    of the server's disk could be named. A path is refused with a 422 that names the field and the
    allowed ids, nothing is created, and no traceback reaches the log; every built-in id is
    accepted."""
    before = server.log_path.read_text(encoding="utf-8", errors="replace") if server.log_path.exists() else ""
    async with httpx.AsyncClient(base_url=server.url) as http:
        for bad in ("game_rules/data/districts/lyon-confluence.yaml", "../../etc/passwd", "/tmp/x.yaml", "lyon"):
            r = await http.post("/api/workshops", json={"name": "Probe", "tables": 1, "district": bad})
            assert r.status_code == 422, (bad, r.status_code, r.text)
            body = r.text
            assert "district" in body and "munich-harthof" in body, body
    for good in ("lyon-confluence", "munich-harthof", "porto", "alba-iulia"):
        workshop = await create_workshop(server.url, tables=1, district=good)
        assert workshop["tables"], good
    after = server.log_path.read_text(encoding="utf-8", errors="replace")[len(before):]
    assert "Traceback" not in after, after[-2000:]
