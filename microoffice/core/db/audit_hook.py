"""Writes an audit row for every insert, update and delete flushed through a Session.

Hooked on the session class, not on each service, so no service can forget to audit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from microoffice.core import clock
from microoffice.core.db.engine import WRITER_LOCK
from microoffice.core.models.audit import AuditLog

SKIP_COLUMNS = frozenset({"updated_at", "version"})


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest(), "bytes": len(value)}
    return value


def row_hash(row: Mapping[Any, Any], prev_hash: str) -> str:
    payload = {
        "at": jsonable(row["at"]),
        "actor": row["actor"],
        "action": row["action"],
        "entity": row["entity"],
        "entity_id": row["entity_id"],
        "changes": row["changes"],
        "prev": prev_hash,
    }
    try:  # the same text either way; without `default` the encoder takes its fast path
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    except TypeError:
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _entity_id(obj: Any) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(part) for part in key if part is not None)


def _changes(obj: Any, action: str) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SKIP_COLUMNS:
            continue
        if action == "update":
            hist = state.attrs[key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old == new:
                continue
            out[key] = [jsonable(old), jsonable(new)]
        else:
            out[key] = jsonable(getattr(obj, key))
    return out


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    pending: list[tuple[str, Any]] = []
    pending += [("insert", o) for o in session.new]
    pending += [("update", o) for o in session.dirty if session.is_modified(o)]
    pending += [("delete", o) for o in session.deleted]
    rows = []
    actor = _actor(session) if pending else ""
    for action, obj in pending:
        if isinstance(obj, AuditLog):
            continue
        changes = _changes(obj, action)
        if action == "update" and not changes:
            continue
        rows.append(
            {
                "at": clock.now(),
                "actor": actor,
                "action": action,
                "entity": type(obj).__tablename__,
                "entity_id": _entity_id(obj),
                "changes": changes,
            }
        )
    if rows:
        append_audit_rows(session, rows)


def _actor(session: Session) -> str:
    """The signed-in person (or a system writer): refuses the write when nobody is signed in to
    an office that has people (core/people/guard.py)."""
    from microoffice.core.people.guard import audit_actor

    return audit_actor(session)


def append_audit_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """Chain and insert audit rows; also used for events that are not row changes."""
    chain_rows(session.connection(), rows)


def chain_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Chain and insert audit rows on a plain connection (a migration has no session).

    Each entry's number is the one after the head's, given here rather than by the database: a
    server's sequence skips the numbers of a save that was rolled back, and `check` would read
    the gap as entries removed. On a server, two computers saving at once take turns here (the
    office's writer lock, engine.WRITER_LOCK, normally taken when the save began), so the chain
    never forks."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
    last = conn.execute(select(AuditLog.id, AuditLog.hash).order_by(AuditLog.id.desc()).limit(1))
    head = last.first()
    number, prev = (int(head[0]), str(head[1])) if head is not None else (0, "")
    for row in rows:
        number += 1
        row["id"] = number
        row["prev_hash"] = prev
        row["hash"] = prev = row_hash(row, prev)
    conn.execute(insert(AuditLog), rows)


def table_entry(
    session: Session, entity: str, rows: list[dict[str, Any]], **about: Any
) -> dict[str, Any]:
    """One audit entry for many rows written at once (a demo history, a benchmark set): the
    column names once, then each row's values. `microoffice check` replays it as an insert per
    row, so bulk-written rows are held to what was written like any other. Columns left to a
    plain default are recorded with it."""
    from microoffice.core.db.base import Base

    table = Base.metadata.tables[entity]
    given = list(rows[0]) if rows else []
    defaults = {
        c.name: c.default.arg  # type: ignore[attr-defined]
        for c in table.columns
        if c.name not in given and c.default is not None and c.default.is_scalar
    }
    columns = [c for c in given if c not in SKIP_COLUMNS]
    return {
        "at": clock.now(),
        "actor": _actor(session),
        "action": "bulk_insert",
        "entity": entity,
        "entity_id": "",
        "changes": {
            **about,
            "columns": columns,
            "rows": [[jsonable(row[c]) for c in columns] for row in rows],
            "same_in_every_row": {k: jsonable(v) for k, v in defaults.items()},
        },
    }


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
