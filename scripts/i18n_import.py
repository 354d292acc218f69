#!/usr/bin/env python3
"""Merge old-style translations of another checkout into the PO catalogs.

Usage (docs/translating.md)::

    python scripts/i18n_import.py /path/to/other/checkout            # add what is missing
    python scripts/i18n_import.py /path/to/other/checkout --update   # also take changed texts
    python scripts/i18n_import.py --dry-run /path/to/checkout        # only say what it would do

Reads ``game_rules/texts.py``, ``printables/i18n.py``, ``printables/report/i18n.py``,
``clients/i18n/*.json`` and ``cards/deck/*.yaml`` of that checkout in their old style (tuples in
en, fr, de order; JSON per language; card texts in the YAML) and merges every key the catalogs
under ``catalogs/locale`` lack (see :mod:`catalogs.migrate`). Exit status 0 on success, 2 when the
checkout holds none of those files.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalogs import LOCALE_DIR
from catalogs.migrate import merge, read_old_sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="root of the checkout whose old-style texts to read")
    parser.add_argument("--catalogs", type=Path, default=LOCALE_DIR, help="catalog tree to merge into")
    parser.add_argument("--update", action="store_true", help="also replace texts that differ")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    parser.add_argument("--rewrite-data", action="store_true",
                        help="also rewrite that checkout's deck and district YAML to catalog references")
    args = parser.parse_args(argv)
    if not args.checkout.is_dir():
        print(f"expected a directory (a checkout of the project), got {args.checkout}", file=sys.stderr)
        return 2
    found = read_old_sources(args.checkout, rewrite=args.rewrite_data and not args.dry_run)
    if not any(found.texts.values()):
        print(f"expected old-style texts (game_rules/texts.py, clients/i18n/*.json, ...) under {args.checkout}, "
              "found none", file=sys.stderr)
        return 2
    target = args.catalogs
    if args.dry_run:
        scratch = Path(tempfile.mkdtemp(prefix="i18n-dry-"))
        shutil.copytree(args.catalogs, scratch, dirs_exist_ok=True)
        target = scratch
    report = merge(found, root=target, update=args.update)
    for line in found.notes:
        print(f"note: {line}")
    for line in report.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
