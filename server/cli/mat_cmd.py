"""``assembler mat``: the table mat with its slots and ArUco corner markers."""

from __future__ import annotations

import argparse
from pathlib import Path

from catalogs import languages
from server.cli import print_shop_args


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "mat",
        help="print the table mat (A3, or two A4 sheets to tape together)",
        description="Build the table mat: board slots with guidance and four ArUco markers.",
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help="PDF file to write")
    parser.add_argument("--paper", choices=("a3", "a4x2"), default="a3", help="one A3 sheet or two A4 sheets (default a3)")
    parser.add_argument("--lang", choices=languages(), default="en", help="language of the labels (default en)")
    print_shop_args.add_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from printables.mat import build_mat
    from printables.print_shop import PRINT_SHOP_BLEED_MM

    result = build_mat(args.lang, args.paper, PRINT_SHOP_BLEED_MM if args.print_shop else 0.0)
    args.output.write_bytes(print_shop_args.convert(result.pdf_bytes, f"PCED table mat ({args.lang})", args))
    shop = f", PDF/X-1a with {result.bleed_mm:g} mm bleed" if args.print_shop else ""
    print(f"wrote {args.output}: {len(result.sheets)} page(s), {args.paper}{shop}")
    return 0
