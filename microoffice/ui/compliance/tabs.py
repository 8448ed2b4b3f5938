"""The tables on the Compliance page: what is due, the training matrix, staff files, policies and
renewals, registration readiness. Each is a row list from core with its colours declared here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from microoffice.core import clock
from microoffice.core.compliance import readiness, staff_files, training
from microoffice.core.compliance.checks import DueItem
from microoffice.core.compliance.findings import urgency
from microoffice.core.compliance.statements import statement
from microoffice.core.compliance.views import FileLine, MatrixLine, RegisterLine
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.theme import ink
from microoffice.ui.widgets.table_model import Column, RowTableModel

if TYPE_CHECKING:
    pass

RED, AMBER, GREEN, GREY = QColor("#fbd5d1"), QColor("#fde7c2"), QColor("#d7efdf"), QColor("#eceef1")
STATUS_COLOURS = {
    "red": RED,
    "expired": RED,
    "missing": RED,
    "overdue": RED,
    "amber": AMBER,
    "due_soon": AMBER,
    "ok": GREEN,
    "done": GREEN,
    "optional": GREY,
}
Index = QModelIndex | QPersistentModelIndex


class ColouredModel(RowTableModel[Any]):
    """A row model whose cells can carry a background colour (the RAG of that cell)."""

    def __init__(
        self,
        columns: list[Column[Any]],
        colour: Callable[[Any, int], QColor | None],
        parent: Any = None,
    ):
        super().__init__(columns, parent=parent)
        self._colour = colour

    def data(self, index: Index, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._colour(self.row_at(index.row()), index.column())
            return QBrush(colour) if colour is not None else None
        coloured = role == Qt.ItemDataRole.ForegroundRole
        if coloured and self._colour(self.row_at(index.row()), index.column()) is not None:
            return ink()  # dark text on the light status colours, in dark mode too
        return super().data(index, role)


# -- what is due -----------------------------------------------------------------------------
DUE_COLUMNS: list[Column[DueItem]] = [
    Column("", urgency, 80),
    Column("Statement", lambda i: f"{i.statement_id} {statement(i.statement_id).name}", 230),
    Column("Area", lambda i: i.area, 110),
    Column("What", lambda i: i.title, 380),
    Column(
        "Due",
        lambda i: format_date(i.due_on),
        90,
        sort_key=lambda i: i.due_on or date.min,
    ),
    Column("Detail", lambda i: i.detail, 300),
]


def due_colour(item: DueItem, column: int) -> QColor | None:
    return STATUS_COLOURS[item.rag] if column == 0 else None


# -- training matrix -------------------------------------------------------------------------
def cell_text(cell: training.Cell) -> str:
    if cell.status in ("missing", "optional"):
        return "—" if cell.status == "optional" else "missing"
    if cell.expires_on is None:
        return f"done {cell.completed_on:%m/%Y}" if cell.completed_on else "done"
    word = "expired" if cell.status == "expired" else "to"
    return f"{word} {cell.expires_on:%d/%m/%y}"


def _matrix_cell(i: int, row: MatrixLine) -> str:
    return cell_text(row.cells[i])


def _file_cell(i: int, row: FileLine) -> str:
    return file_text(row.items[i])


def matrix_columns(names: list[str]) -> list[Column[MatrixLine]]:
    columns: list[Column[MatrixLine]] = [
        Column("Name", lambda r: r.name, 150),
        Column("Role", lambda r: r.role, 110),
        Column("Care Certificate", lambda r: r.care_certificate, 110),
    ]
    for i, name in enumerate(names):
        columns.append(Column(name, partial(_matrix_cell, i), 118))
    return columns


def matrix_colour(row: MatrixLine, column: int) -> QColor | None:
    if column == 2:
        done, total = row.care_certificate.split("/")
        return GREEN if done == total else AMBER
    if column >= 3:
        return STATUS_COLOURS.get(row.cells[column - 3].status)
    return None


# -- staff files -----------------------------------------------------------------------------
SHORT = {
    "photo_id": "Photo ID",
    "dbs": "DBS",
    "reference": "References",
    "leaving_reason": "Leaving reason",
    "qualifications": "Qualifications",
    "employment_history": "Work history",
    "health": "Health",
    "right_to_work": "Right to work",
    "professional_registration": "Prof. registration",
}


def file_text(item: staff_files.FileItem) -> str:
    if item.status in ("missing", "optional"):
        return "—" if item.status == "optional" else "missing"
    if item.due_on is not None:
        return f"{'overdue' if item.status == 'expired' else 'due'} {item.due_on:%d/%m/%y}"
    return "on file"


def file_columns() -> list[Column[FileLine]]:
    columns: list[Column[FileLine]] = [Column("Name", lambda r: r.name, 150)]
    for i, item in enumerate(staff_files.SCHEDULE3):
        columns.append(Column(SHORT[item.kind], partial(_file_cell, i), 112))
    return columns


def file_colour(row: FileLine, column: int) -> QColor | None:
    return STATUS_COLOURS.get(row.items[column - 1].status) if column >= 1 else None


# -- policies and renewals ---------------------------------------------------------------------
REGISTER_COLUMNS: list[Column[RegisterLine]] = [
    Column("Kind", lambda r: r.kind, 80),
    Column("Title", lambda r: r.title, 320),
    Column("Owner / provider", lambda r: r.owner, 180),
    Column("Version / reference", lambda r: r.version, 140),
    Column(
        "Review or renewal due",
        lambda r: format_date(r.due),
        150,
        sort_key=lambda r: r.due or date.min,
    ),
]


def register_colour(row: RegisterLine, column: int) -> QColor | None:
    if column != 4 or row.due is None:
        return None
    days = (row.due - clock.today()).days
    return RED if days < 0 else AMBER if days <= 30 else GREEN


# -- registration readiness ------------------------------------------------------------------
READINESS_COLUMNS: list[Column[readiness.ReadinessCheck]] = [
    Column("", lambda c: "Done" if c.done else "To do", 70),
    Column("Before applying to the CQC", lambda c: c.label, 470),
    Column("Detail", lambda c: c.detail, 380),
    Column("How", lambda c: "ticked by hand" if c.manual else "from your records", 140),
]


def readiness_colour(check: readiness.ReadinessCheck, column: int) -> QColor | None:
    return (GREEN if check.done else AMBER) if column == 0 else None
