"""Tables the facilitator closes during a workshop.

``tables.closed`` is true for a table the facilitator closed: nobody joins it any more, workshop-wide
commands and the room projector skip it; its log and its reports stay. Tables added during a
workshop are ordinary rows (the next number, a new join code).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite rebuilds the table where it must; PostgreSQL gets a plain ALTER TABLE.
    with op.batch_alter_table("tables") as batch:
        batch.add_column(sa.Column("closed", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("tables") as batch:
        batch.drop_column("closed")
