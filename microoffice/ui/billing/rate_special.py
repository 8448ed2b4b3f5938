"""The rate card's special dates: enhancements on listed days, such as Christmas Eve at 1.5x.

Core keeps these as ordinary enhancements with `"when": "SPECIAL_DAY"` and a `dates` list (ISO
strings); the window gives them their own table because a list of dates does not fit the
enhancements table's columns. Each row keeps the JSON it was loaded from, so parts not shown
(`stacks`) survive an edit, and `merge` puts the two tables back in the card's original order so
that saving an unchanged card changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
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

from microoffice.core.money import parse_gbp
from microoffice.core.validation import format_date, parse_date
from microoffice.ui.billing.rate_enhancements import UPLIFTS, value_text, whole
from microoffice.ui.billing.rate_rows import RowsEditor
from microoffice.ui.widgets.form import set_invalid

SPECIAL_DAY = "SPECIAL_DAY"
HEADINGS = [
    "Name",
    "Dates (dd/mm/yyyy, commas between)",
    "Charged as",
    "Multiplier or £",
    "Precedence",
    "",
    "",
]
EXAMPLE_DATE = "24/12/2026"


def is_special(item: dict[str, Any]) -> bool:
    return item.get("when") == SPECIAL_DAY


def merge(
    kinds: list[bool], regular: list[dict[str, Any]], special: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Interleave the two tables as the loaded card had them (`kinds[i]`: item i was special);
    rows added since go at the end."""
    regular, special = list(regular), list(special)
    out = []
    for was_special in kinds:
        source = special if was_special else regular
        if source:
            out.append(source.pop(0))
    return out + regular + special


@dataclass(frozen=True)
class SpecialProblem:
    row: int  # 0-based, within the special dates
    part: str  # "dates" or "value"
    message: str


def special_problem(items: list[dict[str, Any]]) -> SpecialProblem | None:
    """The first special date that cannot be read, worded for the person (None if all can)."""
    for n, item in enumerate(items):
        name = item.get("name") or f"Special date {n + 1}"
        dates = item.get("dates") or []
        if not dates:
            return SpecialProblem(n, "dates", f"{name}: type a date, like {EXAMPLE_DATE}")
        for text in dates:
            try:
                date.fromisoformat(str(text))
            except ValueError:
                message = f"{name}: '{text}' is not a date; type it like {EXAMPLE_DATE}"
                return SpecialProblem(n, "dates", message)
        value = item.get("value")
        if item.get("type") != "MULTIPLIER" and isinstance(value, str):
            return SpecialProblem(n, "value", f"{name}: type the amount in pounds, like 2.00")
        if item.get("type") == "MULTIPLIER":
            try:
                Decimal(str(value))
            except InvalidOperation:
                return SpecialProblem(n, "value", f"{name}: type the multiplier, like 1.5")
    return None


def _dates_text(item: dict[str, Any]) -> str:
    shown = []
    for raw in item.get("dates") or []:
        try:
            shown.append(format_date(date.fromisoformat(str(raw))))
        except ValueError:
            shown.append(str(raw))
    return ", ".join(shown)


def _read_dates(text: str) -> list[str]:
    """ISO strings for dates that read; anything else as typed, for `special_problem`."""
    out = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        try:
            day = parse_date(part)
        except ValueError:
            out.append(part)
            continue
        out.append(day.isoformat() if day else part)
    return out


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
        dates = QLineEdit(_dates_text(item), h)
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
                dates=_read_dates(row.dates.text()),
                type=row.uplift.currentData(),
                precedence=row.precedence.value(),
            )
            item.pop("applies_to_fixed", None)
            if row.fixed.isChecked():
                item["applies_to_fixed"] = True
            text = row.value.text().strip()
            if item["type"] == "MULTIPLIER":
                item["value"] = text.lstrip("×xX").strip()
            else:
                try:
                    item["value"] = parse_gbp(text)
                except ValueError:
                    item["value"] = text
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
