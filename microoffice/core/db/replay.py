"""What every audited table should hold now, according to its audit log, and where it does not.

The audit hook writes every insert, update and delete with its values; bulk writers (imports, demo
loads, the baseline an upgrade records) write one entry holding a table of rows. Replaying the log
in order gives each row's expected values, so a row changed, added or removed without an entry,
by a SQL shell or any program other than this one, is named with the fields that differ.

Only what the log covers is compared: `updated_at` and `version` are never audited, and a column
an upgrade added is compared once a baseline or a later write has recorded it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import JSON, Column, Connection, Date, LargeBinary, Table, Time, select

from microoffice.core.db.audit_hook import SKIP_COLUMNS, jsonable
from microoffice.core.db.base import Base
from microoffice.core.db.types import UTCDateTime

# Tables without an id of their own: each owner's set of staff, audited as one list per owner.
LINK_TABLES = {"visit_staff": ("visit", "visit_id"), "visit_plan_staff": ("visit_plan", "plan_id")}
# Compared some other way: the chain checks itself; an invoice counter moves by a plain UPDATE in
# the issuing transaction and is checked against the numbers actually issued.
NOT_REPLAYED = {"audit_log": (), "number_series": ("next_number",)}
TABLE_ACTIONS = frozenset({"import", "bulk_insert"})
BASELINE = "baseline"


@dataclass(frozen=True)
class Difference:
    """One row that is not what the log says: `values` are the row's own (as the audit hook would
    write them) for the columns that differ, or all of them for a row the log never saw."""

    table: str
    row: str
    kind: str  # changed | added | removed
    columns: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def message(self) -> str:
        if self.table in LINK_TABLES:
            owner = LINK_TABLES[self.table][0].replace("_", " ")
            return f"{owner} row {self.row} was changed outside microoffice: staff on it"
        noun = f"{self.table.replace('_', ' ')} row {self.row}"
        if self.kind == "changed":
            fields = ", ".join(_plain_words(c) for c in self.columns)
            return f"{noun} was changed outside microoffice: {fields}"
        if self.kind == "added":
            return f"{noun} was added outside microoffice (the audit log never recorded it)"
        return f"{noun} was removed outside microoffice (the audit log never recorded that)"


@dataclass(frozen=True)
class Baseline:
    """Rows an upgrade took as they stood because the log before it did not explain them."""

    entry: int
    at: Any
    table: str
    rows: int


@dataclass
class Replay:
    """Expected rows per table, built one audit entry at a time (in id order)."""

    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    links: dict[str, dict[str, set[int]]] = field(default_factory=lambda: defaultdict(dict))
    deleted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    baselines: list[Baseline] = field(default_factory=list)

    def feed(self, entry: Mapping[Any, Any]) -> None:
        action, entity, changes = entry["action"], entry["entity"], entry["changes"]
        if not isinstance(changes, dict):
            return
        entity_id = entry["entity_id"]
        if action == BASELINE:
            self._baseline(entry, changes)
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
            self._table(entity, changes, stored=action == "import")

    def _delete(self, entity: str, entity_id: str) -> None:
        self.rows[entity].pop(entity_id, None)
        self.deleted[entity].add(entity_id)
        for link, (owner, _column) in LINK_TABLES.items():
            if owner == entity:
                self.links[link].pop(entity_id, None)

    def _baseline(self, entry: Mapping[Any, Any], changes: dict[str, Any]) -> None:
        entity = entry["entity"]
        values = changes.get("values") or {}
        staff = changes.get("staff") or {}
        removed = changes.get("removed") or ()
        for key, columns in values.items():
            self.rows[entity].setdefault(str(key), {}).update(columns)
            self.deleted[entity].discard(str(key))
        for owner, ids in staff.items():
            self.links[entity][str(owner)] = {int(s) for s in ids}
        for key in removed:
            self._delete(entity, str(key))
        count = len(values) + len(staff) + len(removed)
        self.baselines.append(Baseline(entry["id"], entry["at"], entity, count))

    def _link(self, action: str, entity: str, entity_id: str, changes: dict[str, Any]) -> None:
        if action == "update" and isinstance(changes.get("staff_ids"), list):
            after = changes["staff_ids"][-1]
            self.links[entity][entity_id] = {int(s) for s in after or ()}
        elif action in TABLE_ACTIONS:
            owner_column = LINK_TABLES[entity][1]
            for values in _table_rows(changes, _as_is):
                owner = str(values[owner_column])
                self.links[entity].setdefault(owner, set()).add(int(values["staff_id"]))

    def _table(self, entity: str, changes: dict[str, Any], stored: bool) -> None:
        table = Base.metadata.tables.get(entity)
        decode = _stored_decoder(table) if stored and table is not None else _as_is
        for values in _table_rows(changes, decode):
            key = str(values.pop("id"))
            self.rows[entity][key] = values
            self.deleted[entity].discard(key)


def disposed_rows(conn: Connection) -> set[tuple[str, str]]:
    """Rows removed by a recorded retention decision: gone on purpose, not behind the app's back."""
    disposal = Base.metadata.tables["disposal"]
    found: set[tuple[str, str]] = set()
    query = select(disposal.c.removed).where(disposal.c.decision == "destroy")
    for (removed,) in conn.execute(query):
        for table, ids in (removed or {}).items():
            found.update((table, str(i)) for i in ids)
    return found


def _as_is(_column: str, value: Any) -> Any:
    return value


def _table_rows(
    changes: dict[str, Any], decode: Callable[[str, Any], Any]
) -> Iterable[dict[str, Any]]:
    """Rows of a table-shaped entry: column names once, then each row's values, plus the columns
    with one value in every row."""
    columns = list(changes.get("columns") or ())
    same = dict(changes.get("same_in_every_row") or {})
    common = {name: decode(name, value) for name, value in same.items()}
    for row in changes.get("rows") or ():
        values = dict(common)
        if decode is _as_is:
            values.update(zip(columns, row, strict=False))
        else:
            values.update({c: decode(c, v) for c, v in zip(columns, row, strict=False)})
        yield values


def _stored_decoder(table: Table) -> Callable[[str, Any], Any]:
    """An import keeps values as SQLite stores them; read them back as the audit hook writes them
    (JSON text parsed, date-times as ISO in UTC)."""
    readers: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        if isinstance(column.type, UTCDateTime):
            readers[column.name] = _instant
        elif isinstance(column.type, JSON):
            readers[column.name] = _json_text

    def decode(name: str, value: Any) -> Any:
        reader = readers.get(name)
        return value if reader is None or value is None else reader(value)

    return decode


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


def _reader(column: Column[Any], raw: bool) -> Callable[[Any], Any] | None:
    """How to turn a column's value into what the audit hook writes (None: it already is).

    `raw` values are as SQLite stores them, read without SQLAlchemy's type processing: a year of
    visits has half a million date-times, and slicing text is several times cheaper than
    building and formatting datetime objects."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _stored_instant if raw else _aware_instant
    if isinstance(kind, Time):
        return _stored_time if raw else jsonable
    if isinstance(kind, JSON):
        return _json_text if raw else None
    if isinstance(kind, Date | LargeBinary):
        return jsonable
    if not isinstance(getattr(kind, "python_type", None), type):
        return _plain
    return None


def _aware_instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _stored_instant(value: Any) -> Any:
    """'2026-12-07 09:30:00.000000' (naive UTC) -> '2026-12-07T09:30:00+00:00'."""
    if not isinstance(value, str):
        return value
    if len(value) == 26 and value[10] == " ":
        tail = "" if value.endswith(".000000") else value[19:]
        return f"{value[:10]}T{value[11:19]}{tail}+00:00"
    return _instant(value)


def _stored_time(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 15 and value.endswith(".000000"):
        return value[:8]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time | bytes):  # a loosely typed column
        return jsonable(value)
    return value


def compare(conn: Connection, replay: Replay, disposed: set[tuple[str, str]]) -> list[Difference]:
    """Every live row against its replayed values; rows disposed of by a recorded retention
    decision are gone on purpose. (Migration 0008 holds its own frozen copy of this, to record
    an upgrade's baseline.)"""
    out: list[Difference] = []
    for table in Base.metadata.sorted_tables:
        name = table.name
        if name in LINK_TABLES:
            out += _compare_links(conn, table, replay, disposed)
            continue
        skipped = NOT_REPLAYED.get(name, ())
        if name in NOT_REPLAYED and not skipped:
            continue
        columns = [c for c in table.columns if c.name not in SKIP_COLUMNS and c.name not in skipped]
        expected = replay.rows.get(name, {})
        out += _compare_table(conn, table, columns, expected, disposed)
    return out


def _compare_table(
    conn: Connection,
    table: Table,
    columns: list[Column[Any]],
    expected: dict[str, dict[str, Any]],
    disposed: set[tuple[str, str]],
) -> list[Difference]:
    out: list[Difference] = []
    name = table.name
    keys = [i for i, c in enumerate(columns) if c.primary_key]
    raw = conn.dialect.name == "sqlite"
    readers = [(i, c.name, _reader(c, raw)) for i, c in enumerate(columns)]
    if raw:
        quote = conn.dialect.identifier_preparer.quote
        rows = conn.exec_driver_sql(
            f"SELECT {', '.join(quote(c.name) for c in columns)} FROM {quote(name)}"
        )
    else:
        rows = conn.execute(select(*columns))
    seen: set[str] = set()
    for row in rows:
        key = str(row[keys[0]]) if len(keys) == 1 else ",".join(str(row[i]) for i in keys)
        seen.add(key)
        want = expected.get(key)
        if want is None:
            values = {c: row[i] if read is None else read(row[i]) for i, c, read in readers}
            out.append(Difference(name, key, "added", (), values))
            continue
        changed: dict[str, Any] = {}
        for i, column, read in readers:
            value = row[i] if read is None else read(row[i])
            if column not in want:
                continue
            if value != want[column] and not _same(want[column], value):
                changed[column] = value
        if changed:
            out.append(Difference(name, key, "changed", tuple(changed), changed))
    for key in expected.keys() - seen:
        if (name, key) not in disposed:
            out.append(Difference(name, key, "removed"))
    return sorted(out, key=lambda d: (_sort_key(d.row), d.kind))


def _same(expected: Any, live: Any) -> bool:
    """Date-times equal once both are read the same way (one audited as SQLite stores it)."""
    if isinstance(expected, str) and isinstance(live, str):
        return bool(_instant(expected) == _instant(live))
    return False


def _compare_links(
    conn: Connection, table: Table, replay: Replay, disposed: set[tuple[str, str]]
) -> list[Difference]:
    owner_table, owner_column = LINK_TABLES[table.name]
    live: dict[str, set[int]] = defaultdict(set)
    for owner, staff in conn.execute(select(table.c[owner_column], table.c.staff_id)):
        live[str(owner)].add(int(staff))
    expected = replay.links.get(table.name, {})
    gone = replay.deleted.get(owner_table, set())
    out = []
    for owner in sorted(set(live) | set(expected), key=_sort_key):
        want = set() if owner in gone else expected.get(owner, set())
        have = live.get(owner, set())
        if want != have and not (not have and (owner_table, owner) in disposed):
            out.append(
                Difference(table.name, owner, "changed", ("staff_id",), {"staff": sorted(have)})
            )
    return out


PLAIN_WORDS = {
    "pdf": "the stored PDF",
    "sha256": "the stored PDF's fingerprint",
    "pdf_sha256": "the issued PDF's fingerprint",
    "staff_id": "staff on it",
}


def _plain_words(column: str) -> str:
    """'total_pence' -> 'total', 'client_id' -> 'client': the field as a form labels it."""
    if column in PLAIN_WORDS:
        return PLAIN_WORDS[column]
    return column.removesuffix("_pence").removesuffix("_id").replace("_", " ")


def _sort_key(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)
