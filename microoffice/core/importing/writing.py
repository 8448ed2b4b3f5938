"""Write the checked rows: all of them in the caller's one transaction, or none.

The rows are checked again here, inside the transaction that writes them, so what is written is
what the database says now (a client added in another window since the preview is still caught
as a double). While any row has a problem nothing is written, unless the person chose to leave
those rows out (`skip_bad`), in which case exactly the good rows are written and the others are
listed back.

The rows are new and complete, so they are written with multi-row INSERTs rather than one ORM
object each (which costs ten times the writing itself). The audit hook only sees ORM writes, so
the import audits itself: one audit entry per import that holds every value of every row written,
with their ids, plus the file and the rows left out. It is chained and hashed like every other
entry, so the import is as tamper-evident as a form save.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, insert
from sqlalchemy.orm import Session

from microoffice.core import clock, collector
from microoffice.core.db.audit_hook import SKIP_COLUMNS, append_audit_rows, jsonable
from microoffice.core.errors import StorageError, UserError
from microoffice.core.importing.checking import RowCheck, SheetCheck, check_sheet
from microoffice.core.importing.mapping import Mapping
from microoffice.core.importing.sheets import Sheet
from microoffice.core.models.clients import Client
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import audit_actor, needs
from microoffice.core.people.rights import Right
from microoffice.core.progress import CancelledFn, ProgressFn, Reporter

CHUNK = 250  # rows written between progress reports (and cancel checks)


class ImportRefused(UserError):
    """Some rows have problems and the person did not choose to leave them out."""

    def __init__(self, check: SheetCheck) -> None:
        self.check = check
        bad, total = len(check.bad), len(check.rows)
        noun = "row has a problem" if bad == 1 else "rows have problems"
        super().__init__(
            f"{bad} of {total} {noun}, so nothing was imported. Fix them, or choose to leave "
            f"{'it' if bad == 1 else 'them'} out and import the other {total - bad}."
        )


@dataclass(frozen=True)
class ImportResult:
    kind: str
    ids: tuple[int, ...]
    skipped: tuple[RowCheck, ...]
    check: SheetCheck

    @property
    def imported(self) -> int:
        return len(self.ids)

    def describe(self) -> str:
        noun = "client" if self.kind == "clients" else "staff member"
        text = f"Imported {self.imported} {noun}{'s' if self.imported != 1 else ''}"
        if self.skipped:
            text += f"; left out {len(self.skipped)} row{'s' if len(self.skipped) != 1 else ''}"
        return text + "."


@needs(Right.CLIENTS)
def import_sheet(
    session: Session,
    sheet: Sheet,
    mapping: Mapping,
    kind: str,
    *,
    skip_bad: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportResult:
    """Check, then write every good row; raise ImportRefused (writing nothing) while any row is
    bad and `skip_bad` is off. Cancel raises `Cancelled`, and the caller's rollback undoes all."""
    with collector.paused():
        return _import(session, sheet, mapping, kind, skip_bad, Reporter(progress, cancelled))


def _import(
    session: Session, sheet: Sheet, mapping: Mapping, kind: str, skip_bad: bool, report: Reporter
) -> ImportResult:
    report.step(0, len(sheet), "Checking the rows")
    check = check_sheet(session, sheet, mapping, kind)
    good, bad = check.good, check.bad
    if bad and not skip_bad:
        raise ImportRefused(check)
    model: type[Client] | type[Staff] = Client if kind == "clients" else Staff
    table: Table = model.__table__  # type: ignore[assignment]
    conn = session.connection()
    now = clock.now()
    layout = _Layout(table, conn.dialect, now)
    columns = layout.columns([row.data for row in good])
    statement = _Statement(conn, table, layout)
    rows = statement.rows(columns, len(good))
    ids: list[int] = []
    for start in range(0, len(good), CHUNK):
        report.step(start, len(good), f"Adding row {good[start].row_number}")
        ids += statement.insert(rows[start : start + CHUNK])
    report.step(len(good), len(good), "Saving")
    if ids:
        audit = _audit(session, table, sheet, layout, ids, columns, bad, now)
        append_audit_rows(session, [audit])
    report.check()
    return ImportResult(kind, tuple(ids), tuple(bad), check)


def _default(column: Column[Any]) -> Any:
    """The column's own default when it is a plain value (callables are the time stamps)."""
    default = column.default
    if default is None or not getattr(default, "is_scalar", False):
        return None
    return getattr(default, "arg", None)


class _Layout:
    """A new row's columns in table order, where each value comes from, and (on SQLite) how
    each is stored: the column's own bind processor, run once per distinct value."""

    def __init__(self, table: Table, dialect: Any, now: datetime) -> None:
        columns = [c for c in table.columns if c.name != "id"]
        self.names = [c.name for c in columns]
        self.fixed: dict[str, Any] = {}
        for c in columns:
            if c.name in ("created_at", "updated_at"):
                self.fixed[c.name] = now
            elif c.name == "version":
                self.fixed[c.name] = 1
            else:
                self.fixed[c.name] = _default(c)
        self.sqlite = dialect.name == "sqlite"
        self.process: list[Any] = [
            c.type.dialect_impl(dialect).bind_processor(dialect) if self.sqlite else None
            for c in columns
        ]
        self.audited = [i for i, n in enumerate(self.names) if n not in SKIP_COLUMNS]
        self.same: dict[int, Any] = {}  # columns with one value in every row, by position

    def columns(self, records: list[Any]) -> list[list[Any]]:
        """The records (dataclass instances: their fields are their attributes) a column at a
        time, in table order; on SQLite the values are as the driver stores them."""
        given = [vars(record) for record in records]
        columns: list[list[Any]] = []
        for name, process in zip(self.names, self.process, strict=True):
            if given and name in given[0]:
                column = [values[name] for values in given]
            else:
                column = [self.fixed[name]] * len(given)
            if process is not None:
                memo: dict[Any, Any] = {None: None}
                for value in column:
                    if value not in memo:
                        memo[value] = process(value)
                column = [memo[value] for value in column]
            columns.append(column)
        self.same = (
            {
                i: column[0]
                for i, column in enumerate(columns)
                if column.count(column[0]) == len(column)
            }
            if given
            else {}
        )
        return columns


def _literal(value: Any) -> str | None:
    """A stored value written into the statement itself (None: it must be bound)."""
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    if type(value) is str and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


class _Statement:
    """Inserts rows and returns their ids in order.

    On SQLite the values go to the driver as they are stored (each column's own bind processor);
    a column with the same value in every row (often empty) is written into the statement once
    rather than bound for each row, which is most of the cost of binding. The ids are read back
    from the table: an INTEGER PRIMARY KEY takes the largest id plus one, and the transaction
    holds the write lock, so the rows written are the last len(rows) ids. Elsewhere,
    SQLAlchemy's multi-row INSERT ... RETURNING keeps the order.
    """

    def __init__(self, conn: Connection, table: Table, layout: _Layout) -> None:
        self.conn, self.table, self.layout = conn, table, layout
        values: list[str] = []
        self.bound: list[int] = []
        for i in range(len(layout.names)):
            literal = _literal(layout.same[i]) if i in layout.same else None
            if literal is None:
                self.bound.append(i)
            values.append("?" if literal is None else literal)
        quoted = ", ".join(conn.dialect.identifier_preparer.quote(n) for n in layout.names)
        self.sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join(values)})"

    def rows(self, columns: list[list[Any]], count: int) -> list[tuple[Any, ...]]:
        """The rows to send: on SQLite only the bound columns, elsewhere every column."""
        if not self.layout.sqlite:
            return list(zip(*columns, strict=True)) if columns else [()] * count
        chosen = [columns[i] for i in self.bound]
        return list(zip(*chosen, strict=True)) if chosen else [()] * count

    def insert(self, rows: list[tuple[Any, ...]]) -> list[int]:
        if not rows:
            return []
        conn, table, layout = self.conn, self.table, self.layout
        if not layout.sqlite:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            params = [dict(zip(layout.names, row, strict=True)) for row in rows]
            return [int(i) for i in conn.execute(stmt, params).scalars()]
        conn.exec_driver_sql(self.sql, rows)
        last = conn.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar()
        first = int(last or 0) - len(rows) + 1
        count = conn.exec_driver_sql(
            f"SELECT count(*) FROM {table.name} WHERE id BETWEEN ? AND ?", (first, last)
        ).scalar()
        if count != len(rows):
            raise StorageError("The import could not tell which rows it wrote; nothing was saved.")
        return list(range(first, first + len(rows)))


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return jsonable(value)


def _audit(
    session: Session,
    table: Table,
    sheet: Sheet,
    layout: _Layout,
    ids: list[int],
    columns: list[list[Any]],
    bad: list[RowCheck],
    now: datetime,
) -> dict[str, Any]:
    """One audit entry for the whole import: the file, every row written (as a table: the
    column names once, then each row's id and values), and the rows left out. Values are as
    stored on SQLite, as JSON elsewhere."""
    kept: list[list[Any]] = [ids]
    same: dict[str, Any] = {}  # a column with one value in every row (often empty) is kept once
    varying = ["id"]
    stamp = jsonable(now)
    for i in layout.audited:
        name = layout.names[i]
        column = [stamp] * len(ids) if name == "created_at" else columns[i]
        if not layout.sqlite:
            column = [_plain(value) for value in column]
        if column.count(column[0]) == len(column):
            same[name] = column[0]
        else:
            kept.append(column)
            varying.append(name)
    return {
        "at": now,
        "actor": audit_actor(session),
        "action": "import",
        "entity": table.name,
        "entity_id": f"{ids[0]}-{ids[-1]}",
        "changes": {
            "source": sheet.source,
            "columns": varying,
            "rows": [list(row) for row in zip(*kept, strict=True)],
            "same_in_every_row": dict(reversed(same.items())),
            "left_out_rows": [r.row_number for r in bad],
        },
    }
