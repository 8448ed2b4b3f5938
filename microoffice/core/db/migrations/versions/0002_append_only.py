"""Append-only guards: triggers that refuse UPDATE and DELETE on records that must never change.

Revision ID: 0002_append_only
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

revision = "0002_append_only"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


# The statements this migration runs, written out as they were when it was made (from
# core/db/triggers.py at the time): a migration never imports live code, so editing the guards
# later cannot change what an old migration does.
GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS trg_audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_daily_note_no_update BEFORE UPDATE ON daily_note BEGIN SELECT RAISE(ABORT, 'daily_note is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_daily_note_no_delete BEFORE DELETE ON daily_note BEGIN SELECT RAISE(ABORT, 'daily_note is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_mar_entry_no_update BEFORE UPDATE ON mar_entry BEGIN SELECT RAISE(ABORT, 'mar_entry is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_mar_entry_no_delete BEFORE DELETE ON mar_entry BEGIN SELECT RAISE(ABORT, 'mar_entry is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_notification_sent_no_update BEFORE UPDATE ON notification_sent BEGIN SELECT RAISE(ABORT, 'notification_sent is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_notification_sent_no_delete BEFORE DELETE ON notification_sent BEGIN SELECT RAISE(ABORT, 'notification_sent is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_care_plan_no_update BEFORE UPDATE ON care_plan BEGIN SELECT RAISE(ABORT, 'care_plan is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_care_plan_no_delete BEFORE DELETE ON care_plan BEGIN SELECT RAISE(ABORT, 'care_plan is append-only: records are never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_risk_assessment_no_update BEFORE UPDATE ON risk_assessment BEGIN SELECT RAISE(ABORT, 'risk_assessment is append-only: add an amendment instead'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_risk_assessment_no_delete BEFORE DELETE ON risk_assessment BEGIN SELECT RAISE(ABORT, 'risk_assessment is append-only: records are never deleted'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_daily_note_append_only BEFORE UPDATE OR DELETE ON daily_note FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_mar_entry_append_only BEFORE UPDATE OR DELETE ON mar_entry FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_notification_sent_append_only BEFORE UPDATE OR DELETE ON notification_sent FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_care_plan_append_only BEFORE UPDATE OR DELETE ON care_plan FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_risk_assessment_append_only BEFORE UPDATE OR DELETE ON risk_assessment FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
    ),
}

DROP_GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS trg_audit_log_no_update",
        "DROP TRIGGER IF EXISTS trg_audit_log_no_delete",
        "DROP TRIGGER IF EXISTS trg_daily_note_no_update",
        "DROP TRIGGER IF EXISTS trg_daily_note_no_delete",
        "DROP TRIGGER IF EXISTS trg_mar_entry_no_update",
        "DROP TRIGGER IF EXISTS trg_mar_entry_no_delete",
        "DROP TRIGGER IF EXISTS trg_notification_sent_no_update",
        "DROP TRIGGER IF EXISTS trg_notification_sent_no_delete",
        "DROP TRIGGER IF EXISTS trg_care_plan_no_update",
        "DROP TRIGGER IF EXISTS trg_care_plan_no_delete",
        "DROP TRIGGER IF EXISTS trg_risk_assessment_no_update",
        "DROP TRIGGER IF EXISTS trg_risk_assessment_no_delete",
    ),
    "postgresql": (
        "DROP TRIGGER IF EXISTS trg_audit_log_append_only ON audit_log",
        "DROP TRIGGER IF EXISTS trg_daily_note_append_only ON daily_note",
        "DROP TRIGGER IF EXISTS trg_mar_entry_append_only ON mar_entry",
        "DROP TRIGGER IF EXISTS trg_notification_sent_append_only ON notification_sent",
        "DROP TRIGGER IF EXISTS trg_care_plan_append_only ON care_plan",
        "DROP TRIGGER IF EXISTS trg_risk_assessment_append_only ON risk_assessment",
    ),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in statements["postgresql" if dialect == "postgresql" else "sqlite"]:
        op.execute(statement)


def upgrade() -> None:
    _run(GUARDS)


def downgrade() -> None:
    _run(DROP_GUARDS)
