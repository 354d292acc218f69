"""Alembic migrations, shipped inside the package so an installed ``assembler`` finds them.

:func:`upgrade` runs on every server start. On PostgreSQL it holds an advisory lock, so several
workers starting at once migrate one after the other (the later ones find nothing to do).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent
_ADVISORY_LOCK_KEY = 0x50434544  # "PCED"


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at this package, without any alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind ``engine`` to ``revision``."""
    config = alembic_config(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
