"""Retention reviews: disposal decisions (append-only) and legal holds.

Revision ID: 0005_retention
Revises: 0004_care_records
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_retention"
down_revision = "0004_care_records"
branch_labels = None
depends_on = None


# The statements this migration runs, written out as they were when it was made (from
# core/db/triggers.py at the time): a migration never imports live code, so editing the guards
# later cannot change what an old migration does.
GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS trg_disposal_no_update BEFORE UPDATE ON disposal BEGIN SELECT RAISE(ABORT, 'disposal is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_disposal_no_delete BEFORE DELETE ON disposal BEGIN SELECT RAISE(ABORT, 'disposal is append-only: records are never deleted'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_disposal_append_only BEFORE UPDATE OR DELETE ON disposal FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
    ),
}

DROP_GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS trg_disposal_no_update",
        "DROP TRIGGER IF EXISTS trg_disposal_no_delete",
    ),
    "postgresql": ("DROP TRIGGER IF EXISTS trg_disposal_append_only ON disposal",),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in statements["postgresql" if dialect == "postgresql" else "sqlite"]:
        op.execute(statement)


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
        sa.Column("created_at", sa.DateTime(), nullable=False),
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
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_hold")),
    )
    _run(GUARDS)


def downgrade() -> None:
    _run(DROP_GUARDS)
    op.drop_table("legal_hold")
    op.drop_table("disposal")
