"""A photo of the mat plays every card on it through the same command path as a scan."""

from __future__ import annotations

from pathlib import Path

import httpx
import numpy as np
from live_support import Screen, ServerProcess, create_workshop, join

from cards.codes import card_payload
from cards.deck import load_deck
from cards.mat_layout import SLOTS
from cards.recognise import synthetic

PREFIX = {"who": "WHO", "what": "WHAT", "how": "HOW", "why": "WHY", "governance": "GOV", "financing": "WHY", "measures": "TECH"}


async def test_photo_of_the_mat_plays_its_cards_once(server: ServerProcess, deck_dir: Path) -> None:
    deck = load_deck(deck_dir, check_counts=False)
    slots = [slot.value for slot in SLOTS][:6]
    assert set(slots) <= set(PREFIX), slots
    cards = [deck.get(f"{PREFIX[s]}-0{7 + (s == 'financing')}") for s in slots]
    image, _placed = synthetic.table_on_mat([card_payload(deck, c) for c in cards], 5.0, np.random.default_rng(7))
    photo = synthetic.encode(image, ".jpg", 92)

    workshop = await create_workshop(server.url)
    table = workshop["tables"][0]
    ann = await join(server.url, table["join_code"], "Ann")
    fac = await Screen(server.ws_url, workshop["facilitator_token"], table["table_id"]).open()
    await fac.command({"kind": "set_phase", "phase": "financing"})
    a = await Screen(server.ws_url, ann["participant_token"]).open()
    headers = {"authorization": f"Bearer {ann['participant_token']}", "content-type": "image/jpeg"}
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        # ?play=0 (the live camera's fallback) reads and plays nothing: the next upload is a first play.
        read_only_pass = await http.post(f"/api/tables/{table['table_id']}/photo?play=0", content=photo, headers=headers)
        bad_play = await http.post(f"/api/tables/{table['table_id']}/photo?play=yes", content=photo, headers=headers)
        r = await http.post(f"/api/tables/{table['table_id']}/photo", content=photo, headers=headers)
        assert r.status_code == 200, r.text
        first = r.json()
        again = (await http.post(f"/api/tables/{table['table_id']}/photo", content=photo, headers=headers)).json()
        bad = await http.post(f"/api/tables/{table['table_id']}/photo", content=b"not an image", headers=headers)
        projector = workshop["tables"][0]["projector_url"].rsplit("/", 1)[1]
        read_only = await http.post(f"/api/tables/{table['table_id']}/photo", content=photo,
                                    headers={"authorization": f"Bearer {projector}"})
    found = {f["card_id"]: f for f in first["found"]}
    assert set(found) == {c.id for c in cards}
    assert read_only_pass.status_code == 200, read_only_pass.text
    assert {f["card_id"]: f["result"] for f in read_only_pass.json()["found"]} == dict.fromkeys(found)
    assert bad_play.status_code == 422 and bad_play.json()["error"] == "bad_request" and "play" in bad_play.json()["message"]
    assert all(f["read_by"] in {"qr", "qr+marker", "marker"} for f in found.values()), found
    assert first["unread"] == 0  # every code seen was read: nothing to retake
    assert all(f["result"]["ok"] and not f["result"]["duplicate"] for f in found.values()), found
    assert {f["card_id"] for f in again["found"] if f["result"]["duplicate"]} == set(found)
    assert bad.status_code == 422 and bad.json()["error"] and "Traceback" not in bad.text
    assert read_only.status_code == 403
    last = max(f["result"]["seq"] for f in found.values())
    await a.event_with_seq(last)
    played = [m["event"] for m in a.messages if m["type"] == "event" and m["event"]["type"] == "card_played"]
    assert sorted(e["card_id"] for e in played) == sorted(found) and {e["source"] for e in played} == {"photo"}
