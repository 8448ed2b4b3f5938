"""Issued invoices kept as issued: the stored PDF table and the triggers that freeze invoices.

Revision ID: 0003_invoice_guards
Revises: 0002_append_only
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import microoffice.core.db.types
from microoffice.core.db.invoice_triggers import drop_statements, statements

revision = "0003_invoice_guards"
down_revision = "0002_append_only"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invoice_document",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", microoffice.core.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_invoice_document_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_document")),
        sa.UniqueConstraint("invoice_id", name=op.f("uq_invoice_document_invoice_id")),
    )
    for statement in statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("invoice_document")
