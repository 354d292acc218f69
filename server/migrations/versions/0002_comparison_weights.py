"""Workshop setting: the comparison criteria and weights the facilitator chose.

``workshops.comparison_weights`` holds a JSON object ``{KPI key: weight}`` (only weights above
0), or NULL for the rules engine's ``DEFAULT_WEIGHTS``. The workshop report ranks its tables on
these unless a reader overrides them (``?weights=`` / ``--weights``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite rebuilds the table where it must; PostgreSQL gets a plain ALTER TABLE.
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("comparison_weights", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("comparison_weights")
