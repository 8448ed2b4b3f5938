"""The rate card's enhancements as a small table of rows a person can type into.

Each row keeps the JSON it was loaded from, so parts the table does not show (stacking, uplifting
fixed prices) survive an edit untouched; enhancements on listed dates have their own table
(rate_special.py). Reading what was typed is core's (billing/card_text.py), and so is checking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.billing.card_text import read_value, value_text, whole

WHEN = [
    ("SAT", "Saturday"),
    ("SUN", "Sunday"),
    ("WEEKEND", "Saturday and Sunday"),
    ("BANK_HOLIDAY", "Bank holiday"),
    ("CHRISTMAS_DAY", "Christmas Day"),
    ("BOXING_DAY", "Boxing Day"),
    ("NEW_YEARS_DAY", "New Year's Day"),
    ("EVENING", "Evening, after"),
    ("EARLY", "Early, before"),
    ("NIGHT", "Night, after … before"),
]
UPLIFTS = [
    ("MULTIPLIER", "Times the rate (×)"),
    ("FLAT_RATE", "Flat hourly rate (£)"),
    ("ADD_PER_HOUR", "Add per hour (£)"),
]
HEADINGS = ["Name", "When", "After", "Before", "Charged as", "Multiplier or £", "Precedence"]


@dataclass
class _Row:
    original: dict[str, Any]
    widgets: list[QWidget] = field(default_factory=list)


class EnhancementsEditor(QWidget):
    """Rows of name, when, times, kind of uplift, value and precedence, with add and remove."""

    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setMinimumHeight(150)
        holder = QWidget(self.area)
        self.grid = QGridLayout(holder)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        for column, heading in enumerate(HEADINGS):
            self.grid.addWidget(QLabel(f"<b>{heading}</b>", holder), 0, column)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(4, 2)
        self.grid.setRowStretch(99, 1)
        self.holder = holder
        self.area.setWidget(holder)
        outer.addWidget(self.area, 1)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Add enhancement", self)
        self.add_button.setObjectName("addEnhancementButton")
        self.add_button.setAccessibleName("Add an enhancement")
        self.add_button.clicked.connect(lambda: self.add_row({}))
        self.remove_button = QPushButton("Remove last", self)
        self.remove_button.setObjectName("removeEnhancementButton")
        self.remove_button.setAccessibleName("Remove the last enhancement")
        self.remove_button.clicked.connect(self.remove_last)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        outer.addLayout(bar)
        self.rows: list[_Row] = []

    # -- rows -------------------------------------------------------------------------------
    def add_row(self, item: dict[str, Any]) -> None:
        n = len(self.rows) + 1
        row = _Row(dict(item))
        name = QLineEdit(str(item.get("name", "")), self.holder)
        when = QComboBox(self.holder)
        for code, text in WHEN:
            when.addItem(text, code)
        when.setCurrentIndex(max(0, when.findData(item.get("when", "SAT"))))
        after = QLineEdit(str(item.get("after") or ""), self.holder)
        after.setToolTip("For an evening or night rate: the time it starts, like 20:00")
        before = QLineEdit(str(item.get("before") or ""), self.holder)
        before.setToolTip("For an early or night rate: the time it ends, like 07:00")
        for edit in (after, before):
            edit.setMaximumWidth(70)
        uplift = QComboBox(self.holder)
        for code, text in UPLIFTS:
            uplift.addItem(text, code)
        uplift.setCurrentIndex(max(0, uplift.findData(item.get("type", "MULTIPLIER"))))
        value = QLineEdit(value_text(item), self.holder)
        value.setPlaceholderText("1.5 or £2.00")
        value.setMaximumWidth(110)
        precedence = QSpinBox(self.holder)
        precedence.setRange(0, 999)
        precedence.setValue(whole(item.get("precedence", 0)))
        row.widgets = [name, when, after, before, uplift, value, precedence]
        for column, widget in enumerate(row.widgets):
            self.grid.addWidget(widget, n, column)
        self.rows.append(row)
        self._name_row(n, row)
        self.rows_changed.emit()

    def _name_row(self, n: int, row: _Row) -> None:
        for heading, widget in zip(HEADINGS, row.widgets, strict=True):
            widget.setObjectName(f"enhancement{n}_{heading.split()[0].lower()}")
            widget.setAccessibleName(f"Enhancement {n}: {heading.lower()}")

    def remove_last(self) -> None:
        if not self.rows:
            return
        for widget in self.rows.pop().widgets:
            self.grid.removeWidget(widget)
            widget.hide()  # gone at once, not when the event loop gets to deleteLater
            widget.deleteLater()
        self.rows_changed.emit()

    def controls(self) -> list[QWidget]:
        """Every control in reading order, for the dialog's tab order."""
        rows = [w for r in self.rows for w in r.widgets]
        return [*rows, self.add_button, self.remove_button]

    def set_value(self, items: list[dict[str, Any]] | None) -> None:
        while self.rows:
            self.remove_last()
        for item in items or []:
            self.add_row(item)

    def value(self) -> list[dict[str, Any]]:
        """The rows as the card's JSON; a value that is not money is left as typed, for core to
        refuse with the enhancement's name (see `value_problems`)."""
        out = []
        for row in self.rows:
            name, when, after, before, uplift, value, precedence = row.widgets
            assert isinstance(name, QLineEdit) and isinstance(when, QComboBox)
            assert isinstance(after, QLineEdit) and isinstance(before, QLineEdit)
            assert isinstance(uplift, QComboBox) and isinstance(value, QLineEdit)
            assert isinstance(precedence, QSpinBox)
            item = dict(row.original)
            item.update(
                name=name.text().strip(),
                when=when.currentData(),
                type=uplift.currentData(),
                precedence=precedence.value(),
            )
            for key, edit in (("after", after), ("before", before)):
                item.pop(key, None)
                if edit.text().strip():
                    item[key] = edit.text().strip()
            item["value"] = read_value(item["type"], value.text())
            out.append(item)
        return out
