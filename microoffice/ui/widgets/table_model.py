"""A table model over a list of frozen row dataclasses, with its columns declared once.

Rows arrive already shaped by a core query (ClientRow, StaffRow ...), so `data()` is one attribute
read per visible cell: 10,000 rows cost nothing until they scroll into view (Anki's browser model
does the same with its row cache).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

R = TypeVar("R")


class HasId(Protocol):
    """A row that names what it shows (most rows: a client, an invoice, a visit)."""

    @property
    def id(self) -> int: ...


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_USER = int(Qt.ItemDataRole.UserRole)

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its heading, how to show a row in it, and how wide it starts."""

    title: str
    text: Callable[[R], str]
    width: int = 140
    align: Qt.AlignmentFlag = LEFT
    sort_key: Callable[[R], Any] | None = None


def attr(name: str) -> Callable[[Any], str]:
    """A column reading one string attribute of the row."""

    def get(row: Any) -> str:
        return str(getattr(row, name))

    return get


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows; `muted(row)` greys out rows such as archived ones."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        muted: Callable[[R], bool] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []
        self._muted = muted
        self._muted_brush = QBrush(QColor("#6b7280"))
        self._muted_font = QFont()
        self._muted_font.setItalic(True)

    # -- rows -------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_table(self, columns: Sequence[Column[R]], rows: Sequence[R]) -> None:
        """New columns and rows together (a table whose columns follow the data)."""
        self.beginResetModel()
        self.columns = list(columns)
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def position_of(self, row_id: int) -> int:
        """Where the row with this id is shown, or -1 (rows carry an `id`)."""
        for i, row in enumerate(self._rows):
            if getattr(row, "id", None) == row_id:
                return i
        return -1

    # -- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role in (_DISPLAY, _ACCESSIBLE):
            return self.columns[index.column()].text(self.row_at(index.row()))
        if role == _ALIGN:
            return self.columns[index.column()].align
        if role == _FOREGROUND:
            if self._muted is not None and self._muted(self.row_at(index.row())):
                return self._muted_brush
            return None
        if role == _FONT:
            if self._muted is not None and self._muted(self.row_at(index.row())):
                return self._muted_font
            return None
        if role == _USER:
            return self.row_at(index.row())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (_DISPLAY, _ACCESSIBLE):
            return self.columns[section].title
        return None

    def sort_key(self, column: int) -> Callable[[R], Any]:
        spec = self.columns[column]
        return spec.sort_key or (lambda row: spec.text(row).casefold())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.sort_key(column)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [self._rows[i.row()] for i in before]
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        position = {id(row): n for n, row in enumerate(self._rows)}
        after = [self.index(position[id(r)], i.column()) for r, i in zip(held, before, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
