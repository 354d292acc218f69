"""The live table through a real server process and real WebSocket clients (SQLite, 1 worker)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from live_support import Screen, ServerProcess, create_workshop, join, new_cmd_id
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from cards.codes import card_payload
from cards.deck import load_deck


async def table_with(server: ServerProcess, *nicknames: str, phase: str = "canvas") -> tuple[dict, list[dict], Screen]:
    """A workshop, participants joined at table 1, and an open facilitator screen there."""
    workshop = await create_workshop(server.url)
    table = workshop["tables"][0]
    seats = [await join(server.url, table["join_code"], name) for name in nicknames]
    facilitator = await Screen(server.ws_url, workshop["facilitator_token"], table["table_id"]).open()
    ack = await facilitator.command({"kind": "set_phase", "phase": phase})
    assert ack["type"] == "ack"
    return workshop, seats, facilitator


async def test_join_play_and_every_screen_sees_it_with_its_seq(server: ServerProcess) -> None:
    _w, (ann, ben), fac = await table_with(server, "Ann", "Ben")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    b = await Screen(server.ws_url, ben["participant_token"]).open()
    welcome = await a.wait_for(lambda m: m["type"] == "welcome")
    assert welcome["viewer"] == "participant" and welcome["seat_id"] == ann["seat_id"]
    snapshot = await a.wait_for(lambda m: m["type"] == "snapshot")
    assert {s["nickname"] for s in snapshot["table"]["seats"]} == {"Ann", "Ben"}

    ack = await a.command({"kind": "play_card", "card_id": "WHO-01", "source": "pick"})
    assert ack["type"] == "ack"
    for screen in (a, b, fac):
        event = (await screen.event_with_seq(ack["seq"]))["event"]
        assert (event["type"], event["card_id"], event["slot"], event["seat_id"]) == ("card_played", "WHO-01", "who", ann["seat_id"])
    assert b.seqs() == sorted(b.seqs())


async def test_scan_path_play_by_printed_payload_and_code(server: ServerProcess, deck_dir) -> None:
    deck = load_deck(deck_dir, check_counts=False)
    _w, (ann,), _fac = await table_with(server, "Ann")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    payload = card_payload(deck, deck.get("WHAT-02"), "http://192.168.1.10:8000")
    ack = await a.command({"kind": "play_card", "payload": payload, "source": "scan"})
    event = (await a.event_with_seq(ack["seq"]))["event"]
    assert (event["card_id"], event["slot"], event["source"]) == ("WHAT-02", "what", "scan")
    ack = await a.command({"kind": "play_card", "code": deck.get("HOW-02").code, "source": "code"})
    assert ack["type"] == "ack"
    async with httpx.AsyncClient(base_url=server.url, follow_redirects=False) as http:
        r = await http.get("/C/" + payload.split("/C/")[1])
        assert r.status_code == 302 and r.headers["location"] == "/play?card=PCED.1/WHAT-02." + payload[-2:]


async def test_rejections_carry_stable_reasons(server: ServerProcess) -> None:
    _w, (ann, ben), _fac = await table_with(server, "Ann", "Ben", phase="governance")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    b = await Screen(server.ws_url, ben["participant_token"]).open()
    assert (await a.command({"kind": "play_card", "card_id": "WHO-01"}))["reason"] == "phase_closed"
    assert (await a.command({"kind": "play_card", "payload": "PCED.1/GOV-01.ZZ"}))["reason"] == "bad_check"
    assert (await a.command({"kind": "play_card", "payload": "OTHER.1/GOV-01.AB"}))["reason"] == "other_deck"
    assert (await a.command({"kind": "play_card", "card_id": "GOV-01"}))["type"] == "ack"
    assert (await b.command({"kind": "play_card", "card_id": "GOV-01", "source": "scan"}))["reason"] == "already_on_board"


async def test_retried_command_is_acknowledged_once(server: ServerProcess) -> None:
    _w, (ann,), _fac = await table_with(server, "Ann")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    cmd_id = new_cmd_id()
    first = await a.command({"kind": "play_card", "card_id": "WHY-01"}, cmd_id)
    await a.close()
    a2 = await Screen(server.ws_url, ann["participant_token"]).open(last_seq=first["seq"])
    again = await a2.command({"kind": "play_card", "card_id": "WHY-01"}, cmd_id)
    assert (again["seq"], again["duplicate"], first["duplicate"]) == (first["seq"], True, False)
    async with httpx.AsyncClient(base_url=server.url) as http:
        log = (await http.get(f"/api/tables/{ann['table_id']}/events", headers={"authorization": f"Bearer {ann['participant_token']}"})).json()
    assert [e["cmd_id"].split("~")[0] for e in log["events"]].count(cmd_id) == 1


async def test_reconnect_with_a_gap_gets_exactly_the_missing_events(server: ServerProcess) -> None:
    _w, (ann, ben), _fac = await table_with(server, "Ann", "Ben")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    await a.wait_for(lambda m: m["type"] == "snapshot")
    seen = a.last_seq()
    await a.close()
    b = await Screen(server.ws_url, ben["participant_token"]).open()
    acks = [await b.command({"kind": "play_card", "card_id": card}) for card in ("WHO-01", "WHO-02", "WHAT-01")]
    a2 = await Screen(server.ws_url, ann["participant_token"]).open(last_seq=seen)
    await a2.event_with_seq(acks[-1]["seq"])
    assert a2.seqs() == list(range(seen + 1, acks[-1]["seq"] + 1))
    assert not any(m["type"] == "snapshot" for m in a2.messages)
    # A client that noticed a gap asks again and gets the events after what it holds.
    start = len(a2.messages)
    await a2.send({"type": "resync", "last_seq": seen + 1})
    await a2.wait_for(lambda m: m.get("seq") == acks[-1]["seq"], start)
    assert [m["seq"] for m in a2.messages[start:] if m["type"] == "event"] == list(range(seen + 2, acks[-1]["seq"] + 1))


async def test_concurrent_plays_from_two_phones_are_both_accepted(server: ServerProcess) -> None:
    _w, seats, fac = await table_with(server, "Ann", "Ben", "Cem")
    screens = [await Screen(server.ws_url, s["participant_token"]).open() for s in seats]
    cards = ["WHO-01", "WHO-02", "WHO-03"]
    acks = await asyncio.gather(*(s.command({"kind": "play_card", "card_id": c}) for s, c in zip(screens, cards, strict=True)))
    assert {a["type"] for a in acks} == {"ack"} and len({a["seq"] for a in acks}) == 3
    clash = await asyncio.gather(*(s.command({"kind": "play_card", "card_id": "HOW-03"}) for s in screens))
    assert sorted(a["type"] for a in clash) == ["ack", "reject", "reject"]
    last = max(a["seq"] for a in (*acks, *clash) if a["type"] == "ack")
    await fac.event_with_seq(last)
    board = [m["event"]["card_id"] for m in fac.messages if m["type"] == "event" and m["event"]["type"] == "card_played"]
    assert sorted(board) == sorted([*cards, "HOW-03"])


async def test_undo_and_phases_and_timer(server: ServerProcess) -> None:
    _w, (ann,), fac = await table_with(server, "Ann")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    played = await a.command({"kind": "play_card", "card_id": "TECH-01"})
    undo = await fac.command({"kind": "undo"})
    event = (await a.event_with_seq(undo["seq"]))["event"]
    assert (event["type"], event["play_id"], event["undo_of"]) == ("card_removed", played["seq"], played["seq"])
    timer = await fac.command({"kind": "start_timer", "duration_s": 300})
    assert (await a.event_with_seq(timer["seq"]))["event"]["duration_s"] == 300
    phase = await fac.command({"kind": "set_phase", "phase": "outcome"})
    assert (await a.event_with_seq(phase["seq"]))["event"]["phase"] == "outcome"
    assert (await a.command({"kind": "play_card", "card_id": "TECH-02"}))["reason"] == "phase_closed"


async def test_facilitator_only_commands_are_refused_to_participants_and_projectors(server: ServerProcess) -> None:
    workshop, (ann,), _fac = await table_with(server, "Ann")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    for command in ({"kind": "lock"}, {"kind": "undo"}, {"kind": "kick", "seat_id": ann["seat_id"]},
                    {"kind": "set_phase", "phase": "roles"}, {"kind": "comment", "text": "x", "private": True}):
        assert (await a.command(command))["reason"] == "facilitator_only"
    projector_token = workshop["tables"][0]["projector_url"].rsplit("/", 1)[1]
    p = await Screen(server.ws_url, projector_token).open()
    assert (await p.wait_for(lambda m: m["type"] == "welcome"))["viewer"] == "projector"
    assert (await p.command({"kind": "comment", "text": "hi"}))["reason"] == "read_only"
    async with httpx.AsyncClient(base_url=server.url) as http:
        r = await http.get(f"/api/workshops/{workshop['workshop_id']}", headers={"authorization": f"Bearer {ann['participant_token']}"})
        assert (r.status_code, r.json()["error"]) == (403, "forbidden")


async def test_role_filtering_of_hidden_scenarios_and_notes(server: ServerProcess) -> None:
    workshop, (ann,), fac = await table_with(server, "Ann <script>")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    dealt = await fac.command({"kind": "play_card", "card_id": "SCN-01"})
    note = await fac.command({"kind": "comment", "text": "secret note", "private": True})
    assert (await fac.event_with_seq(dealt["seq"]))["event"]["card_id"] == "SCN-01"
    assert (await a.event_with_seq(dealt["seq"]))["event"]["card_id"] is None
    assert (await a.event_with_seq(note["seq"]))["event"]["type"] == "redacted"
    assert "secret note" not in json.dumps(a.messages) and "SCN-01" not in json.dumps(a.messages)
    review_token = workshop["review_url"].rsplit("/", 1)[1]
    headers = {"authorization": f"Bearer {review_token}"}
    async with httpx.AsyncClient(base_url=server.url) as http:
        log = (await http.get(f"/api/tables/{ann['table_id']}/events", headers=headers)).text
        snap = (await http.get(f"/api/tables/{ann['table_id']}/snapshot", headers=headers)).text
    assert "secret note" not in log + snap and "SCN-01" not in log + snap and "Ann <script>" not in log + snap
    reveal = await fac.command({"kind": "reveal_scenario", "play_id": dealt["seq"]})
    assert (await a.event_with_seq(reveal["seq"]))["event"]["card_id"] == "SCN-01"


async def test_cross_table_access_is_refused(server: ServerProcess) -> None:
    workshop, (ann,), _fac = await table_with(server, "Ann")
    other_table = workshop["tables"][1]["table_id"]
    s = await Screen(server.ws_url, ann["participant_token"], other_table).open()
    assert (await s.wait_for(lambda m: m["type"] == "error"))["reason"] == "forbidden"
    other = await create_workshop(server.url)
    f = await Screen(server.ws_url, workshop["facilitator_token"], other["tables"][0]["table_id"]).open()
    assert (await f.wait_for(lambda m: m["type"] == "error"))["reason"] == "forbidden"
    async with httpx.AsyncClient(base_url=server.url) as http:
        headers = {"authorization": f"Bearer {ann['participant_token']}"}
        r = await http.get(f"/api/tables/{other_table}/snapshot", headers=headers)
        assert r.status_code == 403
        body = {"cmd_id": new_cmd_id(), "command": {"kind": "comment", "text": "hi"}}
        r = await http.post(f"/api/tables/{other['tables'][0]['table_id']}/commands", headers=headers, json=body)
        assert (r.status_code, r.json()["error"]) == (404, "not_found")


async def test_kick_closes_the_seat_and_its_token(server: ServerProcess) -> None:
    _w, (ann,), fac = await table_with(server, "Ann")
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    await fac.command({"kind": "kick", "seat_id": ann["seat_id"]})
    assert (await a.wait_for(lambda m: m["type"] == "bye"))["reason"] == "kicked"
    again = await Screen(server.ws_url, ann["participant_token"]).open()
    assert (await again.wait_for(lambda m: m["type"] == "error"))["reason"] == "kicked"


async def test_bad_messages_get_clear_errors_never_a_traceback(server: ServerProcess) -> None:
    _w, (ann,), _fac = await table_with(server, "Ann")
    async with connect(server.ws_url) as ws:
        await ws.send("not json")
        assert json.loads(await ws.recv())["reason"] == "bad_message"
        await ws.send(json.dumps({"type": "hello", "token": "x" * 20}))
        assert json.loads(await ws.recv())["reason"] == "unauthorized"
        await ws.send(json.dumps({"type": "hello", "token": ann["participant_token"]}))
        assert json.loads(await ws.recv())["type"] == "welcome"
        await ws.send(json.dumps({"type": "cmd", "cmd_id": "abcdefgh", "command": {"kind": "play_card", "slot": "moon"}}))
        while (msg := json.loads(await ws.recv()))["type"] != "reject":
            pass
        assert msg["cmd_id"] == "abcdefgh" and msg["reason"] == "bad_message"
        assert "command.play_card.slot" in msg["message"] and "Traceback" not in msg["message"]
        await ws.send("x" * 20000)
        with pytest.raises(Exception):  # noqa: B017 - the server closes the socket (1009)
            for _ in range(10):
                await ws.recv()
    async with httpx.AsyncClient(base_url=server.url) as http:
        r = await http.post("/api/workshops", content=b"{nope")
        assert r.status_code == 422 and r.json()["error"] == "bad_request"
        r = await http.get("/api/tables/nope/snapshot")
        assert r.status_code == 401 and "Traceback" not in r.text


async def test_websocket_origin_check(server: ServerProcess) -> None:
    with pytest.raises(InvalidStatus):
        async with connect(server.ws_url, origin="http://evil.example"):
            pass
    async with connect(server.ws_url, origin=f"http://127.0.0.1:{server.port}") as ws:
        await ws.send(json.dumps({"type": "ping"}))
        assert json.loads(await ws.recv()) == {"type": "error", "reason": "bad_message", "message": "expected hello first"}




async def test_pages_and_redirects_the_screens_rely_on(server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=server.url, follow_redirects=False) as http:
        for path in ("/", "/play", "/f/abc", "/p/abc", "/r/abc"):
            r = await http.get(path)
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        r = await http.get("/j/abc-def")
        assert (r.status_code, r.headers["location"]) == (302, "/play?join=ABCDEF")
        assert (await http.get("/api/openapi.json")).json()["openapi"].startswith("3.")
        deck = (await http.get("/api/deck")).json()
        assert {c["id"] for c in deck["cards"]} >= {"GOV-01", "SCN-03"}
        assert (await http.get("/healthz")).json()["database"] == "sqlite"


async def test_workshop_wide_facilitator_command_reaches_every_table(server: ServerProcess) -> None:
    workshop = await create_workshop(server.url, tables=3)
    async with httpx.AsyncClient(base_url=server.url) as http:
        r = await http.post(f"/api/workshops/{workshop['workshop_id']}/commands",
                            headers={"authorization": f"Bearer {workshop['facilitator_token']}"},
                            json={"cmd_id": new_cmd_id(), "command": {"kind": "set_phase", "phase": "governance"}})
        results = r.json()["results"]
    assert len(results) == 3 and all(v["ok"] for v in results.values())
