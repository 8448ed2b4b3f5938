"""A visit's history (issue 16): each move, change of length, skip, putting back, cancellation
and change of carers of one visit, with who made it, when and why; append-only.

Frozen: the DDL and the trigger statements are copied here, not imported, so later changes to
the live code cannot change what this revision does.

Revision ID: 0012_visit_changes
Revises: 0011_credit_on_account
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_visit_changes"
down_revision = "0011_credit_on_account"
branch_labels = None
depends_on = None

TABLE = "visit_change"
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS trg_{TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: add an amendment instead'); END",
    f"CREATE TRIGGER IF NOT EXISTS trg_{TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: records are never deleted'); END",
)
PG_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; "
    "$$ LANGUAGE plpgsql",
    f"CREATE TRIGGER trg_{TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("occurrence_date", sa.Date(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("from_start", sa.DateTime(), nullable=True),
        sa.Column("from_end", sa.DateTime(), nullable=True),
        sa.Column("to_start", sa.DateTime(), nullable=True),
        sa.Column("to_end", sa.DateTime(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_visit_change_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["visit_plan.id"], name=op.f("fk_visit_change_plan_id_visit_plan")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_change")),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_change_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_change_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index("ix_visit_change_slot", ["plan_id", "occurrence_date"], unique=False)
    statements = PG_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_append_only ON {TABLE}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_no_delete")
    op.drop_table(TABLE)
