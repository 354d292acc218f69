"""SIGKILL the server during a burst of plays: nothing acknowledged is lost or doubled."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import httpx
from live_support import Screen, ServerProcess, create_workshop, join, new_cmd_id

# Governance holds one card, as the mat prints (cards.mat_layout.SLOT_CAPACITY): one GOV card.
CARDS = [f"{prefix}-{n:02d}" for n in range(1, 9) for prefix in ("WHO", "WHAT", "HOW", "WHY", "TECH")] + ["GOV-01"]


async def burst(screen: Screen, cards: list[str], acked: dict[str, int], sent: dict[str, str]) -> None:
    """Play ``cards`` one after another until the connection dies."""
    for card in cards:
        cmd_id = new_cmd_id()
        sent[cmd_id] = card
        try:
            answer = await screen.command({"kind": "play_card", "card_id": card}, cmd_id)
        except (AssertionError, Exception):
            return
        assert answer["type"] == "ack", answer
        acked[cmd_id] = answer["seq"]


async def log_of(server: ServerProcess, table_id: str, token: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=server.url) as http:
        r = await http.get(f"/api/tables/{table_id}/events", headers={"authorization": f"Bearer {token}"})
        r.raise_for_status()
        return list(r.json()["events"])


async def test_sigkill_during_a_burst_loses_no_acknowledged_play(tmp_path: Path, deck_dir: Path) -> None:
    env = {"ASSEMBLER_DATABASE_URL": f"sqlite:///{tmp_path / 'crash.sqlite'}", "ASSEMBLER_DECK_DIR": str(deck_dir),
           "ASSEMBLER_REDIS_URL": "", "ASSEMBLER_ASSESS": "0"}
    server = ServerProcess(env).start()
    try:
        workshop = await create_workshop(server.url, tables=1)
        table_id, code = workshop["tables"][0]["table_id"], workshop["tables"][0]["join_code"]
        seats = [await join(server.url, code, name) for name in ("Ann", "Ben", "Cem")]
        fac = await Screen(server.ws_url, workshop["facilitator_token"], table_id).open()
        await fac.command({"kind": "set_phase", "phase": "financing"})
        screens = [await Screen(server.ws_url, s["participant_token"]).open() for s in seats]
        acked: dict[str, int] = {}
        sent: dict[str, str] = {}
        shares = [CARDS[i::3] for i in range(3)]
        tasks = [asyncio.create_task(burst(s, cards, acked, sent)) for s, cards in zip(screens, shares, strict=True)]
        while len(acked) < 12:
            await asyncio.sleep(0.005)
        server.kill()  # SIGKILL mid-burst: commands in flight get no answer
        await asyncio.gather(*tasks)
        held = {id(s): s.last_seq() for s in screens}
        for s in (*screens, fac):
            with contextlib.suppress(Exception):
                await s.close()
        assert len(acked) < len(CARDS)

        server.start()  # same port, same database file
        log = await log_of(server, table_id, workshop["facilitator_token"])
        # A logged cmd_id is "<client cmd_id>~<sender and body fingerprint>" (docs/protocol.md).
        ids = [e["cmd_id"].split("~")[0] for e in log]
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
        for cmd_id, seq in acked.items():
            assert ids.count(cmd_id) == 1 and ids[seq - 1] == cmd_id

        # Clients resume: reconnect with their last seq, resend what got no answer (same cmd_id).
        resumed = [await Screen(server.ws_url, s["participant_token"]).open(last_seq=held[id(old)])
                   for s, old in zip(seats, screens, strict=True)]
        unanswered = [c for c in sent if c not in acked]
        # Each phone resends its own outbox (cmd_ids are scoped by sender).
        answers = [await resumed[CARDS.index(sent[c]) % 3].command({"kind": "play_card", "card_id": sent[c]}, c)
                   for c in unanswered]
        assert all(a["type"] == "ack" for a in answers), answers
        log = await log_of(server, table_id, workshop["facilitator_token"])
        plays = [e["cmd_id"].split("~")[0] for e in log if e["type"] == "card_played"]
        assert sorted(plays) == sorted(sent) and len(set(plays)) == len(plays)
        for screen, old in zip(resumed, screens, strict=True):
            await screen.event_with_seq(len(log))
            assert screen.seqs() == list(range(held[id(old)] + 1, len(log) + 1))
            await screen.close()
    finally:
        server.stop()


async def test_graceful_shutdown_closes_screens_for_reconnection(tmp_path: Path, deck_dir: Path) -> None:
    env = {"ASSEMBLER_DATABASE_URL": f"sqlite:///{tmp_path / 'stop.sqlite'}", "ASSEMBLER_DECK_DIR": str(deck_dir),
           "ASSEMBLER_REDIS_URL": "", "ASSEMBLER_ASSESS": "0"}
    server = ServerProcess(env).start()
    try:
        workshop = await create_workshop(server.url, tables=1)
        table_id = workshop["tables"][0]["table_id"]
        fac = await Screen(server.ws_url, workshop["facilitator_token"], table_id).open()
        ack = await fac.command({"kind": "comment", "text": "before the restart"})
        server.stop()  # SIGTERM: uvicorn closes every socket with 1012 "service restart"
        await fac._reader  # type: ignore[misc]  # the server closed the socket
        assert fac.ws is not None and fac.ws.close_code == 1012
        server.start()
        again = await Screen(server.ws_url, workshop["facilitator_token"], table_id).open(last_seq=ack["seq"])
        later = await again.command({"kind": "comment", "text": "after the restart"})
        assert later["seq"] == ack["seq"] + 1 and again.seqs() == [later["seq"]]
    finally:
        server.stop()
