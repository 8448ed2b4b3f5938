"""Statements of terms and fees (CQC Reg 19, 2009): what a person who pays was given in writing,
when, to whom and how, with the PDF as given; append-only like the other records.

Revision ID: 0007_fee_statements
Revises: 0006_growth
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import microoffice.core.db.types
from microoffice.core.db.triggers import APPEND_ONLY_0007, drop_statements, trigger_statements

revision = "0007_fee_statements"
down_revision = "0006_growth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fee_statement",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("given_to", sa.String(length=200), nullable=False),
        sa.Column("how", sa.String(length=12), nullable=False),
        sa.Column("funding_ids", sa.JSON(), nullable=False),
        sa.Column("rate_cards", sa.JSON(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", microoffice.core.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_fee_statement_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_statement")),
        sa.UniqueConstraint("client_id", "version_number", name=op.f("uq_fee_statement_client_id")),
    )
    with op.batch_alter_table("fee_statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fee_statement_client_id"), ["client_id"], unique=False)

    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_0007:
        for statement in trigger_statements(table, dialect):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY_0007:
        for statement in drop_statements(table, dialect):
            op.execute(statement)
    op.drop_table("fee_statement")
