"""Database-level guards for append-only tables, shared by create_all and the migrations.

A trigger refuses UPDATE and DELETE, so a record stays as written even if someone bypasses the
services with a SQL shell or a bug slips through. SQLite and PostgreSQL spell triggers differently;
both spellings live here so new and migrated databases match on either.
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

# Each migration guards the tables that exist at its revision, so each keeps its own tuple.
APPEND_ONLY_0002 = (
    "audit_log",
    "daily_note",
    "mar_entry",
    "notification_sent",
    "care_plan",
    "risk_assessment",
)
APPEND_ONLY_0003 = (
    "consent_record",
    "body_map_mark",
    "incident_note",
    "notification_decision",
    "complaint_entry",
    "scope_assessment",
)
APPEND_ONLY_0005 = ("disposal",)
APPEND_ONLY_GROWTH = ("feedback_check",)  # outcomes (issue 8), migration *_growth
APPEND_ONLY_0007 = ("fee_statement",)  # Reg 19 statements of terms and fees, once given
APPEND_ONLY_VISIT_CHANGES = ("visit_change",)  # a visit's history (issue 16), *_visit_changes
APPEND_ONLY_TABLES = (
    APPEND_ONLY_0002
    + APPEND_ONLY_0003
    + APPEND_ONLY_0005
    + APPEND_ONLY_GROWTH
    + APPEND_ONLY_0007
    + APPEND_ONLY_VISIT_CHANGES
)

# Tables whose rows freeze once a column is set: a closed incident is a record like any other.
FROZEN_WHEN_SET = {"incident": "closed_at"}

PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION microoffice_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only: add an amendment instead', TG_TABLE_NAME; END; "
    "$$ LANGUAGE plpgsql"
)


def trigger_statements(table: str, dialect: str = "sqlite") -> list[str]:
    if dialect == "postgresql":
        return [
            PG_FUNCTION,
            f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION microoffice_append_only()",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: add an amendment instead'); END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: records are never deleted'); END",
    ]


def drop_statements(table: str, dialect: str = "sqlite") -> list[str]:
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}"]
    return [
        f"DROP TRIGGER IF EXISTS trg_{table}_no_update",
        f"DROP TRIGGER IF EXISTS trg_{table}_no_delete",
    ]


PG_FROZEN_FUNCTION = (
    "CREATE OR REPLACE FUNCTION microoffice_frozen_when_closed() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION '% is closed: add a note instead of changing it', TG_TABLE_NAME; END; "
    "$$ LANGUAGE plpgsql"
)


def frozen_statements(table: str, column: str, dialect: str = "sqlite") -> list[str]:
    """Refuse UPDATE and DELETE of a row once `column` is set (e.g. a closed incident)."""
    if dialect == "postgresql":
        return [
            PG_FROZEN_FUNCTION,
            f"CREATE TRIGGER trg_{table}_frozen BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW WHEN (OLD.{column} IS NOT NULL) "
            "EXECUTE FUNCTION microoffice_frozen_when_closed()",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_frozen_no_update BEFORE UPDATE ON {table} "
        f"WHEN OLD.{column} IS NOT NULL "
        f"BEGIN SELECT RAISE(ABORT, '{table} is closed: add a note instead of changing it'); END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_frozen_no_delete BEFORE DELETE ON {table} "
        f"WHEN OLD.{column} IS NOT NULL "
        f"BEGIN SELECT RAISE(ABORT, '{table} is closed: records are never deleted'); END",
    ]


def drop_frozen_statements(table: str, dialect: str = "sqlite") -> list[str]:
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS trg_{table}_frozen ON {table}"]
    return [
        f"DROP TRIGGER IF EXISTS trg_{table}_frozen_no_update",
        f"DROP TRIGGER IF EXISTS trg_{table}_frozen_no_delete",
    ]


def attach(tables: dict[str, Table]) -> None:
    """Emit the triggers after each guarded table is created by metadata.create_all."""
    for name in APPEND_ONLY_TABLES:
        for dialect in ("sqlite", "postgresql"):
            for statement in trigger_statements(name, dialect):
                _listen(tables[name], statement, dialect)
    for name, column in FROZEN_WHEN_SET.items():
        for dialect in ("sqlite", "postgresql"):
            for statement in frozen_statements(name, column, dialect):
                _listen(tables[name], statement, dialect)


def _listen(table: Table, statement: str, dialect: str) -> None:
    ddl = DDL(statement.replace("%", "%%"))  # type: ignore[no-untyped-call]
    event.listen(table, "after_create", ddl.execute_if(dialect=dialect))
