"""A workshop's assumptions: the facilitator's parameter values for every assessment.

``workshops.assumptions`` holds JSON ``{parameter: value}`` (names and bounds of
:mod:`game_rules.params`, checked by ``validate_overrides`` before they are stored), e.g. the
market prices ``p2p.fee_eur_per_kwh`` or ``flex.utilisation_eur_per_kwh``; NULL: the defaults.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("assumptions", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("assumptions")
