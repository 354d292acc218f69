"""The ``assembler`` command: one entry point, one module per subcommand.

Each module in this package defines ``register(subparsers)`` (adds its parser and sets
``func``) and keeps heavy imports inside the function it runs, so ``assembler --help`` stays fast.
Errors that users cause (a bad file, a wrong option) become one line on stderr and exit code 2;
no traceback reaches a facilitator.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Subcommand modules, in the order ``--help`` lists them. A module missing from a checkout
#: (a part not built yet) is skipped rather than breaking the whole command.
COMMAND_MODULES = (
    "serve",
    "cards_cmd",
    "deck_cmd",
    "mat_cmd",
    "poster_cmd",
    "scan_cmd",
    "assess_cmd",
    "district_cmd",
    "report_cmd",
)


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assembler",
        description=(
            "PCED Business Model Assembler: print the card deck, run live workshop tables, "
            "assess a district's business model and export the outcome reports."
        ),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"server.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"server.cli.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from cards.errors import DeckError, PayloadError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        result = args.func(args)
    except (UserError, DeckError, PayloadError, FileNotFoundError, ValueError) as exc:
        print(f"assembler {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `assembler cards | head`): not an error worth a traceback.
        sys.stderr.close()
        return 0
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
