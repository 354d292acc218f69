"""``assembler deck``: the printable card deck as one PDF (see docs/printing.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from catalogs import languages


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
    parser.add_argument("--print-shop", action="store_true",
                        help="CMYK PDF/X-3 with an output intent for a print shop (needs Ghostscript); default: RGB for office printers")
    parser.add_argument("--output-profile", type=Path, default=None, metavar="ICC",
                        help="the print shop's CMYK ICC profile (default: Ghostscript's default_cmyk.icc)")
    parser.add_argument("--output-condition", default="Custom", metavar="NAME",
                        help="registered printing condition of that profile, e.g. FOGRA39 (default: Custom)")
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
    data = result.pdf_bytes
    if args.print_shop:
        from printables.print_shop import (
            OutputCondition,
            PrintShopError,
            default_condition,
            to_print_shop,
        )
        from server.cli import UserError

        try:
            condition = (OutputCondition(profile=args.output_profile, identifier=args.output_condition,
                                         description=f"{args.output_condition} ({args.output_profile.name})")
                         if args.output_profile else default_condition())
            data = to_print_shop(data, f"PCED deck ({args.lang})", condition)
        except PrintShopError as exc:
            raise UserError(str(exc)) from None
    args.output.write_bytes(data)
    cards = len(result.fronts())
    print(f"wrote {args.output}: {result.page_count} pages, {cards} cards, {result.cards_per_sheet} per sheet")
    return 0
