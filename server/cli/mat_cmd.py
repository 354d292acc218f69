"""``assembler mat``: the table mat with its slots and ArUco corner markers."""

from __future__ import annotations

import argparse
from pathlib import Path

from catalogs import languages


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "mat",
        help="print the table mat (A3, or two A4 sheets to tape together)",
        description="Build the table mat: board slots with guidance and four ArUco markers.",
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help="PDF file to write")
    parser.add_argument("--paper", choices=("a3", "a4x2"), default="a3", help="one A3 sheet or two A4 sheets (default a3)")
    parser.add_argument("--lang", choices=languages(), default="en", help="language of the labels (default en)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from printables.mat import build_mat

    result = build_mat(args.lang, args.paper)
    args.output.write_bytes(result.pdf_bytes)
    print(f"wrote {args.output}: {len(result.sheets)} page(s), {args.paper}")
    return 0
