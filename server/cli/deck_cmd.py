"""``assembler deck``: the printable card deck as one PDF (see docs/printing.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from catalogs import languages
from server.cli import print_shop_args


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "deck",
        help="print the card deck to PDF (sizes, bleed, duplex backs, print and play)",
        description="Build the printable deck: cover, duplex alignment test, card fronts and backs.",
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help="PDF file to write")
    parser.add_argument("--lang", choices=languages(), default="en", help="language of the cards (default en)")
    parser.add_argument("--paper", choices=("a4", "letter", "a3"), default="a4", help="sheet size (default a4)")
    parser.add_argument("--card", choices=("poker", "bridge", "tarot", "mini"), default="poker", help="card size (default poker 63x88 mm)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--bleed", type=float, default=3.0, metavar="MM", help="bleed around each card in mm (default 3)")
    mode.add_argument("--print-and-play", action="store_true", help="no bleed, shared cut lines (3x3 poker on A4 and Letter)")
    parser.add_argument("--backs", choices=("duplex", "none"), default="duplex", help="card backs for long-edge duplex, or none")
    parser.add_argument("--back-offset", default="0,0", metavar="X,Y", help="shift the backs by X,Y mm to match your printer")
    parser.add_argument("--base-url", default=None, help="server address for the QR codes (default: compact codes)")
    parser.add_argument("--only", nargs="+", default=(), metavar="CATEGORY", help="print only these categories (role governance who what how why energy scenario)")
    parser.add_argument("--copies", type=int, default=1, help="copies of each card (default 1)")
    print_shop_args.add_arguments(parser)
    parser.set_defaults(func=run)


def _categories(names: list[str] | tuple[str, ...]) -> tuple[object, ...]:
    from cards.model import Category

    known = {c.value: c for c in Category}
    wrong = [name for name in names if name.lower() not in known]
    if wrong:
        raise ValueError(f"expected --only categories from {sorted(known)}, got {wrong}")
    return tuple(known[name.lower()] for name in names)


def run(args: argparse.Namespace) -> int:
    from printables.deck_pdf import DeckOptions, build_deck
    from printables.geometry import parse_offset
    from server.cli import UserError

    if args.print_shop and args.print_and_play:
        # Print-and-play cards share their cut lines: a guillotine would cut into the neighbours.
        raise UserError("expected --print-shop with a bleed (--bleed MM, default 3), got --print-and-play, which has none")

    options = DeckOptions(
        lang=args.lang,
        paper=args.paper,
        card=args.card,
        bleed_mm=args.bleed,
        print_and_play=args.print_and_play,
        backs=args.backs,
        back_offset=parse_offset(args.back_offset),
        base_url=args.base_url,
        only=_categories(args.only),  # type: ignore[arg-type]
        copies=args.copies,
    )
    result = build_deck(options)
    data = print_shop_args.convert(result.pdf_bytes, f"PCED deck ({args.lang})", args)
    args.output.write_bytes(data)
    cards = len(result.fronts())
    shop = f", PDF/X-1a with {options.effective_bleed_mm:g} mm bleed" if args.print_shop else ""
    print(f"wrote {args.output}: {result.page_count} pages, {cards} cards, {result.cards_per_sheet} per sheet{shop}")
    return 0
