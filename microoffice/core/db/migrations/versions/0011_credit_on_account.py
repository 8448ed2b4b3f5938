"""Credit on account: refunds of money a payer paid that no invoice used, and a mark on the
allocations that took credit off an invoice when it was issued ("Less credit on account").

Frozen: the DDL is copied here, nothing is imported from the application. Instants are stored as
naive UTC DATETIME, as the application's UTCDateTime column type does.

Revision ID: 0011_credit_on_account
Revises: 0010_plan_end_times
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_credit_on_account"
down_revision = "0010_plan_end_times"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refund",
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("refunded_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_refund_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund")),
    )
    op.create_index(op.f("ix_refund_payment_id"), "refund", ["payment_id"], unique=False)
    # a plain ADD COLUMN (no table rebuild): existing allocations were all payments, not credit
    op.add_column(
        "payment_allocation",
        sa.Column("credit_at_issue", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("payment_allocation", schema=None) as batch_op:
        batch_op.drop_column("credit_at_issue")
    op.drop_index(op.f("ix_refund_payment_id"), table_name="refund")
    op.drop_table("refund")
