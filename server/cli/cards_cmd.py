"""``assembler cards``: list the catalogue, for people (a table) or machines (JSON)."""

from __future__ import annotations

import argparse
import json
import sys

from catalogs import languages


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "cards",
        help="list the deck's cards (id, code, category, SP tag, title, text, QR payload)",
        description="List every card of the deck with its human code and QR payload.",
    )
    parser.add_argument("--lang", choices=languages(), default="en", help="language of the texts (default en)")
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    parser.add_argument("--base-url", default=None, help="base URL for the payload (default: the compact form)")
    parser.add_argument("--check", action="store_true",
                        help="validate the deck and its texts in every shipped language, and the catalogs' completeness")
    parser.set_defaults(func=run)


def check() -> int:
    """Load the deck (every card's title, hook and body in every shipped language) and check the
    catalogs (:func:`catalogs.check.problems`); print what is wrong, exit status 1 if anything is."""
    from cards.deck import load_deck
    from cards.errors import DeckError
    from catalogs.check import problems

    try:
        deck = load_deck()
    except DeckError as exc:
        print(f"deck: {exc}", file=sys.stderr)
        return 1
    found = problems()
    for line in found:
        print(f"catalogs: {line}", file=sys.stderr)
    if found:
        return 1
    print(f"ok: {len(deck)} cards, texts complete in {', '.join(languages())}")
    return 0


def catalogue(lang: str, base_url: str | None) -> list[dict[str, object]]:
    """The deck as JSON-ready rows (the shape ``--json`` prints, see docs/cards.md)."""
    from cards.codes import card_payload
    from cards.deck import default_deck

    deck = default_deck()
    rows: list[dict[str, object]] = []
    for card in deck:
        text = card.text.get(lang)
        rows.append(
            {
                "id": card.id,
                "code": card.code,
                "category": card.category.value,
                "sp": card.sp.value,
                "icon": card.icon.value,
                "title": text.title,
                "hook": text.hook,
                "body": text.body,
                "texts": card.text.model_dump(),
                "payload": card_payload(deck, card, base_url),
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    if args.check:
        return check()
    rows = catalogue(args.lang, args.base_url)
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for row in rows:
        print(f"{row['id']:<8} {row['code']}  {row['category']:<10} {row['sp']}  {row['title']}")
        print(f"{'':<8} {row['hook']}")
        print(f"{'':<8} {row['payload']}")
    print(f"{len(rows)} cards")
    return 0
