"""Statements of terms and fees (CQC Reg 19, 2009): what a person who pays was given in writing,
when, to whom and how, with the PDF as given; append-only like the other records.

Revision ID: 0007_fee_statements
Revises: 0006_growth
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_fee_statements"
down_revision = "0006_growth"
branch_labels = None
depends_on = None


# The statements this migration runs, written out as they were when it was made (from
# core/db/triggers.py at the time): a migration never imports live code, so editing the guards
# later cannot change what an old migration does.
GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS trg_fee_statement_no_update BEFORE UPDATE ON fee_statement BEGIN SELECT RAISE(ABORT, 'fee_statement is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_fee_statement_no_delete BEFORE DELETE ON fee_statement BEGIN SELECT RAISE(ABORT, 'fee_statement is append-only: records are never deleted'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_fee_statement_append_only BEFORE UPDATE OR DELETE ON fee_statement FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
    ),
}

DROP_GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS trg_fee_statement_no_update",
        "DROP TRIGGER IF EXISTS trg_fee_statement_no_delete",
    ),
    "postgresql": ("DROP TRIGGER IF EXISTS trg_fee_statement_append_only ON fee_statement",),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in statements["postgresql" if dialect == "postgresql" else "sqlite"]:
        op.execute(statement)


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
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_fee_statement_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_statement")),
        sa.UniqueConstraint("client_id", "version_number", name=op.f("uq_fee_statement_client_id")),
    )
    with op.batch_alter_table("fee_statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fee_statement_client_id"), ["client_id"], unique=False)

    _run(GUARDS)


def downgrade() -> None:
    _run(DROP_GUARDS)
    op.drop_table("fee_statement")
