"""``assembler poster``: table signs with the join QR code, join code and table name."""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import quote

from catalogs import languages
from server.cli import print_shop_args


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "poster",
        help="print join posters, one page per table",
        description=(
            "Build one poster page per --table. Give one --join-url per table, or one URL "
            "containing {table}, which is replaced by each table's name."
        ),
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help="PDF file to write")
    parser.add_argument("--table", action="append", required=True, metavar="NAME", help="table name (repeat for several tables)")
    parser.add_argument("--join-url", action="append", required=True, metavar="URL", help="URL that joins the table")
    parser.add_argument("--code", action="append", default=[], metavar="CODE", help="join code people type (one per table)")
    parser.add_argument("--lang", choices=languages(), default="en", help="language of the instructions (default en)")
    parser.add_argument("--paper", choices=("a4", "letter", "a3"), default="a4", help="sheet size (default a4)")
    print_shop_args.add_arguments(parser)
    parser.set_defaults(func=run)


def pair_tables(tables: list[str], urls: list[str], codes: list[str]) -> list[tuple[str, str, str | None]]:
    """Match names, URLs and codes; ``ValueError`` says what counts were expected."""
    if len(urls) == 1 and "{table}" in urls[0]:
        urls = [urls[0].replace("{table}", quote(name)) for name in tables]
    elif len(urls) == 1 and len(tables) > 1:
        raise ValueError(
            f"expected one --join-url per --table ({len(tables)}) or one URL containing {{table}}, got {urls[0]!r}"
        )
    if len(urls) != len(tables):
        raise ValueError(f"expected {len(tables)} --join-url values (one per --table), got {len(urls)}")
    if codes and len(codes) != len(tables):
        raise ValueError(f"expected {len(tables)} --code values (one per --table) or none, got {len(codes)}")
    return [(name, url, codes[i] if codes else None) for i, (name, url) in enumerate(zip(tables, urls, strict=True))]


def run(args: argparse.Namespace) -> int:
    from printables.poster import PosterTable, build_posters
    from printables.print_shop import PRINT_SHOP_BLEED_MM

    tables = [PosterTable(name, url, code) for name, url, code in pair_tables(args.table, args.join_url, args.code)]
    bleed = PRINT_SHOP_BLEED_MM if args.print_shop else 0.0
    data = build_posters(tables, args.lang, args.paper, bleed)
    args.output.write_bytes(print_shop_args.convert(data, f"PCED join posters ({args.lang})", args))
    shop = f", PDF/X-1a with {bleed:g} mm bleed" if args.print_shop else ""
    print(f"wrote {args.output}: {len(tables)} poster(s){shop}")
    return 0
