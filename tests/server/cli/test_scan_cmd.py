"""``assembler scan`` as a user runs it: a real subprocess, real photo files, one broken file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from cards.codes import card_payload
from cards.deck import default_deck
from cards.recognise import synthetic as syn

ASSEMBLER = Path(sys.executable).with_name("assembler")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ASSEMBLER), *args], capture_output=True, text=True, timeout=120, check=False)


def _table_photo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    deck = default_deck()
    chosen = [deck.cards[i] for i in (0, 15, 30, 45, 60, 75, 90, 100, 5)]
    canvas, placed = syn.table_on_mat([card_payload(deck, c) for c in chosen], 5.0, np.random.default_rng(3))
    photo, _m = syn.on_background(canvas, (2400, 1800), np.random.default_rng(4), fill=0.92)
    path = tmp_path / "table.jpg"
    path.write_bytes(syn.encode(photo, ".jpg", 90))
    return path, {c.id: str(p.slot.value) for c, p in zip(chosen, placed, strict=True) if p.slot}


def test_scan_json_prints_one_object_per_image_and_reports_a_broken_file(tmp_path: Path) -> None:
    photo, slots = _table_photo(tmp_path)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(photo.read_bytes()[:5000])
    result = run("scan", "--json", str(broken), str(photo), str(tmp_path / "missing.png"))
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["image"] == str(photo)
    assert set(lines[0]) == {"image", "cards", "rejected", "unread", "ms"}
    got = {card["id"]: card["slot"] for card in lines[0]["cards"]}
    assert got == slots
    for card in lines[0]["cards"]:
        assert len(card["corners"]) == 4 and len(card["code"]) == 4
        assert card["read_by"] in {"qr", "qr+marker", "marker"}, card
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "broken.jpg: truncated" in errors[0]
    assert "missing.png" in errors[1] and "Traceback" not in result.stderr


def test_scan_table_output_names_cards_and_slots(tmp_path: Path) -> None:
    photo, slots = _table_photo(tmp_path)
    result = run("scan", str(photo))
    assert result.returncode == 0, result.stderr
    assert "mat markers found" in result.stdout
    for card_id, slot in slots.items():
        assert any(card_id in line and slot in line for line in result.stdout.splitlines()), card_id


def test_scan_json_names_the_channel_that_read_each_card() -> None:
    """``read_by`` reaches the JSON as the recogniser set it: a card named by its marker alone
    says ``marker``, never ``qr`` (docs/recognition.md, FoundCard)."""
    from cards.model import Slot
    from cards.recognise.pipeline import FoundCard, Recognition
    from server.cli.scan_cmd import result_json

    quad = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    recognition = Recognition(cards=(FoundCard("GOV-03", "K7QX", quad, Slot("governance"), read_by="marker"),
                                     FoundCard("WHO-01", "SJRU", quad, None, read_by="qr+marker")),
                              rejected=(), ms=1.0, mat_found=True)
    cards = result_json("x.jpg", recognition)["cards"]
    assert isinstance(cards, list)
    assert [(c["id"], c["read_by"]) for c in cards] == [("GOV-03", "marker"), ("WHO-01", "qr+marker")]
