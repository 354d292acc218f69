"""The database schema as typed SQLModel classes: one class per table, one place.

The store (``server/store.py``) queries these tables with SQLAlchemy Core statements, and
Alembic's migrations (``server/migrations``) create and change them; both read the schema from
here, so a column is declared once. The classes are records of the log and its indexes, not the
game's domain objects (those are in ``game_rules/play/``).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class WorkshopRecord(SQLModel, table=True):
    """One workshop: its language, district and whether joining is open."""

    __tablename__ = "workshops"

    id: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    name: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    lang: str = Field(sa_column=sa.Column(sa.String(2), nullable=False))
    district: str = Field(sa_column=sa.Column(sa.String(60), nullable=False))
    is_open: bool = Field(sa_column=sa.Column(sa.Boolean, nullable=False))
    created_at: float = Field(sa_column=sa.Column(sa.Float, nullable=False))
    # JSON {KPI key: weight} chosen by the facilitator; NULL: the engine's DEFAULT_WEIGHTS (0002).
    comparison_weights: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    # YAML text of the district file uploaded with the workshop; NULL: a built-in district (0004).
    district_file: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    # JSON {parameter: value} the facilitator set for every assessment of the workshop; NULL: none (0005).
    assumptions: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))


class TableRecord(SQLModel, table=True):
    """One table of a workshop, with the join code printed on its poster."""

    __tablename__ = "tables"

    id: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    workshop_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("workshops.id"), nullable=False, index=True)
    )
    number: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    join_code: str = Field(sa_column=sa.Column(sa.String(12), nullable=False, unique=True))
    # Closed by the facilitator during the workshop: no joins, skipped by workshop commands (0003).
    closed: bool = Field(default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false()))


class TokenRecord(SQLModel, table=True):
    """A secret link's hash (never the token itself) and what it opens."""

    __tablename__ = "tokens"

    token_hash: str = Field(sa_column=sa.Column(sa.String(64), primary_key=True))
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    workshop_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("workshops.id"), nullable=False)
    )
    table_id: str | None = Field(default=None, sa_column=sa.Column(sa.String(32), nullable=True))
    seat_id: str | None = Field(default=None, sa_column=sa.Column(sa.String(40), nullable=True))
    created_at: float = Field(sa_column=sa.Column(sa.Float, nullable=False))


class EventRecord(SQLModel, table=True):
    """One event of a table's log.

    ``UNIQUE(table_id, seq)``: two workers appending the same seq, one wins and the other
    rebuilds from the log. ``UNIQUE(table_id, cmd_id)``: a retried command finds its first answer.
    """

    __tablename__ = "events"
    __table_args__ = (
        sa.UniqueConstraint("table_id", "seq", name="uq_events_table_seq"),
        sa.UniqueConstraint("table_id", "cmd_id", name="uq_events_table_cmd"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, primary_key=True, autoincrement=True))
    table_id: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    seq: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    cmd_id: str = Field(sa_column=sa.Column(sa.String(80), nullable=False))
    type: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    at: float = Field(sa_column=sa.Column(sa.Float, nullable=False))
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))


class SnapshotRecord(SQLModel, table=True):
    """A folded table state at ``seq``, so a rebuild reads at most a few hundred events."""

    __tablename__ = "snapshots"

    table_id: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    seq: int = Field(sa_column=sa.Column(sa.Integer, primary_key=True))
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))


def table_of(model: type[SQLModel]) -> sa.Table:
    """The SQLAlchemy ``Table`` behind a SQLModel class, for Core statements."""
    table = getattr(model, "__table__", None)
    if not isinstance(table, sa.Table):
        raise TypeError(f"expected a SQLModel class with table=True, got {model.__name__}")
    return table


metadata = SQLModel.metadata
