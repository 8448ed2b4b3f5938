"""Database-level guards for append-only tables, shared by create_all and the migrations.

A trigger refuses UPDATE and DELETE, so a record stays as written even if someone bypasses the
services with a SQL shell or a bug slips through.
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

APPEND_ONLY_TABLES = (
    "audit_log",
    "daily_note",
    "mar_entry",
    "notification_sent",
    "care_plan",
    "risk_assessment",
)


def trigger_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: add an amendment instead'); END",
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: records are never deleted'); END",
    ]


def drop_statements(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS trg_{table}_no_update",
        f"DROP TRIGGER IF EXISTS trg_{table}_no_delete",
    ]


def attach(tables: dict[str, Table]) -> None:
    """Emit the triggers after each append-only table is created by metadata.create_all."""
    for name in APPEND_ONLY_TABLES:
        table = tables[name]
        for statement in trigger_statements(name):
            ddl = DDL(statement)  # type: ignore[no-untyped-call]
            event.listen(table, "after_create", ddl.execute_if(dialect="sqlite"))
