"""`microoffice check`: is the file sound, at the right schema, and is its history untouched?

The audit log is a hash chain: recomputing it finds any row edited or removed behind the app's back.
Append-only records are compared with the values their insert was audited with, so an edited daily
note is named too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select

from microoffice.core.db.audit_hook import jsonable, row_hash
from microoffice.core.db.base import Base
from microoffice.core.db.database import (
    Database,
    _ensure_models,
    integrity_problems,
    stored_revision,
)
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.db.triggers import APPEND_ONLY_TABLES
from microoffice.core.models.audit import AuditLog


@dataclass(frozen=True)
class Finding:
    area: str  # file | schema | audit | records
    message: str


def check_database(database: Database) -> list[Finding]:
    findings: list[Finding] = []
    path = database.path
    if path is not None:
        findings += [Finding("file", p) for p in integrity_problems(path, database.key)]
    revision = stored_revision(database.engine)
    if revision != HEAD_REVISION:
        findings.append(
            Finding("schema", f"schema is at {revision}, this version expects {HEAD_REVISION}")
        )
    findings += check_audit_chain(database)
    findings += check_append_only(database)
    return findings


def check_audit_chain(database: Database) -> list[Finding]:
    findings = []
    prev_hash = ""
    prev_id = 0
    with database.engine.connect() as conn:
        rows = conn.execute(select(AuditLog.__table__).order_by(AuditLog.id))
        for row in rows:
            data = dict(row._mapping)
            if data["id"] != prev_id + 1:
                findings.append(
                    Finding("audit", f"audit log rows {prev_id + 1}-{data['id'] - 1} are missing")
                )
            if data["prev_hash"] != prev_hash:
                findings.append(
                    Finding(
                        "audit", f"audit log row {data['id']} does not follow the row before it"
                    )
                )
            if row_hash(data, data["prev_hash"]) != data["hash"]:
                findings.append(
                    Finding("audit", f"audit log row {data['id']} was changed after it was written")
                )
            prev_hash, prev_id = data["hash"], data["id"]
    return findings


def check_append_only(database: Database) -> list[Finding]:
    """Every append-only record must still hold exactly what its audited insert wrote."""
    _ensure_models()
    findings = []
    with database.engine.connect() as conn:
        inserted: dict[tuple[str, str], dict[str, Any]] = {}
        audited = conn.execute(
            select(AuditLog.entity, AuditLog.entity_id, AuditLog.changes).where(
                AuditLog.action == "insert", AuditLog.entity.in_(APPEND_ONLY_TABLES)
            )
        )
        for entity, entity_id, changes in audited:
            inserted[(entity, entity_id)] = changes
        disposed = _disposed_rows(conn)
        for name in APPEND_ONLY_TABLES:
            if name == "audit_log":
                continue
            table: Table = Base.metadata.tables[name]
            seen = set()
            for row in conn.execute(select(table)):
                values = dict(row._mapping)
                key = (name, str(values["id"]))
                seen.add(key)
                original = inserted.get(key)
                if original is None:
                    findings.append(
                        Finding("records", f"{name} row {values['id']} has no audit entry")
                    )
                    continue
                changed = [
                    col
                    for col, value in original.items()
                    if col in values and jsonable(values[col]) != value
                ]
                if changed:
                    findings.append(
                        Finding(
                            "records",
                            f"{name} row {values['id']} was altered ({', '.join(sorted(changed))})",
                        )
                    )
            accounted = seen | disposed  # once per table: it was rebuilt for every row (minutes)
            for entity, entity_id in inserted:
                if entity == name and (entity, entity_id) not in accounted:
                    findings.append(Finding("records", f"{name} row {entity_id} was removed"))
    return findings


def _disposed_rows(conn: Connection) -> set[tuple[str, str]]:
    """Rows removed by a recorded retention decision: gone on purpose, not behind the app's back."""
    from microoffice.core.models.retention import Disposal

    found: set[tuple[str, str]] = set()
    for (removed,) in conn.execute(select(Disposal.removed).where(Disposal.decision == "destroy")):
        for table, ids in (removed or {}).items():
            found.update((table, str(i)) for i in ids)
    return found
