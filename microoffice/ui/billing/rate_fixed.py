"""The rate card's fixed prices (one price per visit of a service type, e.g. a sleep-in night).

The rows hold text as typed; core's `read_fixed` (billing/card_text.py) turns it into pence or
names the first row that cannot be read, so the message can sit at that row.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from microoffice.core.billing.card_text import read_fixed
from microoffice.core.money import format_gbp
from microoffice.core.vocabulary import SERVICE_TYPES, service_label
from microoffice.ui.billing.rate_rows import RowsEditor
from microoffice.ui.widgets.form import set_invalid


@dataclass
class _Row:
    service: QComboBox
    price: QLineEdit
    remove: QPushButton

    @property
    def widgets(self) -> list[QWidget]:
        return [self.service, self.price, self.remove]


class FixedPricesEditor(RowsEditor):
    """Rows of service type and price, each with its own Remove, and an Add button below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outer.setSpacing(3)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.outer.addLayout(self.grid)
        self.add_bar(
            "Add fixed price",
            "addFixedPriceButton",
            "Add a fixed price",
            "A price per visit of one service, e.g. a sleep-in night",
        )

    def add_new(self) -> None:
        self.add_row()

    def add_row(self, code: str | None = None, pence: int | None = None) -> None:
        used = {r.service.currentData() for r in self.rows}
        if code is None:
            code = next((c for c, _ in SERVICE_TYPES if c not in used), SERVICE_TYPES[0][0])
        service = QComboBox(self)
        for value, text in SERVICE_TYPES:
            service.addItem(text, value)
        if service.findData(code) < 0:  # a type set outside the window survives the edit
            service.addItem(service_label(code), code)
        service.setCurrentIndex(service.findData(code))
        price = QLineEdit("" if pence is None else format_gbp(pence), self)
        price.setPlaceholderText("£, e.g. 95.00")
        price.setMaximumWidth(110)
        remove = QPushButton("Remove", self)
        self.row_added(_Row(service, price, remove), remove)

    def focus_of(self, row: _Row) -> QWidget:
        return row.price

    def name_row(self, n: int, row: _Row) -> None:
        row.service.setObjectName(f"fixed{n}_service")
        row.service.setAccessibleName(f"Fixed price {n}: service")
        row.price.setObjectName(f"fixed{n}_price")
        row.price.setAccessibleName(f"Fixed price {n}: price in pounds")
        row.remove.setObjectName(f"fixed{n}_remove")
        row.remove.setAccessibleName(f"Remove fixed price {n}")

    def set_value(self, prices: dict[str, int] | None) -> None:
        self.clear_rows()
        for code, pence in (prices or {}).items():
            self.add_row(code, pence)
        self.rows_set()

    def value(self) -> list[tuple[str, str]]:
        return [(r.service.currentData(), r.price.text().strip()) for r in self.rows]

    def clear_problem(self) -> None:
        for row in self.rows:
            set_invalid(row.service, False)
            set_invalid(row.price, False)
            row.price.setAccessibleDescription("")

    def show_problem(self, message: str, focus: bool = True) -> None:
        """Mark and focus the row the message is about (found again by reading the rows)."""
        self.clear_problem()
        _prices, problem = read_fixed(self.value())
        target: QWidget | None = None
        if problem is not None:
            row = self.rows[problem.row]
            target = row.service if problem.part == "service" else row.price
        self.point_at(target, self.rows[0].price if self.rows else self.add_button, message, focus)
