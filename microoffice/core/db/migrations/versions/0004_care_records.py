"""Care records and CQC readiness: consent and capacity, incident notes and notification
decisions, complaint entries, the registration wizard, renewals, surveys and audits with actions,
body-map marks; a few columns on notes, medicines and MAR entries; append-only triggers for the new
record tables and the trigger that freezes a closed incident.

Revision ID: 0004_care_records
Revises: 0003_invoice_guards
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004_care_records"
down_revision = "0003_invoice_guards"
branch_labels = None
depends_on = None

NEW_COLUMNS: tuple[tuple[str, sa.Column[Any]], ...] = (
    ("daily_note", sa.Column("late_reason", sa.Text(), nullable=False, server_default="")),
    ("mar_entry", sa.Column("dose_given", sa.String(length=60), nullable=False, server_default="")),
    ("mar_entry", sa.Column("notes", sa.Text(), nullable=False, server_default="")),
    ("mar_entry", sa.Column("author", sa.String(length=100), nullable=False, server_default="")),
    (
        "medicine",
        sa.Column(
            "support_level", sa.String(length=20), nullable=False, server_default="administer"
        ),
    ),
    (
        "medicine",
        sa.Column("time_critical", sa.Boolean(), nullable=False, server_default=sa.false()),
    ),
)


# The statements this migration runs, written out as they were when it was made (from
# core/db/triggers.py at the time): a migration never imports live code, so editing the guards
# later cannot change what an old migration does.
GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS trg_consent_record_no_update BEFORE UPDATE ON consent_record BEGIN SELECT RAISE(ABORT, 'consent_record is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_consent_record_no_delete BEFORE DELETE ON consent_record BEGIN SELECT RAISE(ABORT, 'consent_record is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_body_map_mark_no_update BEFORE UPDATE ON body_map_mark BEGIN SELECT RAISE(ABORT, 'body_map_mark is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_body_map_mark_no_delete BEFORE DELETE ON body_map_mark BEGIN SELECT RAISE(ABORT, 'body_map_mark is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_incident_note_no_update BEFORE UPDATE ON incident_note BEGIN SELECT RAISE(ABORT, 'incident_note is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_incident_note_no_delete BEFORE DELETE ON incident_note BEGIN SELECT RAISE(ABORT, 'incident_note is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_notification_decision_no_update BEFORE UPDATE ON notification_decision BEGIN SELECT RAISE(ABORT, 'notification_decision is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_notification_decision_no_delete BEFORE DELETE ON notification_decision BEGIN SELECT RAISE(ABORT, 'notification_decision is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_complaint_entry_no_update BEFORE UPDATE ON complaint_entry BEGIN SELECT RAISE(ABORT, 'complaint_entry is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_complaint_entry_no_delete BEFORE DELETE ON complaint_entry BEGIN SELECT RAISE(ABORT, 'complaint_entry is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_scope_assessment_no_update BEFORE UPDATE ON scope_assessment BEGIN SELECT RAISE(ABORT, 'scope_assessment is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_scope_assessment_no_delete BEFORE DELETE ON scope_assessment BEGIN SELECT RAISE(ABORT, 'scope_assessment is append-only: records are never deleted'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_consent_record_append_only BEFORE UPDATE OR DELETE ON consent_record FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_body_map_mark_append_only BEFORE UPDATE OR DELETE ON body_map_mark FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_incident_note_append_only BEFORE UPDATE OR DELETE ON incident_note FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_notification_decision_append_only BEFORE UPDATE OR DELETE ON notification_decision FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_complaint_entry_append_only BEFORE UPDATE OR DELETE ON complaint_entry FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_scope_assessment_append_only BEFORE UPDATE OR DELETE ON scope_assessment FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
    ),
}

FROZEN_INCIDENT: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS trg_incident_frozen_no_update BEFORE UPDATE ON incident WHEN OLD.closed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'incident is closed: add a note instead of changing it'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_incident_frozen_no_delete BEFORE DELETE ON incident WHEN OLD.closed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'incident is closed: records are never deleted'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION microoffice_frozen_when_closed() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is closed: add a note instead of changing it', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_incident_frozen BEFORE UPDATE OR DELETE ON incident FOR EACH ROW WHEN (OLD.closed_at IS NOT NULL) EXECUTE FUNCTION microoffice_frozen_when_closed()",
    ),
}

DROP_FROZEN_INCIDENT: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS trg_incident_frozen_no_update",
        "DROP TRIGGER IF EXISTS trg_incident_frozen_no_delete",
    ),
    "postgresql": ("DROP TRIGGER IF EXISTS trg_incident_frozen ON incident",),
}

DROP_GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS trg_consent_record_no_update",
        "DROP TRIGGER IF EXISTS trg_consent_record_no_delete",
        "DROP TRIGGER IF EXISTS trg_body_map_mark_no_update",
        "DROP TRIGGER IF EXISTS trg_body_map_mark_no_delete",
        "DROP TRIGGER IF EXISTS trg_incident_note_no_update",
        "DROP TRIGGER IF EXISTS trg_incident_note_no_delete",
        "DROP TRIGGER IF EXISTS trg_notification_decision_no_update",
        "DROP TRIGGER IF EXISTS trg_notification_decision_no_delete",
        "DROP TRIGGER IF EXISTS trg_complaint_entry_no_update",
        "DROP TRIGGER IF EXISTS trg_complaint_entry_no_delete",
        "DROP TRIGGER IF EXISTS trg_scope_assessment_no_update",
        "DROP TRIGGER IF EXISTS trg_scope_assessment_no_delete",
    ),
    "postgresql": (
        "DROP TRIGGER IF EXISTS trg_consent_record_append_only ON consent_record",
        "DROP TRIGGER IF EXISTS trg_body_map_mark_append_only ON body_map_mark",
        "DROP TRIGGER IF EXISTS trg_incident_note_append_only ON incident_note",
        "DROP TRIGGER IF EXISTS trg_notification_decision_append_only ON notification_decision",
        "DROP TRIGGER IF EXISTS trg_complaint_entry_append_only ON complaint_entry",
        "DROP TRIGGER IF EXISTS trg_scope_assessment_append_only ON scope_assessment",
    ),
}

GUARDS_AFTER_COPY: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS trg_daily_note_no_update BEFORE UPDATE ON daily_note BEGIN SELECT RAISE(ABORT, 'daily_note is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_daily_note_no_delete BEFORE DELETE ON daily_note BEGIN SELECT RAISE(ABORT, 'daily_note is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_mar_entry_no_update BEFORE UPDATE ON mar_entry BEGIN SELECT RAISE(ABORT, 'mar_entry is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_mar_entry_no_delete BEFORE DELETE ON mar_entry BEGIN SELECT RAISE(ABORT, 'mar_entry is append-only: records are never deleted'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_daily_note_append_only BEFORE UPDATE OR DELETE ON daily_note FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_mar_entry_append_only BEFORE UPDATE OR DELETE ON mar_entry FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
    ),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in statements["postgresql" if dialect == "postgresql" else "sqlite"]:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "quality_review",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("statement_ids", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_review")),
    )
    with op.batch_alter_table("quality_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quality_review_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_quality_review_kind"), ["kind"], unique=False)

    op.create_table(
        "readiness_item",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_item")),
        sa.UniqueConstraint("key", name=op.f("uq_readiness_item_key")),
    )
    op.create_table(
        "renewal",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("renewed_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renewal")),
    )
    op.create_table(
        "scope_assessment",
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scope_assessment")),
    )
    op.create_table(
        "consent_record",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("given_by", sa.String(length=200), nullable=False),
        sa.Column("authority", sa.String(length=200), nullable=False),
        sa.Column("assessed_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("review_due", sa.Date(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_consent_record_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["consent_record.id"],
            name=op.f("fk_consent_record_supersedes_id_consent_record"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_record")),
    )
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_record_client_id"), ["client_id"], unique=False
        )

    op.create_table(
        "complaint_entry",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_entry_complaint_id_complaint"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_entry")),
    )
    with op.batch_alter_table("complaint_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_entry_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "incident_note",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incident.id"], name=op.f("fk_incident_note_incident_id_incident")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_note")),
    )
    with op.batch_alter_table("incident_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_note_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "notification_decision",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_notification_decision_incident_id_incident"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_decision")),
    )
    with op.batch_alter_table("notification_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_decision_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "quality_action",
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incident.id"], name=op.f("fk_quality_action_incident_id_incident")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["quality_review.id"],
            name=op.f("fk_quality_action_review_id_quality_review"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_action")),
    )
    op.create_table(
        "body_map_mark",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("daily_note_id", sa.Integer(), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("x", sa.Integer(), nullable=False),
        sa.Column("y", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_body_map_mark_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["daily_note_id"],
            ["daily_note.id"],
            name=op.f("fk_body_map_mark_daily_note_id_daily_note"),
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incident.id"], name=op.f("fk_body_map_mark_incident_id_incident")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_map_mark")),
    )
    with op.batch_alter_table("body_map_mark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_map_mark_client_id"), ["client_id"], unique=False)

    # Plain ADD COLUMN (no table copy), so the append-only triggers on these tables stay in place.
    for table, column in NEW_COLUMNS:
        op.add_column(table, column)
    _run(GUARDS)
    _run(FROZEN_INCIDENT)


def downgrade() -> None:
    _run(DROP_FROZEN_INCIDENT)
    _run(DROP_GUARDS)
    for table, column in reversed(NEW_COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column.name)
    # Dropping a column copies the table on SQLite, which loses its triggers: put them back.
    _run(GUARDS_AFTER_COPY)
    with op.batch_alter_table("body_map_mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_map_mark_client_id"))

    op.drop_table("body_map_mark")
    op.drop_table("quality_action")
    with op.batch_alter_table("notification_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_decision_incident_id"))

    op.drop_table("notification_decision")
    with op.batch_alter_table("incident_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_note_incident_id"))

    op.drop_table("incident_note")
    with op.batch_alter_table("complaint_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_entry_complaint_id"))

    op.drop_table("complaint_entry")
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_record_client_id"))

    op.drop_table("consent_record")
    op.drop_table("scope_assessment")
    op.drop_table("renewal")
    op.drop_table("readiness_item")
    with op.batch_alter_table("quality_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quality_review_kind"))
        batch_op.drop_index(batch_op.f("ix_quality_review_held_on"))

    op.drop_table("quality_review")
