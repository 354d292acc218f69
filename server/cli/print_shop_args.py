"""``--print-shop`` for ``assembler deck``, ``mat`` and ``poster``: the same three options, one conversion.

Not a subcommand (it has no ``register``): the three commands call :func:`add_arguments` on their
parser and :func:`convert` on the PDF they built (see printables/print_shop.py, docs/printing.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--print-shop``, ``--output-profile`` and ``--output-condition`` to ``parser``."""
    parser.add_argument("--print-shop", action="store_true",
                        help="CMYK PDF/X-1a:2001 with an output intent, trim and bleed boxes, for a print shop "
                             "(needs Ghostscript); default: RGB for office printers")
    parser.add_argument("--output-profile", type=Path, default=None, metavar="ICC",
                        help="the print shop's CMYK ICC output profile (default: Ghostscript's default_cmyk.icc)")
    parser.add_argument("--output-condition", default="Custom", metavar="NAME",
                        help="registered printing condition of that profile, e.g. FOGRA39 (default: Custom)")


def convert(data: bytes, title: str, args: argparse.Namespace) -> bytes:
    """``data`` as the print shop's PDF/X-1a when ``--print-shop`` was given, else unchanged.

    :raises UserError: naming what was expected when Ghostscript or the profile is missing or
        wrong, or when ``--output-profile``/``--output-condition`` come without ``--print-shop``.
    """
    from server.cli import UserError

    if not args.print_shop:
        if args.output_profile is not None or args.output_condition != "Custom":
            raise UserError("expected --print-shop with --output-profile/--output-condition, got them without it")
        return data
    from printables.print_shop import (
        PrintShopError,
        default_condition,
        output_condition,
        to_print_shop,
    )

    try:
        if args.output_profile is not None:
            condition = output_condition(args.output_profile, args.output_condition)
        elif args.output_condition != "Custom":
            raise UserError(f"expected --output-profile with the ICC profile of {args.output_condition!r}, got none "
                            "(Ghostscript's generic profile is not that condition)")
        else:
            condition = default_condition()
        return to_print_shop(data, title, condition)
    except PrintShopError as exc:
        raise UserError(str(exc)) from None
