"""Retention reviews: disposal decisions (append-only) and legal holds.

Revision ID: 0005_retention
Revises: 0004_care_records
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import microoffice.core.db.types
from microoffice.core.db.triggers import APPEND_ONLY_0005, drop_statements, trigger_statements

revision = "0005_retention"
down_revision = "0004_care_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disposal",
        sa.Column("record_class", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("review_again_on", sa.Date(), nullable=True),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", microoffice.core.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposal")),
    )
    op.create_table(
        "legal_hold",
        sa.Column("subject", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_on", sa.Date(), nullable=False),
        sa.Column("lifted_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", microoffice.core.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", microoffice.core.db.types.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_hold")),
    )
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_0005:
        for statement in trigger_statements(table, dialect):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_0005:
        for statement in drop_statements(table, dialect):
            op.execute(statement)
    op.drop_table("legal_hold")
    op.drop_table("disposal")
