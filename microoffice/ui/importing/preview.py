"""The import preview: the spreadsheet as it will be read, each problem marked at its cell.

One row per spreadsheet row: its row number, its cells (under "heading → field"), and what is
wrong with it. A cell with a problem is tinted and carries the message as its tooltip and as the
text a screen reader reads. Cells can be edited in place (double-click or F2): the edit changes
the sheet in memory, never the person's file, and the rows are checked again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication

from microoffice.core.importing import RowCheck, Sheet, SheetCheck
from microoffice.core.importing.mapping import Mapping, target
from microoffice.core.importing.targets import targets_for
from microoffice.ui.app.theme import is_dark

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
PROBLEM_BG = QBrush(QColor("#fde2df"))
PROBLEM_FG = QBrush(QColor("#7a1a10"))
PROBLEM_TEXT_DARK = QBrush(QColor("#f97066"))  # the same red, readable on a dark table
LEFT_OUT_FG = QBrush(QColor("#8a94a3"))


ROW_COLUMN, PROBLEMS_COLUMN, FIRST_CELL = 0, 1, 2


class PreviewModel(QAbstractTableModel):
    """Columns: Row, Problems, then one per spreadsheet column."""

    edited = Signal()  # a cell was changed: check the rows again

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sheet: Sheet | None = None
        self.kind = "clients"
        self.mapping: Mapping = []
        self.check: SheetCheck | None = None
        self.only_problems = False
        self._shown: list[int] = []  # indexes into sheet.rows
        app = QApplication.instance()
        self.dark = app is not None and is_dark(app)

    # -- what is shown ----------------------------------------------------------------------
    def show(self, sheet: Sheet, kind: str, mapping: Mapping, check: SheetCheck | None) -> None:
        self.beginResetModel()
        self.sheet, self.kind, self.mapping, self.check = sheet, kind, list(mapping), check
        self._filter()
        self.endResetModel()

    def set_only_problems(self, only: bool) -> None:
        self.beginResetModel()
        self.only_problems = only
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        count = len(self.sheet.rows) if self.sheet else 0
        if self.only_problems and self.check is not None:
            self._shown = [r.index for r in self.check.bad]
        else:
            self._shown = list(range(count))

    def row_check(self, row: int) -> RowCheck | None:
        if self.check is None:
            return None
        return self.check.rows[self._shown[row]]

    def problem_at(self, row: int, column: int) -> str:
        """The message for one cell ('' when the cell is fine)."""
        check = self.row_check(row)
        if check is None or not FIRST_CELL <= column < FIRST_CELL + len(self.mapping):
            return ""
        name = self.mapping[column - FIRST_CELL]
        if name is None:
            return ""
        if name == "full_name":
            parts = [check.errors.get(n, "") for n in ("first_name", "last_name")]
            return " ".join(p for p in parts if p)
        return check.errors.get(name, "")

    def problems_text(self, row: int) -> str:
        """'Date of birth: ... ; Phone: ...' (a doubled person is said as a sentence)."""
        check = self.row_check(row)
        if check is None or check.ok:
            return ""
        names = {t.name: t.label for t in targets_for(self.kind)}
        parts = [
            f"{names[name]}: {message}" if name in names else message
            for name, message in check.errors.items()
        ]
        return "; ".join(parts)

    # -- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.sheet is None:
            return 0
        return len(self.sheet.headers) + 2

    def _cell(self, index: Index) -> str:
        assert self.sheet is not None
        position = self._shown[index.row()]
        column = index.column()
        if column == ROW_COLUMN:
            return str(self.sheet.row_numbers[position])
        if column == PROBLEMS_COLUMN:
            return self.problems_text(index.row())
        return self.sheet.rows[position][column - FIRST_CELL]

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or self.sheet is None:
            return None
        if role in (_DISPLAY, _EDIT):
            return self._cell(index)
        problem = self.problem_at(index.row(), index.column())
        check = self.row_check(index.row())
        if role == _ACCESSIBLE:
            text = self._cell(index)
            return f"{text}. Problem: {problem}" if problem else text
        if role == _TOOLTIP:
            if problem:
                return problem
            if index.column() == PROBLEMS_COLUMN and check is not None and check.errors:
                return self.problems_text(index.row())
            return None
        if role == _BACKGROUND and problem:
            return PROBLEM_BG
        if role == _FOREGROUND:
            if problem:
                return PROBLEM_FG  # dark red on the pink cell, in either theme
            if index.column() == PROBLEMS_COLUMN and check is not None and check.errors:
                return PROBLEM_TEXT_DARK if self.dark else PROBLEM_FG
            cell = index.column() - FIRST_CELL
            if 0 <= cell < len(self.mapping) and self.mapping[cell] is None:
                return LEFT_OUT_FG  # a column left out is shown greyed
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.sheet is not None and index.column() >= FIRST_CELL:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if (
            role != _EDIT
            or self.sheet is None
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        position = self._shown[index.row()]
        self.sheet.rows[position][index.column() - FIRST_CELL] = str(value).strip()
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.sheet is None:
            return None
        if role not in (_DISPLAY, _ACCESSIBLE, _TOOLTIP):
            return None
        if section == ROW_COLUMN:
            return "Row"
        if section == PROBLEMS_COLUMN:
            return "Problems"
        heading = self.sheet.headers[section - FIRST_CELL]
        cell = section - FIRST_CELL
        name = self.mapping[cell] if cell < len(self.mapping) else None
        label = target(self.kind, name).label if name else "left out"
        return f"{heading}\n→ {label}" if role == _DISPLAY else f"{heading}, read as {label}"
