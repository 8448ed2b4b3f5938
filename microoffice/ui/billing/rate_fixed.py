"""The rate card's fixed prices (one price per visit of a service type, e.g. a sleep-in night).

The rows hold text as typed; `read_fixed` turns it into pence or names the first row that cannot
be read, so the message can sit at that row. Core (billing/terms.py) still checks the result: the
reading here only exists because core cannot say "type it like 95.00" about a number it never saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from microoffice.core.money import format_gbp, parse_gbp
from microoffice.ui.billing.rate_rows import RowsEditor
from microoffice.ui.widgets.form import set_invalid
from microoffice.ui.widgets.labels import SERVICE_TYPES


@dataclass(frozen=True)
class FixedProblem:
    row: int  # 0-based
    part: str  # "service" or "price"
    message: str


def service_label(code: str) -> str:
    return dict(SERVICE_TYPES).get(code) or code.replace("_", " ").capitalize()


def _reworded(exc: ValueError) -> str:
    text = str(exc)
    return text[0].lower() + text[1:] if text[:1].isupper() else text


def read_fixed(rows: list[tuple[str, str]]) -> tuple[dict[str, int], FixedProblem | None]:
    """(service code, price as typed) rows as {code: pence}, or the first problem found."""
    prices: dict[str, int] = {}
    for n, (code, text) in enumerate(rows):
        label = service_label(code)
        if code in prices:
            return prices, FixedProblem(
                n, "service", f"{label} is listed twice: give each service one fixed price"
            )
        if not text.strip():
            return prices, FixedProblem(n, "price", f"{label}: type the price, like 95.00")
        try:
            pence = parse_gbp(text)
        except ValueError as exc:
            return prices, FixedProblem(n, "price", f"{label}: {_reworded(exc)}")
        if pence < 0:
            return prices, FixedProblem(n, "price", f"{label}: a price cannot be negative")
        prices[code] = pence
    return prices, None


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
