"""Check every row of a sheet the way the client and staff forms check what is typed.

Cells are read and checked by the service's own readers and rules (see columns.py), so an import
can never let in what the form would refuse. Problems are kept per field, so the window can mark
the very cell to fix and the command line can say "row 7, Date of birth (column 'DOB'): ...". A
person already in microoffice, or twice in the file, is a problem too: importing the same list
twice must not double everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock, collector
from microoffice.core.errors import ValidationError
from microoffice.core.importing.columns import ColumnPlan
from microoffice.core.importing.mapping import Mapping, target
from microoffice.core.importing.sheets import Sheet
from microoffice.core.importing.targets import FULL_NAME, TARGETS, targets_for
from microoffice.core.models.business import Business
from microoffice.core.models.clients import Client
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import needs, require
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date

ROW = ""  # errors about the row as a whole (a duplicate), not one field


@dataclass(slots=True)  # one per row of the file
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
        if field_name in ("first_name", "last_name") and FULL_NAME in self.mapping:
            return self.mapping.index(FULL_NAME)
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
    return {x.name for x in targets_for(kind)}


def mapping_problems(mapping: Mapping, kind: str) -> list[str]:
    """What the column choice lacks before any row can be checked."""
    chosen = set(mapping)
    if FULL_NAME in chosen or {"first_name", "last_name"} <= chosen:
        return []
    names = (("first_name", "first name"), ("last_name", "last name"))
    missing = [word for name, word in names if name not in chosen]
    return [
        f"Choose the column that holds the {' and the '.join(missing)}, "
        "or one column with the full name."
    ]


def _key(first: str, last: str) -> tuple[str, str]:
    return " ".join(first.casefold().split()), " ".join(last.casefold().split())


class _People:
    """Who is already there (and who came earlier in the file), to refuse doubles."""

    def __init__(self, session: Session, kind: str) -> None:
        self.kind = kind
        self.known: dict[tuple[str, str], list[tuple[date | None, str, str | int]]] = {}
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

    def meet(self, data: Any, row_number: int) -> str:
        """Where this person already is ('' when nowhere, and they are remembered as on this
        row): same name, and nothing tells them apart (a different date of birth or postcode
        means a different person)."""
        # The names were cleaned by the form's rule (single spaces, no ends), so casefold is
        # all of _key that is left to do.
        key = (data.first_name.casefold(), data.last_name.casefold())
        same_name = self.known.setdefault(key, [])
        for born, postcode, where in same_name:
            if data.date_of_birth and born and data.date_of_birth != born:
                continue
            if data.postcode and postcode and data.postcode != postcode:
                continue
            return where if isinstance(where, str) else f"also on row {where} of this file"
        same_name.append((data.date_of_birth, data.postcode, row_number))
        return ""


@needs(Right.ANYONE)
def business_nation(session: Session) -> str:
    """Clients without a nation column live where the business works."""
    found = session.scalar(select(Business.nation).order_by(Business.id).limit(1))
    return found or "england"


@needs(Right.CLIENTS)
def check_sheet(session: Session, sheet: Sheet, mapping: Mapping, kind: str) -> SheetCheck:
    """Check every row; raises ValidationError only when the columns chosen cannot work at all."""
    if kind not in TARGETS:
        raise ValidationError({"kind": f"Only clients or staff can be imported, not '{kind}'"})
    if kind == "staff":
        require(session, Right.STAFF)  # the guard checked clients; staff files are their own
    if len(mapping) != len(sheet.headers):
        raise ValidationError({"mapping": "Choose a field (or 'leave out') for every column"})
    problems = mapping_problems(mapping, kind)
    if problems:
        raise ValidationError({"mapping": " ".join(problems)})
    with collector.paused():
        return _check(session, sheet, mapping, kind)


def _check(session: Session, sheet: Sheet, mapping: Mapping, kind: str) -> SheetCheck:
    nation = business_nation(session) if kind == "clients" else ""
    plan = ColumnPlan(kind, mapping, clock.today(), nation)
    people = _People(session, kind)
    rows = []
    checked = zip(sheet.row_numbers, plan.check(sheet.rows), strict=True)
    for index, (number, (data, errors, name)) in enumerate(checked):
        row = RowCheck(index, number, data, errors, name)
        where = people.meet(data, number) if data is not None else ""
        if where:
            born = f", born {format_date(data.date_of_birth)}" if data.date_of_birth else ""
            row.errors[ROW] = (
                f"{name}{born} is {where}. Leave this row out, or change it if this is a "
                "different person."
            )
            row.data = None
        rows.append(row)
    return SheetCheck(kind, rows, list(sheet.headers), list(mapping))
