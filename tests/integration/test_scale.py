"""Two workers on PostgreSQL + Redis: any worker serves any table, plays cross between them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from live_support import Screen, ServerProcess, create_workshop, join, new_cmd_id

pytestmark = pytest.mark.scale


def two_workers(pg_url: str, redis_url: str, deck_dir: Path) -> list[ServerProcess]:
    env = {"ASSEMBLER_DATABASE_URL": pg_url, "ASSEMBLER_REDIS_URL": redis_url, "ASSEMBLER_DECK_DIR": str(deck_dir)}
    return [ServerProcess(env).start() for _ in range(2)]


async def test_a_play_on_one_worker_reaches_a_client_on_the_other(pg_url: str, redis_url: str, deck_dir: Path) -> None:
    one, two = two_workers(pg_url, redis_url, deck_dir)
    try:
        workshop = await create_workshop(one.url)
        table = workshop["tables"][0]
        ann = await join(one.url, table["join_code"], "Ann")
        ben = await join(two.url, table["join_code"], "Ben")
        fac = await Screen(one.ws_url, workshop["facilitator_token"], table["table_id"]).open()
        a = await Screen(one.ws_url, ann["participant_token"]).open()
        b = await Screen(two.ws_url, ben["participant_token"]).open()
        await fac.command({"kind": "set_phase", "phase": "canvas"})

        ack = await a.command({"kind": "play_card", "card_id": "WHO-01"})
        assert (await b.event_with_seq(ack["seq"]))["event"]["card_id"] == "WHO-01"
        ack = await b.command({"kind": "play_card", "card_id": "WHAT-01"})
        assert (await a.event_with_seq(ack["seq"]))["event"]["card_id"] == "WHAT-01"

        # Both workers write the same table at once: the log's UNIQUE(table_id, seq) decides,
        # the loser rebuilds from the log and retries; nothing is lost or duplicated.
        cards_a = ["HOW-01", "HOW-02", "HOW-03", "WHY-01", "WHY-02"]
        cards_b = ["TECH-01", "TECH-02", "TECH-03", "GOV-01", "WHAT-02"]
        acks = await asyncio.gather(*(a.command({"kind": "play_card", "card_id": c}) for c in cards_a),
                                    *(b.command({"kind": "play_card", "card_id": c}) for c in cards_b))
        assert all(x["type"] == "ack" for x in acks), acks
        last = max(x["seq"] for x in acks)
        for screen in (a, b, fac):
            await screen.event_with_seq(last)
            assert screen.seqs() == list(range(screen.seqs()[0], last + 1))
        clash = await asyncio.gather(a.command({"kind": "play_card", "card_id": "WHO-05"}),
                                     b.command({"kind": "play_card", "card_id": "WHO-05"}))
        assert sorted(x["type"] for x in clash) == ["ack", "reject"]
        # A retry that lands on the other worker finds the first answer in the shared log.
        cmd_id = new_cmd_id()
        first = await b.command({"kind": "comment", "text": "once"}, cmd_id=cmd_id)
        a2 = await Screen(one.ws_url, ben["participant_token"]).open(last_seq=first["seq"])
        retry = await a2.command({"kind": "comment", "text": "once"}, cmd_id=cmd_id)
        assert (retry["seq"], retry["duplicate"]) == (first["seq"], True)
    finally:
        for worker in (one, two):
            worker.stop()
