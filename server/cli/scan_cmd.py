"""``assembler scan IMAGE...``: read the cards in photos, for people (a table) or machines (JSON).

Every image is processed even when one fails: an unreadable or refused file prints one line on
stderr naming the file and the reason, and the command exits 2 at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="read the cards in photos (JPEG, PNG, WebP): ids, QR corners, mat slots",
        description=(
            "Recognise the deck's cards in photos of printed cards or of a whole table on the mat. "
            "With --json, one JSON object per image and line: "
            '{"image", "cards": [{"id", "code", "corners", "slot", "read_by"}], "rejected": [{"payload", "reason"}], "unread", "ms"}; '
            '"read_by" is qr, qr+marker or marker (the channels that named the card).'
        ),
    )
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="photo files to read")
    parser.add_argument("--json", action="store_true", help="print one JSON object per image instead of a table")
    parser.set_defaults(func=run)


def result_json(image: str, recognition: Any) -> dict[str, object]:
    """The ``--json`` shape of one image (see docs/recognition.md)."""
    return {
        "image": image,
        "cards": [
            {
                "id": card.id,
                "code": card.code,
                "corners": [[round(x, 1), round(y, 1)] for x, y in card.corners],
                "slot": card.slot.value if card.slot else None,
                "read_by": card.read_by,
            }
            for card in recognition.cards
        ],
        "rejected": [{"payload": r.payload, "reason": r.reason} for r in recognition.rejected],
        "unread": [
            {"centre": [round(u.centre[0], 1), round(u.centre[1], 1)], "slot": u.slot.value if u.slot else None}
            for u in recognition.unread
        ],
        "ms": round(recognition.ms, 1),
    }


def _print_table(image: str, recognition: Any) -> None:
    mat = "mat markers found" if recognition.mat_found else "no mat markers"
    print(f"{image}: {len(recognition.cards)} card(s), {mat}, {recognition.ms:.0f} ms")
    for card in recognition.cards:
        cx = sum(x for x, _y in card.corners) / 4
        cy = sum(y for _x, y in card.corners) / 4
        slot = card.slot.value if card.slot else "-"
        print(f"  {card.id:<8} {card.code}  slot {slot:<10} at ({cx:.0f}, {cy:.0f}) px  read by {card.read_by}")
    for rejected in recognition.rejected:
        print(f"  rejected ({rejected.reason}): {rejected.payload[:60]}")
    for unread in recognition.unread:
        slot = unread.slot.value if unread.slot else "-"
        print(f"  unread   a code seen but not read, slot {slot:<10} at ({unread.centre[0]:.0f}, {unread.centre[1]:.0f}) px")


def run(args: argparse.Namespace) -> int:
    from cards.deck import default_deck
    from cards.recognise import ImageRejected, recognise_image

    deck = default_deck()
    failures = 0
    for name in args.images:
        try:
            data = Path(name).read_bytes()
            recognition = recognise_image(data, deck)
        except (OSError, ImageRejected) as exc:
            failures += 1
            why = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or "unreadable"
            print(f"assembler scan: error: {name}: {why}: {exc}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps(result_json(name, recognition), ensure_ascii=False))
        else:
            _print_table(name, recognition)
    return 2 if failures else 0
