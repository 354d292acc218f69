"""``assembler report``: a table's or a workshop's outcome report from the server's database.

    assembler report --table t_abc -o table.pdf
    assembler report --workshop w_xyz -o workshop.pdf --lang fr
    assembler report --table t_abc --format csv --csv risks -o risks.csv
    assembler report --workshop w_xyz --format json -o workshop.json

Reads the same database as ``assembler serve`` (``--database-url``, env ``DATABASE_URL``,
default ``sqlite:///assembler.sqlite``); needs no running server.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from catalogs import languages

if TYPE_CHECKING:
    from cards.deck import Deck
    from server.store import Store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a table's or a workshop's outcome report (PDF, JSON or CSV)",
        description="Write the outcome report of a played table or a whole workshop, read from the "
                    "server's database: PDF for the city, JSON and CSV for analysts.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--table", metavar="ID", help="a table id (see the facilitator console)")
    which.add_argument("--workshop", metavar="ID", help="a workshop id")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write ('-' for stdout, not for PDF)")
    parser.add_argument("--lang", choices=languages(), default=None, help="language (default: the workshop's)")
    parser.add_argument("--format", choices=("pdf", "json", "csv"), default="pdf", help="output format (default pdf)")
    parser.add_argument("--csv", choices=("flows", "risks", "kpis"), default="kpis",
                        help="which table --format csv writes (default kpis; tables only)")
    parser.add_argument("--nicknames", action="store_true", help="print participants' nicknames (off by default)")
    parser.add_argument("--weights", default=None, metavar="K:W,…",
                        help="comparison criteria and weights, e.g. self_sufficiency:0.5,co2_reduction:0.5 "
                             "(workshops; default: those the facilitator set in the console, else the engine's)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="sqlite:///path or postgresql://user@host/db (default: sqlite:///assembler.sqlite; env DATABASE_URL)")
    parser.add_argument("--deck", default=os.environ.get("ASSEMBLER_DECK_DIR"), metavar="DIR",
                        help="the deck directory the server used (default: the shipped deck; env ASSEMBLER_DECK_DIR)")
    parser.set_defaults(func=run)


def _deck(directory: str | None) -> Deck:
    from cards.deck import default_deck, load_deck

    return load_deck(Path(directory), check_counts=False) if directory else default_deck()


def _stored_weights(store: Store, workshop_id: str) -> dict[str, float] | None:
    """The facilitator's comparison weights; None when unset or the database predates them."""
    from sqlalchemy.exc import DBAPIError

    try:
        return store.comparison_weights(workshop_id)
    except DBAPIError:  # schema before migration 0002 (no server of this version ran on it yet)
        return None


def build(args: argparse.Namespace) -> bytes:
    """The requested output as bytes (PDF, UTF-8 JSON or CSV)."""
    from printables.report import render_table_report, render_workshop_report
    from printables.report.exports import report_json, table_csv
    from server.cli import UserError
    from server.exports import parse_weights
    from server.reporting import (
        ReportOptions,
        default_processes,
        load_table_report,
        load_workshop_report,
    )
    from server.store import DEFAULT_SQLITE, Store

    if args.format == "csv" and args.workshop:
        raise UserError("expected --table with --format csv (CSV exports are per table), got --workshop")
    if args.format == "pdf" and args.output == "-":
        raise UserError("expected a file name for a PDF (-o report.pdf), got '-'")
    try:
        weights = parse_weights(args.weights)
    except ValueError as exc:
        raise UserError(f"--weights: {exc}") from None
    store = Store(args.database_url or DEFAULT_SQLITE)
    try:
        if weights is None and args.workshop:
            weights = _stored_weights(store, args.workshop)
        options = ReportOptions(lang=args.lang, nicknames=args.nicknames, weights=weights)
        deck = _deck(args.deck)
        if args.table:
            table = load_table_report(store, args.table, deck, options)
            if args.format == "pdf":
                return render_table_report(table)
            if args.format == "csv":
                return table_csv(table, args.csv, table.meta.lang).encode()
            return report_json(table).encode()
        workshop = load_workshop_report(store, args.workshop, deck, options, processes=default_processes())
        return render_workshop_report(workshop) if args.format == "pdf" else report_json(workshop).encode()
    finally:
        store.dispose()


def run(args: argparse.Namespace) -> int:
    data = build(args)
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
        print(f"wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
    return 0
