"""Writes an audit row for every insert, update and delete flushed through a Session.

Hooked on the session class, not on each service, so no service can forget to audit.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from microoffice.core import clock
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


def encode_bytes(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def row_hash(row: dict[str, Any], prev_hash: str) -> str:
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
    for action, obj in pending:
        if isinstance(obj, AuditLog):
            continue
        changes = _changes(obj, action)
        if action == "update" and not changes:
            continue
        rows.append(
            {
                "at": clock.now(),
                "actor": session.info.get("actor", "app"),
                "action": action,
                "entity": type(obj).__tablename__,
                "entity_id": _entity_id(obj),
                "changes": changes,
            }
        )
    if rows:
        append_audit_rows(session, rows)


def append_audit_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """Chain and insert audit rows; also used for events that are not row changes."""
    conn = session.connection()
    prev = conn.execute(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)).scalar()
    prev = prev or ""
    for row in rows:
        row["prev_hash"] = prev
        row["hash"] = prev = row_hash(row, prev)
    conn.execute(insert(AuditLog), rows)


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
