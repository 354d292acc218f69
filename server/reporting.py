"""Reports from the server's database: read a table's log, then the pure report content.

Reads a table (or every table of a workshop) from :class:`server.store.Store`, rebuilds its state
from the log (``Store.load_table``) and hands it to :mod:`printables.report.content`, which
assesses and converts. Synchronous, I/O-bound on the store plus CPU for the assessment; the HTTP
routes run it in a worker thread, the CLI's ``report`` calls it directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cards.deck import Deck
from cards.model import Slot
from printables.report import model as rm
from printables.report.content import (
    AssessKey,
    Played,
    ReportError,
    ReportOptions,
    assess_table,
    table_report,
    workshop_report,
)
from server.store import Store, TableRow, WorkshopRow

if TYPE_CHECKING:
    from game_rules.results import Assessment, Replication

__all__ = ["ReportError", "ReportOptions", "load_table_report", "load_workshop_report", "play_table", "table_hourly_csv"]


def play_table(store: Store, row: TableRow, workshop: WorkshopRow, deck: Deck, options: ReportOptions,
               assessed: dict[AssessKey, tuple[Replication, Assessment]] | None = None) -> Played:
    """Rebuild ``row``'s table from the log and assess it (see ``content.assess_table``)."""
    table = store.load_table(row.id)
    events = store.events_after(row.id, 0)
    return assess_table(row, table, events, workshop, deck, options, assessed)


def _workshop(store: Store, workshop_id: str) -> WorkshopRow:
    workshop = store.workshop(workshop_id)
    if workshop is None:
        raise ReportError(f"expected the id of a workshop in this database, got {workshop_id!r}")
    return workshop


def load_table_report(store: Store, table_id: str, deck: Deck, options: ReportOptions | None = None) -> rm.TableReport:
    """Read, replay, assess and convert one table (``ReportError`` for an unknown id)."""
    options = options or ReportOptions()
    row = store.table(table_id)
    if row is None:
        raise ReportError(f"expected the id of a table in this database, got {table_id!r}")
    workshop = _workshop(store, row.workshop_id)
    return table_report(play_table(store, row, workshop, deck, options), workshop, deck, options)


def load_workshop_report(store: Store, workshop_id: str, deck: Deck,
                         options: ReportOptions | None = None) -> rm.WorkshopReport:
    """Every table of a workshop, their comparison, in the workshop's language unless asked
    (``ReportError`` for an unknown id)."""
    options = options or ReportOptions()
    workshop = _workshop(store, workshop_id)
    assessed: dict[AssessKey, tuple[Replication, Assessment]] = {}
    played = [play_table(store, row, workshop, deck, options, assessed) for row in store.workshop_tables(workshop_id)]
    return workshop_report(workshop, played, deck, options)


def table_hourly_csv(store: Store, table_id: str, deck: Deck) -> str:
    """The hourly CSV (:mod:`printables.report.hourly`) of one stored table's final board in its
    workshop's district (``ReportError`` for an unknown id)."""
    from game_rules import TableModel, load_district
    from printables.report.hourly import hourly_csv

    row = store.table(table_id)
    if row is None:
        raise ReportError(f"expected the id of a table in this database, got {table_id!r}")
    workshop = _workshop(store, row.workshop_id)
    table = store.load_table(row.id)
    slots: dict[Slot, tuple[str, ...]] = {s: ids for s, ids in table.board().items() if s is not Slot.SCENARIO}
    model = TableModel(slots=slots, roles=table.role_cards())
    return hourly_csv(model, load_district(workshop.district), deck)
