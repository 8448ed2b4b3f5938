"""Check every row of a sheet the way the client and staff forms check what is typed.

Each row becomes the service's own data class (ClientData, StaffData) through `from_text` and is
validated by the service's `validate`, so an import can never let in what the form would refuse.
Problems are kept per field, so the window can mark the very cell to fix and the command line can
say "row 7, Date of birth (column 'DOB'): ...". A person already in microoffice, or twice in the
file, is a problem too: importing the same list twice must not double everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.errors import ValidationError
from microoffice.core.importing import targets as t
from microoffice.core.importing.mapping import Mapping, target
from microoffice.core.importing.sheets import Sheet
from microoffice.core.models.business import Business
from microoffice.core.models.clients import Client
from microoffice.core.models.staff import Staff
from microoffice.core.services import clients, staff
from microoffice.core.validation import format_date

ROW = ""  # errors about the row as a whole (a duplicate), not one field
NUMBER_FIELDS = frozenset({"drives", "contracted_hours", "hourly_pay"})
# Service fields filled from an import column of another name (errors are told by the column).
COLUMN_FOR = {"contracted_minutes_per_week": "contracted_hours", "hourly_pay_pence": "hourly_pay"}


@dataclass
class RowCheck:
    index: int  # position in sheet.rows
    row_number: int  # as the person sees it in their spreadsheet
    data: Any = None  # the cleaned ClientData/StaffData; None when the row has problems
    errors: dict[str, str] = field(default_factory=dict)
    name: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class SheetCheck:
    kind: str
    rows: list[RowCheck]
    headers: list[str]
    mapping: Mapping

    @property
    def good(self) -> list[RowCheck]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[RowCheck]:
        return [r for r in self.rows if not r.ok]

    def column_of(self, field_name: str) -> int | None:
        """The column that fills a field (FULL_NAME stands in for first and last name)."""
        for i, name in enumerate(self.mapping):
            if name == field_name:
                return i
        if field_name in ("first_name", "last_name") and t.FULL_NAME in self.mapping:
            return self.mapping.index(t.FULL_NAME)
        return None

    def describe(self, row: RowCheck) -> list[str]:
        """Each problem of a row as one line a person can act on."""
        lines = []
        for name, message in row.errors.items():
            if name == ROW:
                lines.append(f"Row {row.row_number}: {message}")
                continue
            label = target(self.kind, name).label if name in _names(self.kind) else name
            column = self.column_of(name)
            where = f" (column '{self.headers[column]}')" if column is not None else ""
            lines.append(f"Row {row.row_number}, {label}{where}: {message}")
        return lines


def _names(kind: str) -> set[str]:
    return {x.name for x in t.targets_for(kind)}


def mapping_problems(mapping: Mapping, kind: str) -> list[str]:
    """What the column choice lacks before any row can be checked."""
    chosen = set(mapping)
    if t.FULL_NAME in chosen or {"first_name", "last_name"} <= chosen:
        return []
    names = (("first_name", "first name"), ("last_name", "last name"))
    missing = [word for name, word in names if name not in chosen]
    return [
        f"Choose the column that holds the {' and the '.join(missing)}, "
        "or one column with the full name."
    ]


def _texts(row: list[str], mapping: Mapping) -> dict[str, str]:
    values: dict[str, str] = {}
    for cell, name in zip(row, mapping, strict=True):
        if name is not None:
            values[name] = cell.strip()
    return values


def _convert(
    values: dict[str, str], name: str, fn: Callable[[str], Any], errors: dict[str, str]
) -> Any:
    try:
        return fn(values[name])
    except ValueError as exc:
        errors[name] = str(exc)
        return None


WORDS = {
    "nation": (t.NATION_WORDS, "nation"),
    "role": (t.ROLE_WORDS, "role"),
    "employment_type": (t.EMPLOYMENT_WORDS, "kind of employment"),
}


def _code(values: dict[str, str], name: str, errors: dict[str, str]) -> str:
    """The stored code for a word in a choice column ('' and an error when unknown)."""
    words, noun = WORDS[name]
    try:
        return t.word_code(name, values[name], words, noun)
    except ValueError as exc:
        errors[name] = str(exc)
        return ""


def _prepare(values: dict[str, str], kind: str, nation: str, errors: dict[str, str]) -> None:
    """Turn spreadsheet wording into the codes the forms send (in place)."""
    if t.FULL_NAME in values:
        first, last = t.split_full_name(values.pop(t.FULL_NAME))
        values["first_name"] = values.get("first_name") or first
        values["last_name"] = values.get("last_name") or last
    if "phone" in values:
        values["phone"] = t.excel_phone(values["phone"])
    choices = ("nation",) if kind == "clients" else ("role", "employment_type")
    for name in choices:
        if values.get(name):
            values[name] = _code(values, name, errors) or (nation if name == "nation" else "")
        elif name == "nation":
            values[name] = nation
        else:
            values.pop(name, None)


def _staff_numbers(values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if "drives" in values:
        extra["drives"] = _convert(values, "drives", t.yes_no, errors)
    if "contracted_hours" in values:
        extra["contracted_minutes_per_week"] = _convert(
            values, "contracted_hours", t.hours_to_minutes, errors
        )
    if "hourly_pay" in values:
        extra["hourly_pay_pence"] = _convert(values, "hourly_pay", t.pounds_to_pence, errors)
    return extra


def _build(values: dict[str, str], kind: str, errors: dict[str, str]) -> Any:
    """from_text then validate, collecting every field's problem (not just the first kind)."""
    cls: Any = clients.ClientData if kind == "clients" else staff.StaffData
    if kind == "staff":
        extra = _staff_numbers(values, errors)
        texts = {k: v for k, v in values.items() if k not in NUMBER_FIELDS}
    else:
        extra, texts = {}, values
    try:
        data = cls.from_text(texts)
    except ValidationError as exc:
        errors.update({k: v for k, v in exc.errors.items() if k not in errors})
        data = cls.from_text({k: v for k, v in texts.items() if k not in exc.errors})
    for name, value in extra.items():
        if value is not None:
            setattr(data, name, value)
    validate = clients.validate if kind == "clients" else staff.validate
    try:
        clean = validate(data)
    except ValidationError as exc:
        for name, message in exc.errors.items():
            errors.setdefault(COLUMN_FOR.get(name, name), message)
        return None
    return None if errors else clean


def _key(first: str, last: str) -> tuple[str, str]:
    return " ".join(first.casefold().split()), " ".join(last.casefold().split())


class _People:
    """Who is already there (and who came earlier in the file), to refuse doubles."""

    def __init__(self, session: Session, kind: str) -> None:
        self.kind = kind
        self.known: dict[tuple[str, str], list[tuple[date | None, str, str]]] = {}
        if kind == "clients":
            stmt: Any = select(
                Client.first_name, Client.last_name, Client.date_of_birth, Client.postcode
            )
        else:
            stmt = select(Staff.first_name, Staff.last_name, Staff.date_of_birth, Staff.postcode)
        for first, last, born, postcode in session.execute(stmt):
            self.remember(first, last, born, postcode, "already in microoffice")

    def remember(self, first: str, last: str, born: date | None, pc: str, where: Any) -> None:
        """`where`: 'already in microoffice', or the row number of this file it was seen on."""
        self.known.setdefault(_key(first, last), []).append((born, pc, where))

    def clash(self, data: Any) -> str:
        """Where this person already is ('' when nowhere): same name, and nothing tells them
        apart (a different date of birth or postcode means a different person)."""
        for born, postcode, where in self.known.get(_key(data.first_name, data.last_name), []):
            if data.date_of_birth and born and data.date_of_birth != born:
                continue
            if data.postcode and postcode and data.postcode != postcode:
                continue
            return where if isinstance(where, str) else f"also on row {where} of this file"
        return ""


def business_nation(session: Session) -> str:
    """Clients without a nation column live where the business works."""
    found = session.scalar(select(Business.nation).order_by(Business.id).limit(1))
    return found or "england"


def check_sheet(session: Session, sheet: Sheet, mapping: Mapping, kind: str) -> SheetCheck:
    """Check every row; raises ValidationError only when the columns chosen cannot work at all."""
    if kind not in t.TARGETS:
        raise ValidationError({"kind": f"Only clients or staff can be imported, not '{kind}'"})
    if len(mapping) != len(sheet.headers):
        raise ValidationError({"mapping": "Choose a field (or 'leave out') for every column"})
    problems = mapping_problems(mapping, kind)
    if problems:
        raise ValidationError({"mapping": " ".join(problems)})
    nation = business_nation(session) if kind == "clients" else ""
    people = _People(session, kind)
    rows = []
    for index, (cells, number) in enumerate(zip(sheet.rows, sheet.row_numbers, strict=True)):
        errors: dict[str, str] = {}
        values = _texts(cells, mapping)
        _prepare(values, kind, nation, errors)
        data = _build(values, kind, errors)
        name = " ".join(filter(None, (values.get("first_name"), values.get("last_name"))))
        row = RowCheck(index, number, data, errors, name)
        if data is not None:
            where = people.clash(data)
            if where:
                born = f", born {format_date(data.date_of_birth)}" if data.date_of_birth else ""
                row.errors[ROW] = (
                    f"{name}{born} is {where}. Leave this row out, or change it if this is a "
                    "different person."
                )
                row.data = None
            else:
                people.remember(
                    data.first_name, data.last_name, data.date_of_birth, data.postcode, number
                )
        rows.append(row)
    return SheetCheck(kind, rows, list(sheet.headers), list(mapping))
