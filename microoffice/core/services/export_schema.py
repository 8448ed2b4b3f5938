"""The JSON export format as a JSON Schema (draft 2020-12), and the check of a file against it.

The schema is made from the tables themselves (every column's type, length and whether it may
be empty) and from the closed vocabularies stored as text (a nation, a role, a visit's status),
so it cannot drift from the database. docs/export-format.schema.json is this schema written
out, for anyone reading or producing an export with other tools; a test holds the file to be
exactly what this module makes (after a migration: `python -m
microoffice.core.services.export_schema > docs/export-format.schema.json`).

Import checks a file against it before anything is written, so a nation "atlantis", an id past
what the database can hold, or a number where text belongs is refused with the table, row and
column named, and no database file is created.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, Integer, LargeBinary, String, Text, Time

from microoffice.core.billing.payments import PaymentMethod
from microoffice.core.db.base import Base
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.db.types import UTCDateTime
from microoffice.core.models.enums import (
    ContactKind,
    EmploymentType,
    FundingType,
    InvoiceStatus,
    LegalForm,
    Nation,
    OrganisationKind,
    PersonRole,
    ServiceType,
    StaffRole,
    VatCategory,
    VisitStatus,
)

SCHEMA_ID = "https://microoffice.invalid/export-format.schema.json"
FORMAT = "microoffice-export"  # the same as transfer.FORMAT (a test holds them equal)
FORMAT_VERSION = 1
# PostgreSQL's INTEGER (SQLite's is wider): the range every supported database can hold.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
TEXT_MAX = 1_000_000  # characters in one unbounded text value (notes, a letter's wording)
NO_CONTROL = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"
DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIME = "^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?$"
INSTANT = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
BASE64 = "^[A-Za-z0-9+/]*={0,2}$"

# Columns holding a closed vocabulary, stored as its code (models/enums.py).
VOCABULARIES: dict[tuple[str, str], type[StrEnum]] = {
    ("bank_holiday_override", "nation"): Nation,
    ("business", "legal_form"): LegalForm,
    ("business", "nation"): Nation,
    ("client", "nation"): Nation,
    ("contact", "kind"): ContactKind,
    ("funding_arrangement", "funding_type"): FundingType,
    ("invoice", "status"): InvoiceStatus,
    ("invoice_line", "vat_category"): VatCategory,
    ("organisation", "kind"): OrganisationKind,
    ("payment", "method"): PaymentMethod,
    ("person", "role"): PersonRole,
    ("rate_card", "vat_category"): VatCategory,
    ("refund", "method"): PaymentMethod,
    ("staff", "employment_type"): EmploymentType,
    ("staff", "role"): StaffRole,
    ("visit", "service_type"): ServiceType,
    ("visit", "status"): VisitStatus,
    ("visit_plan", "service_type"): ServiceType,
}


def _value(table: str, column: Column[Any]) -> dict[str, Any]:
    """What one column's value may be (not counting null)."""
    vocabulary = VOCABULARIES.get((table, column.name))
    if vocabulary is not None:
        return {"enum": [member.value for member in vocabulary]}
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return {"type": "string", "pattern": INSTANT}
    if isinstance(kind, Date):
        return {"type": "string", "pattern": DATE}
    if isinstance(kind, Time):
        return {"type": "string", "pattern": TIME}
    if isinstance(kind, LargeBinary):
        return {"type": "string", "contentEncoding": "base64", "pattern": BASE64}
    if isinstance(kind, Boolean):
        return {"type": "boolean"}
    if isinstance(kind, Integer):
        low = 1 if column.primary_key else INT_MIN
        return {"type": "integer", "minimum": low, "maximum": INT_MAX}
    if isinstance(kind, String | Text):
        length = getattr(kind, "length", None) or TEXT_MAX
        return {"type": "string", "maxLength": length, "pattern": NO_CONTROL}
    if isinstance(kind, JSON):
        return {}
    raise TypeError(f"{table}.{column.name}: no JSON form for {kind!r}")  # pragma: no cover


def _column(table: str, column: Column[Any]) -> dict[str, Any]:
    value = _value(table, column)
    if not column.nullable or column.primary_key or value == {}:
        return value
    if "enum" in value:
        return {"enum": [*value["enum"], None]}
    # pattern, maxLength, minimum and maximum apply only to their own type, so null passes them
    return value | {"type": [value["type"], "null"]}


def _table(name: str, columns: list[Column[Any]]) -> dict[str, Any]:
    names = [c.name for c in columns]
    return {
        "type": "object",
        "properties": {
            "columns": {"const": names},
            "rows": {
                "type": "array",
                "items": {
                    "type": "array",
                    "prefixItems": [_column(name, c) for c in columns],
                    "minItems": len(columns),
                    "items": False,
                },
            },
        },
        "required": ["columns", "rows"],
        "additionalProperties": False,
    }


@cache
def export_schema() -> dict[str, Any]:
    """The schema of `microoffice export --json` for this program's database schema."""
    from microoffice.core.db.database import _ensure_models

    _ensure_models()
    tables = {t.name: _table(t.name, list(t.columns)) for t in Base.metadata.sorted_tables}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "microoffice JSON export",
        "description": "The whole database as written by `microoffice export --json`; see "
        "docs/export-format.md. Made from the database schema by "
        "microoffice/core/services/export_schema.py.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "schema_revision": {"const": HEAD_REVISION},
            "tables": {
                "type": "object",
                "properties": dict(sorted(tables.items())),
                "additionalProperties": False,
            },
        },
        "required": ["format", "format_version", "schema_revision", "tables"],
        "additionalProperties": False,
    }


def schema_text() -> str:
    """The schema as docs/export-format.schema.json holds it."""
    return json.dumps(export_schema(), indent=1, ensure_ascii=False) + "\n"


def _where(path: list[Any], data: Any, offset: int = 0) -> str:
    """A place in the file as a person reads it: 'Table client, row 3, column nation'."""
    if len(path) < 2 or path[0] != "tables":
        return "The file" if not path else f"'{path[0]}'"
    table = str(path[1])
    where = f"Table {table}"
    if len(path) >= 4 and path[2] == "rows" and isinstance(path[3], int):
        where += f", row {path[3] + offset + 1}"
        if len(path) >= 5 and isinstance(path[4], int):
            columns = data.get("tables", {}).get(table, {}).get("columns", [])
            name = columns[path[4]] if isinstance(columns, list) and path[4] < len(columns) else ""
            where += f", column {name}" if name else f", value {path[4] + 1}"
    elif len(path) >= 3:
        where += f", '{path[2]}'"
    return where


_KIND_WORDS = {
    "integer": "a whole number",
    "string": "text",
    "boolean": "true or false",
    "null": "null (empty)",
    "object": "an object {...}",
    "array": "a list [...]",
}


def _columns_problem(given: Any, expected: list[str]) -> str:
    if not isinstance(given, list):
        return "'columns' must be the list of the table's column names"
    unknown = [str(c) for c in given if c not in expected]
    if unknown:
        return f"unknown columns {', '.join(unknown)}"
    missing = [c for c in expected if c not in given]
    if missing:
        return f"required columns missing: {', '.join(missing)}"
    return "the columns are not in the order microoffice writes them"


def _problem(error: Any, data: Any, offset: int) -> str:
    """One sentence for a jsonschema error; `offset`: the row the checked copy started at."""
    found = json.dumps(error.instance, ensure_ascii=False, default=str)
    found = found if len(found) <= 60 else found[:57] + "..."
    keyword = error.validator
    schema = error.schema
    where = _where(list(error.absolute_path), data, offset)
    if keyword == "type" and error.instance is None:
        return f"{where}: a value is required"
    if keyword == "const" and list(error.absolute_path)[-1:] == ["columns"]:
        return f"{where}: {_columns_problem(error.instance, schema['const'])}"
    if keyword == "enum":
        allowed = ", ".join(str(v) for v in schema["enum"] if v is not None)
        expected = f"one of {allowed}"
    elif keyword == "const":
        expected = f"{json.dumps(schema['const'])[:80]}"
    elif keyword in ("minimum", "maximum"):
        expected = f"a whole number from {schema.get('minimum', INT_MIN)} to {INT_MAX}"
    elif keyword == "maxLength":
        expected = f"text of at most {schema['maxLength']} characters"
    elif keyword == "pattern" and schema["pattern"] == NO_CONTROL:
        expected = "text without control characters"
    elif keyword == "pattern":
        expected = {DATE: "a date YYYY-MM-DD", TIME: "a time HH:MM:SS", BASE64: "base64"}.get(
            schema["pattern"], "an ISO 8601 instant with its offset"
        )
    elif keyword in ("minItems", "items", "prefixItems"):
        expected = "one value for each column"
    elif keyword == "type":
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        expected = " or ".join(_KIND_WORDS.get(str(k), str(k)) for k in kinds)
    elif keyword == "additionalProperties":
        return f"{where}: {error.message.split(' (')[0]}"
    elif keyword == "required":
        return f"{where}: {error.message}"
    else:
        expected = f"a value that meets '{keyword}'"
    return f"{where}: expected {expected}, found {found}"


def schema_problem(data: Any) -> str | None:
    """The first place where `data` is not a valid export, in words; None when it is one.

    jsonschema takes some 10 microseconds a value, which is ten seconds and more for a team's
    years of visits, so the rows are checked column by column with predicates made from the
    very same column schemas (`_predicate`: the few keywords the schema uses, with jsonschema's
    meaning: tests hold the two to the same verdicts); jsonschema checks everything around the
    rows, and words the problem once one is found, on just the row that has it."""
    from jsonschema.exceptions import best_match

    validator = _validator()
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict):
        error = best_match(validator.iter_errors(data))
        return None if error is None else _problem(error, data, 0)
    sections = data["tables"]
    skeleton = dict(data)
    skeleton["tables"] = {
        name: (dict(section, rows=[]) if _has_rows(section) else section)
        for name, section in sections.items()
    }
    error = best_match(validator.iter_errors(skeleton))
    if error is not None:
        return _problem(error, data, 0)
    for name, section in sections.items():
        bad = _first_bad_row(name, section["rows"])
        if bad is not None:
            one = dict(skeleton)
            one["tables"] = {name: dict(section, rows=[section["rows"][bad]])}
            error = best_match(validator.iter_errors(one))
            if error is not None:  # always, as the predicates say no only where it does
                return _problem(error, data, bad)
    return None


def _has_rows(section: Any) -> bool:
    return isinstance(section, dict) and isinstance(section.get("rows"), list)


def _first_bad_row(table: str, rows: list[Any]) -> int | None:
    checks = _row_checks(table)
    width = len(checks)
    for index, row in enumerate(rows):
        if type(row) is not list or len(row) != width:
            return index
        for check, value in zip(checks, row, strict=True):
            if not check(value):
                return index
    return None


@cache
def _row_checks(table: str) -> tuple[Any, ...]:
    rows = export_schema()["properties"]["tables"]["properties"][table]["properties"]["rows"]
    return tuple(_predicate(sub) for sub in rows["items"]["prefixItems"])


_TYPES: dict[str, Any] = {
    "null": lambda v: v is None,
    "boolean": lambda v: type(v) is bool,
    "string": lambda v: type(v) is str,
    # jsonschema's integer: an int, or a float with nothing after the point (never a bool)
    "integer": lambda v: (type(v) is int) or (type(v) is float and v.is_integer()),
}


def _predicate(schema: dict[str, Any]) -> Any:
    """A fast yes/no for one column's schema: enum, type, minimum, maximum, maxLength, pattern
    (the keywords `_value` uses), each meaning what it means in JSON Schema."""
    import re

    if not schema:
        return lambda _v: True
    if (
        set(schema)
        - {"enum", "type", "minimum", "maximum", "maxLength", "pattern"}
        - {"contentEncoding"}
    ):
        raise ValueError(f"no fast check for {sorted(schema)}")  # pragma: no cover
    if "enum" in schema:
        allowed = frozenset(schema["enum"])
        return lambda v: type(v) in (str, type(None)) and v in allowed
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    is_type = [_TYPES[k] for k in kinds]
    low, high = schema.get("minimum"), schema.get("maximum")
    longest = schema.get("maxLength")
    search = re.compile(schema["pattern"]).search if "pattern" in schema else None

    def check(v: Any) -> bool:
        if not any(t(v) for t in is_type):
            return False
        if type(v) is str:
            return (longest is None or len(v) <= longest) and (search is None or bool(search(v)))
        if type(v) in (int, float):
            return (low is None or v >= low) and (high is None or v <= high)
        return True

    return check


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    # Not check_schema here (a quarter of a second at every import): the test that holds the
    # docs copy to this schema also checks it against the draft 2020-12 metaschema.
    return Draft202012Validator(export_schema())


if __name__ == "__main__":  # pragma: no cover - writes the docs copy
    import sys

    sys.stdout.write(schema_text())
