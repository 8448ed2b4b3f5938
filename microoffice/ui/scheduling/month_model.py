"""The month overview: one cell per day, Monday to Sunday, with how many visits it has, how many
still need a carer, and any bank holiday; a click (or Enter) opens that day."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from microoffice.core import clock
from microoffice.core.scheduling.calendar_view import MonthDay
from microoffice.core.scheduling.recurrence import WEEKDAY_NAMES
from microoffice.ui.app.theme import ink

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_USER = int(Qt.ItemDataRole.UserRole)

OTHER_MONTH = QBrush(QColor("#9ca3af"))
TODAY_BG = QBrush(QColor("#eef5fc"))
UNFILLED_BG = QBrush(QColor("#fdf0d5"))


def day_summary(d: MonthDay) -> list[str]:
    """What a day's cell says, line by line."""
    lines = [f"{d.visits} visit{'s' if d.visits != 1 else ''}" if d.visits else "No visits"]
    if d.unfilled:
        lines.append(f"{d.unfilled} need{'s' if d.unfilled == 1 else ''} a carer")
    if d.off:
        lines.append(f"{d.off} skipped or cancelled")
    if d.away:
        lines.append(f"{d.away} client{'s' if d.away != 1 else ''} away")
    if d.holiday:
        lines.append(d.holiday)
    return lines


class MonthModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.days: list[MonthDay] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_days(self, days: list[MonthDay]) -> None:
        self.beginResetModel()
        self.days = days
        self.endResetModel()

    def day_at(self, index: Index) -> MonthDay | None:
        if not index.isValid():
            return None
        n = index.row() * 7 + index.column()
        return self.days[n] if 0 <= n < len(self.days) else None

    def index_of(self, day: date) -> QModelIndex:
        for n, d in enumerate(self.days):
            if d.day == day:
                return self.index(n // 7, n % 7)
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.days) // 7

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        d = self.day_at(index)
        if d is None:
            return None
        if role == _DISPLAY:
            return "\n".join([str(d.day.day), *day_summary(d)])
        if role in (_ACCESSIBLE, _TOOLTIP):
            return f"{d.day:%A} {d.day.day} {d.day:%B}: " + ", ".join(day_summary(d))
        if role == _FOREGROUND:
            if not d.in_month:
                return OTHER_MONTH
            if d.day == clock.today() or d.unfilled:
                return ink()
        if role == _BACKGROUND:
            if d.day == clock.today():
                return TODAY_BG
            if d.unfilled and d.in_month:
                return UNFILLED_BG
        if role == _FONT and d.day == clock.today():
            return self._bold
        if role == _ALIGN:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == _USER:
            return d.day
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and 0 <= section < 7 and role in (_DISPLAY, _ACCESSIBLE):
            return WEEKDAY_NAMES[section]
        return None
