"""The whole database as documented JSON (docs/export-format.md), and back, exactly.

Export walks every table in dependency order and encodes each value by its column type. Import
first checks the whole file (check_export: the JSON Schema in docs/export-format.schema.json,
one row per id, the forms' own rules for clients, staff and contacts), then writes it in one
transaction, so a malformed or hostile file changes nothing and creates no file. The output has no timestamps of its own, so exporting an imported copy gives the same bytes.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Time,
    bindparam,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from microoffice.core.db.base import Base
from microoffice.core.db.chain import ChainHead, current_head
from microoffice.core.db.database import Database, _ensure_models
from microoffice.core.db.engine import READING
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.db.types import UTCDateTime
from microoffice.core.errors import UserError
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right
from microoffice.core.publish import publish_file

FORMAT = "microoffice-export"  # also in export_schema.py, which checks they agree
FORMAT_VERSION = 1


class ImportFileError(UserError):
    """The JSON file cannot be imported; the message says where and why."""


def _tables() -> list[Table]:
    _ensure_models()
    return list(Base.metadata.sorted_tables)


def _encode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return value.isoformat()
    if isinstance(kind, Date):
        return value.isoformat()
    if isinstance(kind, Time):
        return value.isoformat()
    if isinstance(kind, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    return value


def _decode(column: Column[Any], value: Any, where: str) -> Any:
    if value is None:
        if not column.nullable and not column.primary_key:
            raise ImportFileError(f"{where}: a value is required")
        return None
    kind = column.type
    try:
        if isinstance(kind, UTCDateTime):
            parsed = datetime.fromisoformat(_str(value))
            if parsed.tzinfo is None:
                raise ValueError("a date-time without its time zone")
            return parsed
        if isinstance(kind, Date):
            return date.fromisoformat(_str(value))
        if isinstance(kind, Time):
            return time.fromisoformat(_str(value))
        if isinstance(kind, LargeBinary):
            return base64.b64decode(_str(value), validate=True)
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise ValueError("true or false")
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError("a whole number")
            return value
        if isinstance(kind, String | Text):
            text_value = _str(value)
            length = getattr(kind, "length", None)
            if length is not None and len(text_value) > length:
                raise ValueError(f"text of at most {length} characters")
            return text_value
        if isinstance(kind, JSON):
            return value
    except (ValueError, TypeError) as exc:
        raise ImportFileError(f"{where}: expected {exc}, found {json.dumps(value)[:60]}") from None
    raise ImportFileError(f"{where}: column type {kind} is not supported")  # pragma: no cover


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value


@needs_office(Right.OFFICE_FILE)
def export_data(database: Database) -> dict[str, Any]:
    return export_with_head(database)[0]


@needs_office(Right.OFFICE_FILE)
def export_with_head(database: Database) -> tuple[dict[str, Any], ChainHead | None]:
    """The export and the audit chain head it holds, read from one snapshot: on a server where
    others keep working, every table is read as it stood at one moment (an invoice is never
    exported without lines that were being saved meanwhile)."""
    conn = database.engine.connect()
    if conn.dialect.name == "postgresql":  # a snapshot, and nobody's save waits for it
        conn = conn.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True, **{READING: True}
        )
    with conn:
        data = _export_on(conn)
        head = current_head(conn)
    return data, head


def _export_on(conn: Connection) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for table in _tables():
        columns = list(table.columns)
        order = [c for c in table.primary_key.columns] or columns
        rows = conn.execute(select(table).order_by(*order)).all()
        tables[table.name] = {
            "columns": [c.name for c in columns],
            "rows": [[_encode(c, row[i]) for i, c in enumerate(columns)] for row in rows],
        }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": HEAD_REVISION,
        "tables": tables,
    }


@needs_office(Right.OFFICE_FILE)
def export_json(database: Database, out: IO[str]) -> None:
    json.dump(export_data(database), out, ensure_ascii=False, indent=1, sort_keys=False)
    out.write("\n")


@needs_office(Right.OFFICE_FILE)
def export_json_file(database: Database, path: Path) -> None:
    text = io.StringIO()
    export_json(database, text)
    publish_file(path, text.getvalue().encode("utf-8"))


def read_export(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileError(f"There is no file at {path}.") from None
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{path.name} is not a text file; choose a microoffice JSON export."
        ) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Choose a file made by 'microoffice export --json'."
        ) from None
    except RecursionError:
        raise ImportFileError(
            f"{path.name} nests lists inside lists thousands deep, which no microoffice export "
            "does; it was not read."
        ) from None
    return validate_header(data)


def validate_header(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(
            "This JSON file is not a microoffice export (its 'format' is missing)."
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise ImportFileError(
            f"This export uses format version {data.get('format_version')!r}; this microoffice reads "
            f"version {FORMAT_VERSION}."
        )
    if data.get("schema_revision") != HEAD_REVISION:
        raise ImportFileError(
            f"This export was made by a different version of microoffice (schema "
            f"{data.get('schema_revision')!r}, this one is {HEAD_REVISION}). Open it with the "
            "version that made it, then export again."
        )
    if not isinstance(data.get("tables"), dict):
        raise ImportFileError("The export has no 'tables' section.")
    return data


def check_export(data: Any) -> dict[str, Any]:
    """Refuse an export with anything wrong in it, before anything is written: its header, then
    every value against docs/export-format.schema.json (types, ranges, lengths, vocabularies),
    then what a schema cannot say (one row per id), then the rows of clients, staff and contacts
    by the very rules their forms apply."""
    from microoffice.core.services.export_schema import schema_problem

    header: dict[str, Any] = validate_header(data)
    known = {t.name for t in _tables()}
    unknown = sorted(set(header["tables"]) - known)
    if unknown:
        raise ImportFileError(
            f"The export has tables this version does not know: {', '.join(unknown)}"
        )
    problem = schema_problem(header)
    if problem is not None:
        raise ImportFileError(f"{problem}. Nothing was imported.")
    for table in _tables():
        section = header["tables"].get(table.name)
        if section is not None:
            _refuse_double_ids(table, section)
            _check_by_form(table, section)
    return header


def _refuse_double_ids(table: Table, section: dict[str, Any]) -> None:
    if "id" not in section["columns"]:
        return
    at = section["columns"].index("id")
    seen: dict[Any, int] = {}
    for number, row in enumerate(section["rows"], start=1):
        first = seen.setdefault(row[at], number)
        if first != number:
            raise ImportFileError(
                f"Table {table.name}: rows {first} and {number} both have id {row[at]}; each row "
                "needs its own. Nothing was imported."
            )


def _check_by_form(table: Table, section: dict[str, Any]) -> None:
    """Rows of the tables a person fills in through a form, checked by that form's rules."""
    from dataclasses import fields

    from microoffice.core.errors import ValidationError
    from microoffice.core.services import clients, contacts, staff

    forms: dict[str, tuple[Any, Any]] = {
        "client": (clients.ClientData, clients.validate),
        "staff": (staff.StaffData, staff.validate),
        "contact": (contacts.ContactData, contacts.validate),
    }
    if table.name not in forms:
        return
    cls, validate = forms[table.name]
    names = [f.name for f in fields(cls) if f.name in section["columns"]]
    places = {name: section["columns"].index(name) for name in names}
    for number, row in enumerate(section["rows"], start=1):
        where = f"Table {table.name}, row {number}"
        values = {
            name: _decode(table.columns[name], row[at], f"{where}, column {name}")
            for name, at in places.items()
        }
        try:
            validate(cls(**values))
        except ValidationError as exc:
            problems = "; ".join(exc.summary().splitlines())
            raise ImportFileError(f"{where}: {problems}. Nothing was imported.") from None


@needs_office(Right.OFFICE_FILE)
def import_data(
    database: Database, data: dict[str, Any], *, checked: bool = False
) -> dict[str, int]:
    """Load an export into an empty database in one transaction; returns rows per table.
    `checked`: check_export has already passed it."""
    if not checked:
        data = check_export(data)
    known = {t.name: t for t in _tables()}
    counts: dict[str, int] = {}
    with database.engine.begin() as conn:
        _refuse_non_owner(conn)
        _refuse_non_empty(conn)
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        issued: list[dict[str, Any]] = []
        for name, table in known.items():
            section = data["tables"].get(name)
            if section is None:
                continue
            counts[name] = _import_table(conn, table, section, issued)
        _check_foreign_keys(conn)
        _reissue(conn, known["invoice"], issued)
        _advance_sequences(conn)
    return counts


def _refuse_non_owner(conn: Connection) -> None:
    """On a server, only the office's owner imports: another login's rights would hide rows
    (so a full office could look empty) and refuse most of the writes."""
    if conn.dialect.name != "postgresql":
        return
    from microoffice.core.db.server_roles import may_change_schema

    if not may_change_schema(conn):
        raise ImportFileError(
            "Only the server office's owner can import into it; sign in as the owner. "
            "Nothing was imported."
        )


def _refuse_non_empty(conn: Connection) -> None:
    """An import never merges: every table must be empty, so not even the reference figures a
    new office starts with (an office that has been opened for use is not empty)."""
    for table in _tables():
        if conn.execute(select(table).limit(1)).first() is not None:
            raise ImportFileError(
                "Import goes into a new, empty database so nothing you have is overwritten; "
                f"this one already holds data (table {table.name}). Choose a new file name "
                "with --db, or for a server make a new office with 'microoffice server setup'. "
                "Nothing was imported."
            )


def _import_table(
    conn: Connection, table: Table, section: Any, issued: list[dict[str, Any]]
) -> int:
    if not isinstance(section, dict) or not isinstance(section.get("rows"), list):
        raise ImportFileError(f"Table {table.name}: expected 'columns' and 'rows'.")
    columns = section.get("columns")
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise ImportFileError(f"Table {table.name}: 'columns' must be a list of names.")
    missing = [c.name for c in table.columns if c.name not in columns and not c.nullable]
    extra = [c for c in columns if c not in table.columns]
    if extra:
        raise ImportFileError(f"Table {table.name}: unknown columns {', '.join(extra)}.")
    if missing:
        raise ImportFileError(
            f"Table {table.name}: required columns missing: {', '.join(missing)}."
        )
    cols = [table.columns[c] for c in columns]
    batch = []
    for number, row in enumerate(section["rows"], start=1):
        if not isinstance(row, list) or len(row) != len(cols):
            raise ImportFileError(f"Table {table.name}, row {number}: expected {len(cols)} values.")
        batch.append(
            {
                c.name: _decode(c, value, f"Table {table.name}, row {number}, column {c.name}")
                for c, value in zip(cols, row, strict=True)
            }
        )
    if table.name == "invoice":
        _as_drafts(batch, issued)
    if batch:
        try:
            conn.execute(insert(table), batch)
        except IntegrityError as exc:
            if getattr(exc.orig, "sqlstate", None) == "23503":  # a server checks at once
                raise ImportFileError(
                    f"Table {table.name}: a row points at a row of another table that is not in "
                    "the file. Nothing was imported."
                ) from None
            raise ImportFileError(
                f"Table {table.name}: two rows are the same where the database allows only one "
                "(the same number, key or name twice). Nothing was imported."
            ) from None
    return len(batch)


def _as_drafts(batch: list[dict[str, Any]], issued: list[dict[str, Any]]) -> None:
    """The guards refuse lines on an issued invoice, so invoices go in as drafts and take
    their status back once their lines are in (the one change the guards allow a draft)."""
    for row in batch:
        status = row.get("status")
        if status not in (None, "draft"):
            stamp = row.get("updated_at")
            issued.append({"invoice_id": row["id"], "invoice_status": status, "stamp": stamp})
            row["status"] = "draft"


def _reissue(conn: Connection, invoice: Table, issued: list[dict[str, Any]]) -> None:
    if issued:
        conn.execute(
            update(invoice)
            .where(invoice.c.id == bindparam("invoice_id"))
            # the stamp as exported: an UPDATE would otherwise set updated_at to now
            .values(status=bindparam("invoice_status"), updated_at=bindparam("stamp")),
            issued,
        )


def _advance_sequences(conn: Connection) -> None:
    """PostgreSQL ids come from sequences that explicit inserts do not move; move them past."""
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        if "id" in table.columns and isinstance(table.columns["id"].type, Integer):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def _check_foreign_keys(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise ImportFileError(
            f"Table {table}, row id {rowid}, points at a {parent} row that is not in the file "
            f"({len(broken)} such problem(s)). Nothing was imported."
        )


def import_json_file(source: Path, target: str) -> dict[str, int]:
    """Import an export into a new database file; on any problem no file is left behind."""
    from microoffice.core import paths
    from microoffice.core.db.database import open_database

    data = check_export(read_export(source))  # before a file is made
    is_file = not paths.is_url(target)
    target_path = Path(target).expanduser()
    if is_file and target_path.exists() and target_path.stat().st_size > 0:
        raise ImportFileError(
            f"{target_path} already exists. Import goes into a new file so nothing you have is "
            "overwritten; choose a new name with --db."
        )
    database = open_database(target, seed=False)
    try:
        return import_data(database, data, checked=True)
    except BaseException:
        database.close()
        if is_file:
            for suffix in ("", "-wal", "-shm"):
                Path(str(target_path) + suffix).unlink(missing_ok=True)
        raise
    finally:
        database.close()
