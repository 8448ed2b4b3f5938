"""People who use the office (issue 15): who signs in, with which role; care records keep who
wrote them on behalf of the carer who gave the care.

Revision ID: 0009_people
Revises: 0008_audit_baseline
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009_people"
down_revision = "0008_audit_baseline"
branch_labels = None
depends_on = None

NEW_COLUMNS: tuple[tuple[str, sa.Column[Any]], ...] = (
    (
        "daily_note",
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False, server_default=""),
    ),
    (
        "mar_entry",
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False, server_default=""),
    ),
)


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("login", sa.String(length=63), nullable=True),
        sa.Column("secret_hash", sa.String(length=200), nullable=False),
        sa.Column("recovery_hash", sa.String(length=200), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("retry_after", sa.DateTime(), nullable=True),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_person_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("login", name=op.f("uq_person_login")),
        sa.UniqueConstraint("name", name=op.f("uq_person_name")),
    )
    # Plain ADD COLUMN (no table copy), so the append-only triggers on these tables stay in place.
    for table, column in NEW_COLUMNS:
        op.add_column(table, column)


def downgrade() -> None:
    for table, column in reversed(NEW_COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column.name)
    # Dropping a column copies the table on SQLite, which loses its triggers: put them back.
    dialect = op.get_bind().dialect.name
    for table in ("daily_note", "mar_entry"):
        for statement in _append_only(table, dialect):
            op.execute(statement)
    op.drop_table("person")


def _append_only(table: str, dialect: str) -> list[str]:
    """The triggers of core/db/triggers.py as they stood at this revision (frozen copy)."""
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; "
            "END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: add an amendment instead'); END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: records are never deleted'); END",
    ]
