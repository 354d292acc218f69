"""Alembic environment: runs on the connection :func:`server.migrations.upgrade` passes in."""

from __future__ import annotations

from alembic import context

from server.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("expected server.migrations.upgrade() to pass a connection; run the server to migrate")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
