"""Visits on screen: the day list (Today, day view) and the week grid (one column per day).

The week grid is a table model whose column is the day and whose row is the n-th visit of that
day, so a week of 600 visits is one model reset and only visible cells are ever drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from microoffice.core import clock
from microoffice.core.clock_changes import wall_text
from microoffice.core.scheduling.merge import DayVisit, Occurrence
from microoffice.core.vocabulary import visit_status_label
from microoffice.ui.app.theme import ink
from microoffice.ui.widgets.table_model import Column

if TYPE_CHECKING:  # the day list also serves the first look, before SQLAlchemy has loaded
    from microoffice.core.scheduling.calendar_data import CalendarDay


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_USER = int(Qt.ItemDataRole.UserRole)
Index = QModelIndex | QPersistentModelIndex

MUTED = QBrush(QColor("#6b7280"))
DONE_BG = QBrush(QColor("#e7f5ec"))
UNFILLED_BG = QBrush(QColor("#fdf0d5"))


def time_range(occ: Occurrence) -> str:
    return f"{wall_text(occ.planned_start)}-{wall_text(occ.planned_end)}"


def status_text(occ: Occurrence) -> str:
    text = visit_status_label(occ.status)
    if occ.status == "completed" and occ.actual_start is not None:
        actual = clock.to_local(occ.actual_start)
        if actual != clock.to_local(occ.planned_start):
            text += f" (arrived {actual:%H:%M})"
    if occ.unfilled:
        text += ", needs a carer"
    if occ.clock_note:  # a clock change moved or lengthened it: said, not done silently
        text += f"; {occ.clock_note}"
    return text


DAY_COLUMNS: list[Column[DayVisit]] = [
    Column("Time", lambda r: time_range(r.occurrence), 100),
    Column("Client", lambda r: r.occurrence.client_name, 170),
    Column("Address", lambda r: r.address, 260),
    Column("Tasks", lambda r: ", ".join(r.occurrence.tasks), 240),
    Column("Carer", lambda r: ", ".join(r.staff_names) or "Nobody yet", 150),
    Column("Status", lambda r: status_text(r.occurrence), 150),
]


class WeekModel(QAbstractTableModel):
    """Seven day columns; cell (n, d) is the n-th visit of day d, or empty."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.days: list[CalendarDay] = []
        self.names: dict[int, str] = {}
        self._rows = 0
        self._strike = QFont()
        self._strike.setStrikeOut(True)

    def set_days(self, days: list[CalendarDay], names: dict[int, str]) -> None:
        self.beginResetModel()
        self.days, self.names = days, names
        self._rows = max((len(d.visits) for d in days), default=0)
        self.endResetModel()

    def visit(self, index: Index) -> Occurrence | None:
        if not index.isValid() or index.column() >= len(self.days):
            return None
        visits = self.days[index.column()].visits
        return visits[index.row()] if index.row() < len(visits) else None

    def find(self, predicate: Any) -> QModelIndex:
        for col, day in enumerate(self.days):
            for row, occ in enumerate(day.visits):
                if predicate(occ):
                    return self.index(row, col)
        return QModelIndex()

    def cell_text(self, occ: Occurrence) -> str:
        """Two lines: "07:30 Peggy Henshaw" and who goes (first names) or "Nobody yet"."""
        who = ", ".join(self.names.get(s, "?").split()[0] for s in occ.staff_ids)
        start = wall_text(occ.planned_start)
        changed = " (clock change)" if occ.clock_note else ""
        return f"{start}{changed} {occ.client_name}\n{who or 'Nobody yet'}"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.days)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        occ = self.visit(index)
        if occ is None:
            return None
        if role in (_DISPLAY, _ACCESSIBLE):
            return self.cell_text(occ)
        if role == _TOOLTIP:
            who = ", ".join(self.names.get(s, "?") for s in occ.staff_ids) or "nobody yet"
            lines = [f"{time_range(occ)} {occ.client_name}", f"Carer: {who}", status_text(occ)]
            if occ.tasks:
                lines.append("Tasks: " + ", ".join(occ.tasks))
            return "\n".join(lines)
        if role == _FOREGROUND and not occ.active:
            return MUTED
        if role == _FOREGROUND and (occ.unfilled or occ.status == "completed"):
            return ink()  # dark text on the light status colours, in dark mode too
        if role == _FONT and not occ.active:
            return self._strike
        if role == _BACKGROUND:
            if occ.unfilled:
                return UNFILLED_BG
            if occ.status == "completed":
                return DONE_BG
        if role == _USER:
            return occ
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or section >= len(self.days):
            return None
        day = self.days[section]
        if role in (_DISPLAY, _ACCESSIBLE):
            text = f"{day.day:%a} {day.day.day} {day.day:%b}"
            if day.day == clock.today():
                text += " (today)"
            return f"{text}\n{day.holiday}" if day.holiday else text
        if role == _TOOLTIP and day.holiday:
            return f"Bank holiday: {day.holiday}"
        return None
