"""The audit baseline: `microoffice check` now compares every audited table with the audit log,
so rows an older version wrote without an entry are recorded once, as they stand. No schema
change.

Versions before the replay wrote some rows without an entry (a staff member's availability
replaced, a demo's bulk history, pointers cleared by a retention decision). This migration
replays the log, compares every table the database has with it, and appends one "baseline"
entry per table holding the rows (or the columns of rows) the log did not explain, in the form
the audit hook writes values, chained like any other entry.

Frozen: everything it needs is written out here as it was when it was made (the replay of
core/db/replay.py and the chain of core/db/audit_hook.py at revision 0008), and it reads the
tables from the database itself, not from the program's models, so later changes to the program
cannot change what this upgrade does to an old file.

Revision ID: 0008_audit_baseline
Revises: 0007_fee_statements
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision = "0008_audit_baseline"
down_revision = "0007_fee_statements"
branch_labels = None
depends_on = None

REASON = "upgrade to 0008_audit_baseline"
BASELINE = "baseline"
SKIP_COLUMNS = frozenset({"updated_at", "version"})  # never audited
LINK_TABLES = {"visit_staff": ("visit", "visit_id"), "visit_plan_staff": ("visit_plan", "plan_id")}
NOT_REPLAYED = {"audit_log": (), "number_series": ("next_number",), "alembic_version": ()}
TABLE_ACTIONS = frozenset({"import", "bulk_insert"})


def upgrade() -> None:
    conn = op.get_bind()
    tables = _reflect(conn)
    replay = _replay(conn, tables["audit_log"], tables)
    disposed = _disposed(conn, tables.get("disposal"))
    per_table: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"kind": BASELINE, "reason": REASON, "values": {}, "removed": [], "staff": {}}
    )
    for name, table in sorted(tables.items()):
        if name in LINK_TABLES:
            for owner, staff in _link_differences(conn, table, replay, disposed):
                per_table[name]["staff"][owner] = staff
            continue
        skipped = NOT_REPLAYED.get(name, ())
        if name in NOT_REPLAYED and not skipped:
            continue
        columns = [c for c in table.columns if c.name not in SKIP_COLUMNS | set(skipped)]
        for key, kind, values in _row_differences(conn, table, columns, replay, disposed):
            if kind == "removed":
                per_table[name]["removed"].append(key)
            else:
                per_table[name]["values"][key] = values
    if per_table:
        at = context.config.attributes.get("now") or datetime.now(UTC)
        _chain(conn, tables["audit_log"], at, sorted(per_table.items()))


def downgrade() -> None:
    """The audit log is append-only: the baseline entries stay, and still describe the rows."""


# -- the database as it is ---------------------------------------------------------------------


def _reflect(conn: sa.Connection) -> dict[str, sa.Table]:
    metadata = sa.MetaData()
    metadata.reflect(conn)
    return dict(metadata.tables)


# -- values as the audit hook writes them --------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest(), "bytes": len(value)}
    return value


def _instant(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat()


def _json_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _stored_instant(value: Any) -> Any:
    """'2026-12-07 09:30:00.000000' (naive UTC, as SQLite keeps it) -> ISO in UTC."""
    if not isinstance(value, str):
        return value
    if len(value) == 26 and value[10] == " ":
        tail = "" if value.endswith(".000000") else value[19:]
        return f"{value[:10]}T{value[11:19]}{tail}+00:00"
    return _instant(value)


def _read_instant(value: Any) -> Any:
    """A date-time read through SQLAlchemy (a server): naive UTC, every one an instant."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    return value


def _stored_time(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 15 and value.endswith(".000000"):
        return value[:8]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time | bytes):
        return _jsonable(value)
    return value


def _python_type(kind: Any) -> Any:
    try:
        return kind.python_type
    except (AttributeError, NotImplementedError):
        return None


def _reader(column: sa.Column[Any], raw: bool) -> Callable[[Any], Any] | None:
    """How a column's value becomes what the audit hook writes (None: it already is). Every
    date-time in this schema is a UTC instant."""
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return _stored_instant if raw else _read_instant
    if isinstance(kind, sa.Time):
        return _stored_time if raw else _jsonable
    if isinstance(kind, sa.JSON):
        return _json_text if raw else None
    if isinstance(kind, sa.Date | sa.LargeBinary):
        return _jsonable
    if not isinstance(_python_type(kind), type):
        return _plain
    return None


def _stored_decoder(table: sa.Table | None) -> Callable[[str, Any], Any]:
    """An import keeps values as SQLite stores them: JSON text parsed, date-times as ISO UTC."""
    readers: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns if table is not None else ():
        if isinstance(column.type, sa.DateTime):
            readers[column.name] = _instant
        elif isinstance(column.type, sa.JSON):
            readers[column.name] = _json_text

    def decode(name: str, value: Any) -> Any:
        reader = readers.get(name)
        return value if reader is None or value is None else reader(value)

    return decode


def _as_is(_column: str, value: Any) -> Any:
    return value


# -- what the log says each row holds ------------------------------------------------------------


class _Replay:
    def __init__(self, tables: Mapping[str, sa.Table]) -> None:
        self.tables = tables
        self.rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.links: dict[str, dict[str, set[int]]] = defaultdict(dict)
        self.deleted: dict[str, set[str]] = defaultdict(set)

    def feed(self, entry: Mapping[Any, Any]) -> None:
        action, entity, changes = entry["action"], entry["entity"], entry["changes"]
        if not isinstance(changes, dict):
            return
        entity_id = entry["entity_id"]
        if action == BASELINE:
            self._baseline(entity, changes)
        elif entity in LINK_TABLES:
            self._link(action, entity, entity_id, changes)
        elif action == "insert":
            self.rows[entity][entity_id] = dict(changes)
            self.deleted[entity].discard(entity_id)
        elif action == "update":
            row = self.rows[entity].setdefault(entity_id, {})
            for column, pair in changes.items():
                if isinstance(pair, list) and len(pair) == 2:
                    row[column] = pair[1]
        elif action == "delete":
            self._delete(entity, entity_id)
        elif action == "bulk_update":
            for key in changes.get("ids") or ():
                self.rows[entity].setdefault(str(key), {}).update(changes.get("set") or {})
        elif action in TABLE_ACTIONS and "rows" in changes:
            decode = _stored_decoder(self.tables.get(entity)) if action == "import" else _as_is
            for values in _table_rows(changes, decode):
                key = str(values.pop("id"))
                self.rows[entity][key] = values
                self.deleted[entity].discard(key)

    def _delete(self, entity: str, entity_id: str) -> None:
        self.rows[entity].pop(entity_id, None)
        self.deleted[entity].add(entity_id)
        for link, (owner, _column) in LINK_TABLES.items():
            if owner == entity:
                self.links[link].pop(entity_id, None)

    def _baseline(self, entity: str, changes: dict[str, Any]) -> None:
        for key, columns in (changes.get("values") or {}).items():
            self.rows[entity].setdefault(str(key), {}).update(columns)
            self.deleted[entity].discard(str(key))
        for owner, ids in (changes.get("staff") or {}).items():
            self.links[entity][str(owner)] = {int(s) for s in ids}
        for key in changes.get("removed") or ():
            self._delete(entity, str(key))

    def _link(self, action: str, entity: str, entity_id: str, changes: dict[str, Any]) -> None:
        if action == "update" and isinstance(changes.get("staff_ids"), list):
            after = changes["staff_ids"][-1]
            self.links[entity][entity_id] = {int(s) for s in after or ()}
        elif action in TABLE_ACTIONS:
            owner_column = LINK_TABLES[entity][1]
            for values in _table_rows(changes, _as_is):
                owner = str(values[owner_column])
                self.links[entity].setdefault(owner, set()).add(int(values["staff_id"]))


def _table_rows(
    changes: dict[str, Any], decode: Callable[[str, Any], Any]
) -> Iterable[dict[str, Any]]:
    columns = list(changes.get("columns") or ())
    common = {k: decode(k, v) for k, v in dict(changes.get("same_in_every_row") or {}).items()}
    for row in changes.get("rows") or ():
        values = dict(common)
        values.update({c: decode(c, v) for c, v in zip(columns, row, strict=False)})
        yield values


def _replay(conn: sa.Connection, audit: sa.Table, tables: Mapping[str, sa.Table]) -> _Replay:
    replay = _Replay(tables)
    for entry in conn.execute(sa.select(audit).order_by(audit.c.id)).mappings():
        replay.feed(entry)
    return replay


def _disposed(conn: sa.Connection, disposal: sa.Table | None) -> set[tuple[str, str]]:
    """Rows removed by a recorded retention decision: gone on purpose."""
    found: set[tuple[str, str]] = set()
    if disposal is None:
        return found
    query = sa.select(disposal.c.removed).where(disposal.c.decision == "destroy")
    for (removed,) in conn.execute(query):
        for table, ids in (_json_text(removed) or {}).items():
            found.update((table, str(i)) for i in ids)
    return found


# -- where the rows differ -----------------------------------------------------------------------


def _same(expected: Any, live: Any) -> bool:
    if isinstance(expected, str) and isinstance(live, str):
        return bool(_instant(expected) == _instant(live))
    return False


def _row_differences(
    conn: sa.Connection,
    table: sa.Table,
    columns: list[sa.Column[Any]],
    replay: _Replay,
    disposed: set[tuple[str, str]],
) -> Iterable[tuple[str, str, dict[str, Any]]]:
    """(row key, "changed"/"added"/"removed", the row's values that need recording)."""
    name = table.name
    expected = replay.rows.get(name, {})
    keys = [i for i, c in enumerate(columns) if c.primary_key]
    raw = conn.dialect.name == "sqlite"
    readers = [(i, c.name, _reader(c, raw)) for i, c in enumerate(columns)]
    if raw:
        quote = conn.dialect.identifier_preparer.quote
        rows: Any = conn.exec_driver_sql(
            f"SELECT {', '.join(quote(c.name) for c in columns)} FROM {quote(name)}"
        )
    else:
        rows = conn.execute(sa.select(*columns))
    seen: set[str] = set()
    for row in rows:
        key = str(row[keys[0]]) if len(keys) == 1 else ",".join(str(row[i]) for i in keys)
        seen.add(key)
        want = expected.get(key)
        if want is None:
            yield key, "added", {c: row[i] if r is None else r(row[i]) for i, c, r in readers}
            continue
        changed: dict[str, Any] = {}
        for i, column, read in readers:
            value = row[i] if read is None else read(row[i])
            if column not in want:
                if i not in keys:
                    changed[column] = value
            elif value != want[column] and not _same(want[column], value):
                changed[column] = value
        if changed:
            yield key, "changed", changed
    for key in sorted(expected.keys() - seen):
        if (name, key) not in disposed:
            yield key, "removed", {}


def _link_differences(
    conn: sa.Connection, table: sa.Table, replay: _Replay, disposed: set[tuple[str, str]]
) -> Iterable[tuple[str, list[int]]]:
    owner_table, owner_column = LINK_TABLES[table.name]
    live: dict[str, set[int]] = defaultdict(set)
    for owner, staff in conn.execute(sa.select(table.c[owner_column], table.c.staff_id)):
        live[str(owner)].add(int(staff))
    expected = replay.links.get(table.name, {})
    gone = replay.deleted.get(owner_table, set())
    for owner in sorted(set(live) | set(expected)):
        want = set() if owner in gone else expected.get(owner, set())
        have = live.get(owner, set())
        if want != have and not (not have and (owner_table, owner) in disposed):
            yield owner, sorted(have)


# -- appending to the chain ----------------------------------------------------------------------


def _row_hash(row: Mapping[str, Any], prev_hash: str) -> str:
    payload = {
        "at": _jsonable(row["at"]),
        "actor": row["actor"],
        "action": row["action"],
        "entity": row["entity"],
        "entity_id": row["entity_id"],
        "changes": row["changes"],
        "prev": prev_hash,
    }
    try:
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    except TypeError:
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _chain(
    conn: sa.Connection, audit: sa.Table, at: datetime, entries: list[tuple[str, dict[str, Any]]]
) -> None:
    """One baseline entry per table, chained after the last entry; `at` is stored as naive UTC,
    as every instant is."""
    prev = conn.execute(sa.select(audit.c.hash).order_by(audit.c.id.desc()).limit(1)).scalar()
    prev = prev or ""
    rows = []
    for table, changes in entries:
        row = {
            "at": at,
            "actor": "upgrade",
            "action": BASELINE,
            "entity": table,
            "entity_id": "",
            "changes": changes,
        }
        row["prev_hash"] = prev
        row["hash"] = prev = _row_hash(row, prev)
        rows.append(row | {"at": at.astimezone(UTC).replace(tzinfo=None)})
    conn.execute(sa.insert(audit), rows)
