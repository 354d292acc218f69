"""Persistence: workshops, tables, tokens, the per-table event log and snapshots.

SQLAlchemy Core statements over the SQLModel schema (``server/models.py``), on SQLite (WAL, the embedded default: ``assembler.sqlite`` in the working
directory) or PostgreSQL (``DATABASE_URL``, driver psycopg 3). The log is the source of truth:
``events`` has ``UNIQUE(table_id, seq)`` (two workers appending the same seq: one wins, the other
rebuilds its state from the log and retries) and ``UNIQUE(table_id, cmd_id)`` (a retried command
finds its first answer). Every method is synchronous and short; the app runs them in threads.

Durability: SQLite runs with ``synchronous=NORMAL`` in WAL mode, so a committed play survives the
server process being killed (the WAL is in the OS's page cache); a power cut may lose the last
commits. PostgreSQL commits are durable by its own settings.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from pydantic import TypeAdapter
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from game_rules.play import AnyEvent, Event, Table, fold, replay
from server.models import (
    EventRecord,
    SnapshotRecord,
    TableRecord,
    TokenRecord,
    WorkshopRecord,
    table_of,
)

DEFAULT_SQLITE = "sqlite:///assembler.sqlite"
SNAPSHOT_EVERY = 200
"""Events between snapshots [events]: rebuilding a table reads at most this many events."""

EVENT_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(Event)
# The schema is declared once, as SQLModel classes (server/models.py); Core statements use
# their tables.
workshops = table_of(WorkshopRecord)
tables = table_of(TableRecord)
tokens = table_of(TokenRecord)
events = table_of(EventRecord)
snapshots = table_of(SnapshotRecord)


class SeqConflictError(Exception):
    """Another writer appended this seq first; rebuild from the log and decide again."""


class DuplicateCommandError(Exception):
    """The command id is already in the log, at ``seq``."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"command already in the log at seq {seq}")
        self.seq = seq


@dataclass(frozen=True)
class WorkshopRow:
    id: str
    name: str
    lang: str
    district: str
    is_open: bool
    district_file: str | None = None
    """YAML text of the workshop's uploaded district (``district`` is then its id); None: built-in."""
    assumptions: tuple[tuple[str, float], ...] = ()
    """The facilitator's parameter values for every assessment of the workshop, by name; (): none."""


def _assumptions(text: str | None) -> tuple[tuple[str, float], ...]:
    """The stored JSON of ``workshops.assumptions`` as sorted (name, value) pairs."""
    return tuple(sorted((str(k), float(v)) for k, v in json.loads(text).items())) if text else ()


@dataclass(frozen=True)
class TableRow:
    id: str
    workshop_id: str
    number: int
    name: str
    join_code: str
    closed: bool = False


@dataclass(frozen=True)
class TokenRow:
    kind: str
    workshop_id: str
    table_id: str | None
    seat_id: str | None


def normalise_url(url: str) -> str:
    """Accept ``postgres://`` and ``postgresql://`` and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if url.startswith(("sqlite:", "postgresql+psycopg:")):
        return url
    raise ValueError(f"expected a sqlite:/// or postgresql:// database URL, got {url.split('@')[-1]!r}")


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    """The database behind one server process (thread-safe: one connection per call)."""

    def __init__(self, url: str = DEFAULT_SQLITE) -> None:
        self.url = normalise_url(url)
        self.dialect = "sqlite" if self.url.startswith("sqlite") else "postgresql"
        self.engine: Engine = self._make_engine()

    def _make_engine(self) -> Engine:
        if self.dialect == "sqlite":
            engine = sa.create_engine(self.url, connect_args={"check_same_thread": False, "timeout": 10})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return sa.create_engine(self.url, pool_size=8, max_overflow=4, pool_pre_ping=True)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # ------------------------------------------------------------------ migrations

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (safe with several workers on PG)."""
        from server.migrations import upgrade

        if self.dialect == "sqlite":
            path = self.url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        upgrade(self.engine)

    # ------------------------------------------------------------------ workshops

    def create_workshop(self, workshop: WorkshopRow, table_rows: list[TableRow], token_rows: dict[str, TokenRow]) -> None:
        now = time.time()
        with self._tx() as conn:
            conn.execute(workshops.insert().values(
                id=workshop.id, name=workshop.name, lang=workshop.lang, district=workshop.district,
                is_open=workshop.is_open, created_at=now, district_file=workshop.district_file))
            for row in table_rows:
                conn.execute(tables.insert().values(
                    id=row.id, workshop_id=row.workshop_id, number=row.number, name=row.name,
                    join_code=row.join_code))
            for token_hash, tok in token_rows.items():
                self._insert_token(conn, token_hash, tok, now)

    def add_table(self, row: TableRow, token_rows: dict[str, TokenRow]) -> None:
        """Add one table (and its projector token) to an existing workshop."""
        now = time.time()
        with self._tx() as conn:
            conn.execute(tables.insert().values(
                id=row.id, workshop_id=row.workshop_id, number=row.number, name=row.name, join_code=row.join_code))
            for token_hash, tok in token_rows.items():
                self._insert_token(conn, token_hash, tok, now)

    def set_table_closed(self, table_id: str, closed: bool) -> None:
        with self._tx() as conn:
            conn.execute(tables.update().where(tables.c.id == table_id).values(closed=closed))

    def code_in_use(self, code: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(tables.c.id).where(tables.c.join_code == code)).first() is not None

    def _insert_token(self, conn: Connection, token_hash: str, tok: TokenRow, now: float) -> None:
        conn.execute(tokens.insert().values(
            token_hash=token_hash, kind=tok.kind, workshop_id=tok.workshop_id, table_id=tok.table_id,
            seat_id=tok.seat_id, created_at=now))

    def add_token(self, token_hash: str, tok: TokenRow) -> None:
        with self._tx() as conn:
            self._insert_token(conn, token_hash, tok, time.time())

    def token(self, token_hash: str) -> TokenRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(tokens).where(tokens.c.token_hash == token_hash)).first()
        if row is None:
            return None
        return TokenRow(kind=row.kind, workshop_id=row.workshop_id, table_id=row.table_id, seat_id=row.seat_id)

    def revoke_seat(self, table_id: str, seat_id: str, kind: str = "revoked") -> None:
        """Revoke every participant token of ``seat_id`` at ``table_id`` (a kick): ``kind`` is
        ``revoked``, or ``readmitted`` when the facilitator let the seat join again at once."""
        with self._tx() as conn:
            conn.execute(tokens.update().where(tokens.c.table_id == table_id, tokens.c.seat_id == seat_id,
                                               tokens.c.kind == "participant").values(kind=kind))

    def set_seat_token_kind(self, table_id: str, seat_id: str, old: str, new: str) -> int:
        """Change the kind of ``seat_id``'s tokens at ``table_id`` from ``old`` to ``new``; the count."""
        with self._tx() as conn:
            return int(conn.execute(tokens.update().where(
                tokens.c.table_id == table_id, tokens.c.seat_id == seat_id, tokens.c.kind == old).values(kind=new)).rowcount)

    def workshop(self, workshop_id: str) -> WorkshopRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(workshops).where(workshops.c.id == workshop_id)).first()
        if row is None:
            return None
        return WorkshopRow(id=row.id, name=row.name, lang=row.lang, district=row.district, is_open=row.is_open,
                           district_file=row.district_file, assumptions=_assumptions(row.assumptions))

    def set_open(self, workshop_id: str, is_open: bool) -> None:
        with self._tx() as conn:
            conn.execute(workshops.update().where(workshops.c.id == workshop_id).values(is_open=is_open))

    def comparison_weights(self, workshop_id: str) -> dict[str, float] | None:
        """The facilitator's comparison weights (KPI key -> weight), or None for the defaults."""
        with self.engine.connect() as conn:
            text = conn.execute(sa.select(workshops.c.comparison_weights).where(workshops.c.id == workshop_id)).scalar()
        if not text:
            return None
        return {str(k): float(v) for k, v in json.loads(text).items()}

    def set_comparison_weights(self, workshop_id: str, weights: dict[str, float] | None) -> None:
        """Store the facilitator's (already validated) weights; None restores the defaults."""
        body = None if weights is None else json.dumps(weights, sort_keys=True)
        with self._tx() as conn:
            found = conn.execute(workshops.update().where(workshops.c.id == workshop_id)
                                 .values(comparison_weights=body)).rowcount
        if not found:
            raise KeyError(f"expected the id of a workshop in this database, got {workshop_id!r}")

    def set_assumptions(self, workshop_id: str, values: dict[str, float] | None) -> None:
        """Store the facilitator's (already validated, ``game_rules.params.validate_overrides``)
        parameter values; None or {} restores the defaults. ``KeyError`` for an unknown workshop."""
        body = json.dumps(values, sort_keys=True) if values else None
        with self._tx() as conn:
            found = conn.execute(workshops.update().where(workshops.c.id == workshop_id).values(assumptions=body)).rowcount
        if not found:
            raise KeyError(f"expected the id of a workshop in this database, got {workshop_id!r}")

    def workshop_tables(self, workshop_id: str) -> list[TableRow]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(tables).where(tables.c.workshop_id == workshop_id).order_by(tables.c.number)).all()
        return [TableRow(id=r.id, workshop_id=r.workshop_id, number=r.number, name=r.name, join_code=r.join_code, closed=r.closed) for r in rows]

    def table(self, table_id: str) -> TableRow | None:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(tables).where(tables.c.id == table_id)).first()
        return None if r is None else TableRow(id=r.id, workshop_id=r.workshop_id, number=r.number, name=r.name, join_code=r.join_code, closed=r.closed)

    def table_by_code(self, code: str) -> TableRow | None:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(tables).where(tables.c.join_code == code)).first()
        return None if r is None else TableRow(id=r.id, workshop_id=r.workshop_id, number=r.number, name=r.name, join_code=r.join_code, closed=r.closed)

    def workshop_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r.id for r in conn.execute(sa.select(workshops.c.id).order_by(workshops.c.created_at))]

    # ------------------------------------------------------------------ the log

    def append(self, table_id: str, new_events: tuple[AnyEvent, ...]) -> None:
        """Append events in one transaction, committed on return.

        Raises :class:`DuplicateCommandError` when a command id is already logged and
        :class:`SeqConflictError` when another writer took the seq.
        """
        rows = [{"table_id": table_id, "seq": e.seq, "cmd_id": e.cmd_id, "type": e.type, "at": e.at,
                 "body": e.model_dump_json()} for e in new_events]
        try:
            with self._tx() as conn:
                conn.execute(events.insert(), rows)
        except IntegrityError:
            seq = self.seq_of_command(table_id, new_events[0].cmd_id)
            if seq is not None:
                raise DuplicateCommandError(seq) from None
            raise SeqConflictError(f"seq {new_events[0].seq} of table {table_id} was taken") from None

    def seq_of_command(self, table_id: str, cmd_id: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(events.c.seq).where(
                events.c.table_id == table_id, events.c.cmd_id == cmd_id)).scalar()

    def events_after(self, table_id: str, after: int, limit: int | None = None) -> list[AnyEvent]:
        query = sa.select(events.c.body).where(events.c.table_id == table_id, events.c.seq > after).order_by(events.c.seq)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            bodies = conn.execute(query).scalars().all()
        return [EVENT_ADAPTER.validate_json(b) for b in bodies]

    def last_seq(self, table_id: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(events.c.seq), 0)).where(events.c.table_id == table_id)).scalar() or 0)

    def save_snapshot(self, table_id: str, table: Table) -> None:
        try:
            with self._tx() as conn:
                conn.execute(snapshots.insert().values(table_id=table_id, seq=table.seq, body=table.model_dump_json()))
        except IntegrityError:
            pass  # another worker saved the same seq: identical content, nothing to do

    def load_table(self, table_id: str) -> Table:
        """The table's state: the newest snapshot plus the events after it."""
        with self.engine.connect() as conn:
            body = conn.execute(sa.select(snapshots.c.body).where(snapshots.c.table_id == table_id)
                                .order_by(snapshots.c.seq.desc()).limit(1)).scalar()
        start = Table.model_validate_json(body) if body else None
        return replay(self.events_after(table_id, start.seq if start else 0), start)

    def catch_up(self, table_id: str, table: Table) -> Table:
        """Fold into ``table`` (in place) whatever the log holds after ``table.seq``."""
        for event in self.events_after(table_id, table.seq):
            fold(table, event)
        return table
