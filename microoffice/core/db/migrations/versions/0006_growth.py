"""Outcomes (issue 8): goals agreed with each person, the editable feedback-check template, and the
append-only feedback checks scored over time.

Revision ID: 0006_growth
Revises: 0005_retention
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_growth"
down_revision = "0005_retention"
branch_labels = None
depends_on = None


# The statements this migration runs, written out as they were when it was made (from
# core/db/triggers.py at the time): a migration never imports live code, so editing the guards
# later cannot change what an old migration does.
GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS trg_feedback_check_no_update BEFORE UPDATE ON feedback_check BEGIN SELECT RAISE(ABORT, 'feedback_check is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_feedback_check_no_delete BEFORE DELETE ON feedback_check BEGIN SELECT RAISE(ABORT, 'feedback_check is append-only: records are never deleted'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_feedback_check_append_only BEFORE UPDATE OR DELETE ON feedback_check FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
    ),
}

DROP_GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS trg_feedback_check_no_update",
        "DROP TRIGGER IF EXISTS trg_feedback_check_no_delete",
    ),
    "postgresql": ("DROP TRIGGER IF EXISTS trg_feedback_check_append_only ON feedback_check",),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in statements["postgresql" if dialect == "postgresql" else "sqlite"]:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "survey_template",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_template")),
    )
    op.create_table(
        "outcome_goal",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("care_plan_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["care_plan_id"], ["care_plan.id"], name=op.f("fk_outcome_goal_care_plan_id_care_plan")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_outcome_goal_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_goal")),
    )
    with op.batch_alter_table("outcome_goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_goal_client_id"), ["client_id"], unique=False)

    op.create_table(
        "feedback_check",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("goal_progress", sa.JSON(), nullable=False),
        sa.Column("answered_by", sa.String(length=20), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("share_consent", sa.Boolean(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_feedback_check_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["feedback_check.id"],
            name=op.f("fk_feedback_check_supersedes_id_feedback_check"),
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["survey_template.id"],
            name=op.f("fk_feedback_check_template_id_survey_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_check")),
    )
    with op.batch_alter_table("feedback_check", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_check_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feedback_check_held_on"), ["held_on"], unique=False)

    _run(GUARDS)


def downgrade() -> None:
    _run(DROP_GUARDS)
    op.drop_table("feedback_check")
    op.drop_table("outcome_goal")
    op.drop_table("survey_template")
