"""`microoffice check`: is the file sound, at the right schema, and is its history untouched?

Five things are compared, each naming what it finds in plain words:
- the audit log's hash chain, recomputed entry by entry;
- every audited table against what the log says it should now hold (core/db/replay.py);
- each invoice counter against the numbers actually issued;
- every protective trigger against what this version creates (core/db/guards.py);
- the chain against every anchor found outside the file (services/anchors.py).

What this can and cannot prove is in docs/tamper-evidence.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select

from microoffice.core import paths
from microoffice.core.db.audit_hook import row_hash
from microoffice.core.db.base import Base
from microoffice.core.db.chain import ChainHead
from microoffice.core.db.database import (
    Database,
    _ensure_models,
    integrity_problems,
    stored_revision,
)
from microoffice.core.db.guards import check_guards
from microoffice.core.db.replay import Replay, compare, disposed_rows
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.models.audit import AuditLog
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right
from microoffice.core.services import anchors


@dataclass(frozen=True)
class Finding:
    area: str  # file | schema | audit | records | invoices | guards | anchors
    message: str


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    head: ChainHead | None = None
    entries: int = 0


@needs_office(Right.OFFICE_FILE)
def check_database(database: Database, anchor_dirs: Sequence[Path] = ()) -> list[Finding]:
    return run_check(database, anchor_dirs).findings


@needs_office(Right.OFFICE_FILE)
def run_check(
    database: Database, anchor_dirs: Sequence[Path] = (), printed: Sequence[str] = ()
) -> CheckReport:
    """Everything `microoffice check` looks at; anchors come from the office's backups folder,
    any folders given, and fingerprints copied from a printed evidence pack."""
    extra = [anchors.printed(text) for text in printed]  # refused before any work is done
    _ensure_models()
    report = CheckReport()
    findings = report.findings
    path = database.path
    if path is not None:
        findings += [Finding("file", p) for p in integrity_problems(path, database.key)]
    revision = stored_revision(database.engine)
    if revision != HEAD_REVISION:
        findings.append(
            Finding("schema", f"schema is at {revision}, this version expects {HEAD_REVISION}")
        )
    replay = Replay()
    chain = _read_chain(database, replay)
    findings += chain.findings
    report.head, report.entries = chain.head, len(chain.hashes)
    with database.engine.connect() as conn:
        findings += [
            Finding("records", d.message) for d in compare(conn, replay, disposed_rows(conn))
        ]
        findings += _counters(conn)
        findings += [Finding("guards", p.message) for p in check_guards(conn)]
    report.notes += [
        f"entry {b.entry} is an upgrade's baseline: {b.rows} {b.table.replace('_', ' ')} row(s) "
        "the log before it did not explain were taken as they stood"
        for b in replay.baselines
    ]
    folders = list(anchor_dirs)
    if path is not None:
        folders.insert(0, paths.backup_dir(path))
    found, unreadable = anchors.find_anchors(folders, database.key)
    compared = anchors.compare(found + extra, chain.hashes)
    findings += [Finding("anchors", p) for p in compared.problems]
    report.notes += unreadable + compared.notes
    report.notes.append(anchors.describe_anchored(compared, len(chain.hashes)))
    return report


@needs_office(Right.OFFICE_FILE)
def check_audit_chain(database: Database) -> list[Finding]:
    return _read_chain(database, None).findings


@dataclass
class _Chain:
    findings: list[Finding]
    hashes: list[str] = field(default_factory=list)  # entry n at index n - 1, as stored
    head: ChainHead | None = None


def _read_chain(database: Database, replay: Replay | None) -> _Chain:
    """Recompute the hash chain and (if given) replay each entry, in one pass over the log."""
    chain = _Chain([])
    prev_hash = ""
    prev_id = 0
    last = None
    with database.engine.connect() as conn:
        rows = conn.execute(select(AuditLog.__table__).order_by(AuditLog.id))
        for row in rows:
            data = row._mapping
            if data["id"] != prev_id + 1:
                chain.findings.append(
                    Finding("audit", f"audit log rows {prev_id + 1}-{data['id'] - 1} are missing")
                )
                chain.hashes += [""] * (data["id"] - prev_id - 1)
            if data["prev_hash"] != prev_hash:
                chain.findings.append(
                    Finding(
                        "audit", f"audit log row {data['id']} does not follow the row before it"
                    )
                )
            if row_hash(data, data["prev_hash"]) != data["hash"]:
                chain.findings.append(
                    Finding("audit", f"audit log row {data['id']} was changed after it was written")
                )
            if replay is not None:
                replay.feed(data)
            prev_hash, prev_id, last = data["hash"], data["id"], data["at"]
            chain.hashes.append(prev_hash)
    if prev_id:
        chain.head = ChainHead(prev_id, prev_hash, last)
    return chain


@needs_office(Right.OFFICE_FILE)
def check_records(database: Database) -> list[Finding]:
    """Every audited table must hold exactly what its audit log says it should now."""
    _ensure_models()
    replay = Replay()
    findings = _read_chain(database, replay).findings
    with database.engine.connect() as conn:
        findings += [
            Finding("records", d.message) for d in compare(conn, replay, disposed_rows(conn))
        ]
    return findings


@needs_office(Right.OFFICE_FILE)
def check_append_only(database: Database) -> list[Finding]:
    """The records part of the check, kept under its old name for callers that want only it."""
    return [f for f in check_records(database) if f.area == "records"]


def _counters(conn: Connection) -> list[Finding]:
    """Numbers are taken in the issuing transaction, so each counter stands one past the last
    number issued in its series and every number below it was issued exactly once."""
    series = Base.metadata.tables["number_series"]
    invoice = Base.metadata.tables["invoice"]
    counters = {
        name: int(next_number)
        for name, next_number in conn.execute(select(series.c.series, series.c.next_number))
    }
    issued: dict[str, list[int]] = {}
    query = select(invoice.c.series, invoice.c.number).where(invoice.c.number.is_not(None))
    for name, number in conn.execute(query):
        issued.setdefault(name, []).append(int(number))
    out = []
    for name in sorted(set(counters) | set(issued)):
        numbers = sorted(issued.get(name, []))
        last = numbers[-1] if numbers else 0
        counter = counters.get(name)
        if counter is None:
            out.append(Finding("invoices", f"the {name} invoice counter is missing"))
        elif counter <= last:
            out.append(
                Finding(
                    "invoices",
                    f"the {name} invoice counter was moved back: it would give number {counter} "
                    f"again, but {name}-{last:06d} has already been issued",
                )
            )
        elif counter > last + 1:
            out.append(
                Finding(
                    "invoices",
                    f"the {name} invoice counter is at {counter} but the last {name} number "
                    f"issued is {last}: numbers were skipped",
                )
            )
        missing = sorted(set(range(1, last + 1)) - set(numbers))
        if missing:
            shown = ", ".join(f"{name}-{n:06d}" for n in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            out.append(Finding("invoices", f"issued numbers are missing: {shown}{more}"))
    return out
