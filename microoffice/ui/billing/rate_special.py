"""The rate card's special dates: enhancements on listed days, such as Christmas Eve at 1.5x.

Core keeps these as ordinary enhancements with `"when": "SPECIAL_DAY"` and a `dates` list (ISO
strings); the window gives them their own table because a list of dates does not fit the
enhancements table's columns. Each row keeps the JSON it was loaded from, so parts not shown
(`stacks`) survive an edit, and `merge` puts the two tables back in the card's original order so
that saving an unchanged card changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from microoffice.core.billing.card_text import (
    EXAMPLE_DATE,
    SPECIAL_DAY,
    dates_text,
    read_dates,
    read_value,
    special_problem,
    value_text,
    whole,
)
from microoffice.ui.billing.rate_enhancements import UPLIFTS
from microoffice.ui.billing.rate_rows import RowsEditor
from microoffice.ui.widgets.form import set_invalid

HEADINGS = [
    "Name",
    "Dates (dd/mm/yyyy, commas between)",
    "Charged as",
    "Multiplier or £",
    "Precedence",
    "",
    "",
]


@dataclass
class _Row:
    original: dict[str, Any]
    name: QLineEdit
    dates: QLineEdit
    uplift: QComboBox
    value: QLineEdit
    precedence: QSpinBox
    fixed: QCheckBox
    remove: QPushButton

    @property
    def widgets(self) -> list[QWidget]:
        return [
            self.name,
            self.dates,
            self.uplift,
            self.value,
            self.precedence,
            self.fixed,
            self.remove,
        ]


class SpecialDatesEditor(RowsEditor):
    """Rows of name, dates, kind of uplift, value, precedence and whether fixed prices rise too."""

    first_row = 1  # under the headings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setMinimumHeight(120)
        self.holder = QWidget(self.area)
        self.holder.setLayout(self.grid)
        for column, heading in enumerate(HEADINGS):
            if heading:
                self.grid.addWidget(QLabel(f"<b>{heading}</b>", self.holder), 0, column)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        self.grid.setRowStretch(99, 1)
        self.area.setWidget(self.holder)
        self.outer.addWidget(self.area, 1)
        self.add_bar(
            "Add special date",
            "addSpecialDateButton",
            "Add a special date",
            "A higher rate on dates you list, e.g. Christmas Eve",
        )

    def add_new(self) -> None:
        self.add_row({"type": "MULTIPLIER", "precedence": 60})

    def add_row(self, item: dict[str, Any]) -> None:
        h = self.holder
        name = QLineEdit(str(item.get("name", "")), h)
        name.setPlaceholderText("e.g. Christmas Eve")
        dates = QLineEdit(dates_text(item), h)
        dates.setPlaceholderText(f"e.g. {EXAMPLE_DATE}, 31/12/2026")
        uplift = QComboBox(h)
        for code, text in UPLIFTS:
            uplift.addItem(text, code)
        uplift.setCurrentIndex(max(0, uplift.findData(item.get("type", "MULTIPLIER"))))
        value = QLineEdit(value_text(item), h)
        value.setPlaceholderText("1.5 or £2.00")
        value.setMaximumWidth(110)
        precedence = QSpinBox(h)
        precedence.setRange(0, 999)
        precedence.setValue(whole(item.get("precedence", 0)))
        fixed = QCheckBox("Fixed prices too", h)
        fixed.setChecked(bool(item.get("applies_to_fixed", False)))
        fixed.setToolTip("A multiplier also raises fixed prices such as a sleep-in")
        remove = QPushButton("Remove", h)
        self.row_added(
            _Row(dict(item), name, dates, uplift, value, precedence, fixed, remove), remove
        )

    def name_row(self, n: int, row: _Row) -> None:
        parts = ["name", "dates", "charged as", "multiplier or £", "precedence"]
        for part, widget in zip(parts, row.widgets, strict=False):
            widget.setObjectName(f"special{n}_{part.split()[0]}")
            widget.setAccessibleName(f"Special date {n}: {part}")
        row.fixed.setObjectName(f"special{n}_fixed")
        row.fixed.setAccessibleName(f"Special date {n}: also raise fixed prices")
        row.remove.setObjectName(f"special{n}_remove")
        row.remove.setAccessibleName(f"Remove special date {n}")

    def set_value(self, items: list[dict[str, Any]] | None) -> None:
        self.clear_rows()
        for item in items or []:
            self.add_row(item)
        self.rows_set()

    def value(self) -> list[dict[str, Any]]:
        """The rows as enhancement JSON; text that is not a date or money is left as typed, for
        `special_problem` to name."""
        out = []
        for row in self.rows:
            item = dict(row.original)
            item.update(
                name=row.name.text().strip(),
                when=SPECIAL_DAY,
                dates=read_dates(row.dates.text()),
                type=row.uplift.currentData(),
                precedence=row.precedence.value(),
            )
            item.pop("applies_to_fixed", None)
            if row.fixed.isChecked():
                item["applies_to_fixed"] = True
            item["value"] = read_value(item["type"], row.value.text())
            out.append(item)
        return out

    def owns(self, message: str) -> bool:
        """Whether a message from core is about one of these rows (it starts with the name)."""
        return any(
            r.name.text().strip() and message.startswith(f"{r.name.text().strip()}:")
            for r in self.rows
        )

    def clear_problem(self) -> None:
        for row in self.rows:
            for widget in (row.dates, row.value):
                set_invalid(widget, False)
                widget.setAccessibleDescription("")

    def show_problem(self, message: str, focus: bool = True) -> None:
        """Mark and focus the row the message is about (found again by reading the rows)."""
        self.clear_problem()
        problem = special_problem(self.value())
        target: QWidget | None = None
        if problem is not None:
            row = self.rows[problem.row]
            target = row.dates if problem.part == "dates" else row.value
        self.point_at(target, self.rows[0].value if self.rows else self.add_button, message, focus)
