"""Alembic environment: always runs on a connection the app hands in (never its own engine)."""

from __future__ import annotations

from alembic import context

from microoffice.core.db.base import Base
from microoffice.core.db.database import _ensure_models

_ensure_models()
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("microoffice migrations run through microoffice.core.db.migrate only")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
