"""Every protective trigger this version creates, and which of them a database lacks or holds in
another form.

The set comes from the statements `create_all` and the migrations run (triggers.py and
invoice_triggers.py), so a guard added there is checked here without being listed twice. A
trigger dropped, disabled or rewritten to let a change through is named; so is one that should
not be there at all (a copy with the same name but a weaker condition is caught by its SQL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from microoffice.core.db import invoice_triggers
from microoffice.core.db.triggers import (
    APPEND_ONLY_TABLES,
    FROZEN_WHEN_SET,
    frozen_statements,
    trigger_statements,
)

_NAME = re.compile(r"^CREATE TRIGGER (?:IF NOT EXISTS )?(\w+)", re.IGNORECASE)
_PG_TRIGGER = re.compile(
    r"^CREATE TRIGGER (\w+) (BEFORE|AFTER) (.+?) ON (?:public\.)?(\w+) FOR EACH ROW "
    r"(?:WHEN \((.+)\) )?EXECUTE (?:FUNCTION|PROCEDURE) (\w+)\(\)$",
    re.IGNORECASE,
)
_PG_FUNCTION = re.compile(r"^CREATE OR REPLACE FUNCTION (\w+)\(\).*?\$\$(.*)\$\$", re.DOTALL)


@dataclass(frozen=True)
class GuardProblem:
    name: str
    table: str
    kind: str  # missing | altered | disabled

    @property
    def message(self) -> str:
        what = f"the protective trigger {self.name} on {self.table.replace('_', ' ')}"
        if self.kind == "missing":
            return f"{what} is missing (it stops changes to records that must stay as written)"
        if self.kind == "disabled":
            return f"{what} is switched off"
        return f"{what} has been altered: it is not the one microoffice creates"


def statements(dialect: str) -> list[str]:
    """Every guard statement for a dialect, in the order create_all runs them."""
    out: list[str] = []
    for table in APPEND_ONLY_TABLES:
        out += trigger_statements(table, dialect)
    for table, column in FROZEN_WHEN_SET.items():
        out += frozen_statements(table, column, dialect)
    out += invoice_triggers.statements(dialect)
    return out


def _squash(sql: str) -> str:
    return " ".join(sql.split())


def expected_sqlite() -> dict[str, str]:
    """Trigger name -> SQL as SQLite keeps it (it drops IF NOT EXISTS and extra spaces)."""
    out = {}
    for statement in statements("sqlite"):
        match = _NAME.match(statement)
        if match:
            out[match[1]] = _squash(statement.replace(" IF NOT EXISTS", "", 1))
    return out


def _table_of(sql: str) -> str:
    match = re.search(r" ON (?:public\.)?(\w+)", sql)
    return match[1] if match else "?"


def check_guards(conn: Connection) -> list[GuardProblem]:
    if conn.dialect.name == "postgresql":
        return _check_postgresql(conn)
    live = {
        name: _squash(sql or "")
        for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    problems = []
    for name, sql in expected_sqlite().items():
        if name not in live:
            problems.append(GuardProblem(name, _table_of(sql), "missing"))
        elif live[name] != sql:
            problems.append(GuardProblem(name, _table_of(sql), "altered"))
    return problems


def _trigger_shape(definition: str) -> tuple[str, ...] | None:
    """A PostgreSQL trigger reduced to what it does (PostgreSQL reorders events, adds
    brackets and a schema when it prints one back)."""
    match = _PG_TRIGGER.match(_squash(definition))
    if match is None:
        return None
    name, timing, events, table, when, function = match.groups()
    event_set = " ".join(sorted(e.strip().upper() for e in events.split(" OR ")))
    condition = re.sub(r"[()\s]", "", (when or "").lower())
    return (name, timing.upper(), event_set, table, condition, function)


def expected_postgresql() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Triggers by name (their shape) and the functions they run (name -> body)."""
    triggers: dict[str, tuple[str, ...]] = {}
    functions: dict[str, str] = {}
    for statement in statements("postgresql"):
        function = _PG_FUNCTION.match(statement)
        if function:
            functions[function[1]] = _squash(function[2])
            continue
        shape = _trigger_shape(statement)
        if shape is not None:
            triggers[shape[0]] = shape
    return triggers, functions


def _check_postgresql(conn: Connection) -> list[GuardProblem]:
    rows = conn.execute(
        text(
            "SELECT t.tgname, c.relname, t.tgenabled, pg_get_triggerdef(t.oid), p.proname, "
            "p.prosrc FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal"
        )
    ).all()
    live = {row[0]: row for row in rows}
    triggers, functions = expected_postgresql()
    problems = []
    for name, shape in triggers.items():
        row = live.get(name)
        if row is None:
            problems.append(GuardProblem(name, shape[3], "missing"))
            continue
        _, table, enabled, definition, function, body = row
        if _trigger_shape(definition) != shape or _squash(body) != functions.get(function):
            problems.append(GuardProblem(name, table, "altered"))
        elif enabled == "D":
            problems.append(GuardProblem(name, table, "disabled"))
    return problems
