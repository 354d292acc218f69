"""A workshop's own district file.

``workshops.district_file`` holds the YAML text of a district file uploaded when the workshop was
created (checked like ``assembler district check``; at most 64 kB); NULL for a built-in district,
named by ``workshops.district``. For an uploaded district ``workshops.district`` holds the file's
own ``id``, shown to people; the text is what the assessments read.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("district_file", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("district_file")
