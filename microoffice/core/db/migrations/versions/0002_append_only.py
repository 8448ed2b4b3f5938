"""Append-only guards: triggers that refuse UPDATE and DELETE on records that must never change.

Revision ID: 0002_append_only
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

from microoffice.core.db.triggers import APPEND_ONLY_0002 as APPEND_ONLY_TABLES
from microoffice.core.db.triggers import drop_statements, trigger_statements

revision = "0002_append_only"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        for statement in trigger_statements(table, dialect):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_TABLES:
        for statement in drop_statements(table, dialect):
            op.execute(statement)
