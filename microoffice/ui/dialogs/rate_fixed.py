"""The rate card's fixed prices (one price per visit of a service type, e.g. a sleep-in night).

The rows hold text as typed; `read_fixed` turns it into pence or names the first row that cannot
be read, so the message can sit at that row. Core (billing/terms.py) still checks the result: the
reading here only exists because core cannot say "type it like 95.00" about a number it never saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.money import format_gbp, parse_gbp
from microoffice.ui.labels import SERVICE_TYPES
from microoffice.ui.widgets.form import set_invalid


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


class FixedPricesEditor(QWidget):
    """Rows of service type and price, each with its own Remove, and an Add button below."""

    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(3)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(0, 1)
        outer.addLayout(self.grid)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Add fixed price", self)
        self.add_button.setObjectName("addFixedPriceButton")
        self.add_button.setAccessibleName("Add a fixed price")
        self.add_button.setToolTip("A price per visit of one service, e.g. a sleep-in night")
        self.add_button.clicked.connect(self._add_clicked)
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        outer.addLayout(bar)
        self.rows: list[_Row] = []

    def _add_clicked(self) -> None:
        self.add_row()
        for widget in self.rows[-1].widgets:
            widget.show()  # at once, so it can take focus (a layout shows it a moment later)
        self.rows[-1].service.setFocus()

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
        row = _Row(service, price, remove)
        remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        self._lay_out()
        self.rows_changed.emit()

    def remove_row(self, row: _Row) -> None:
        index = self.rows.index(row)
        self._drop(row)
        self._lay_out()
        self.rows_changed.emit()
        after = self.rows[min(index, len(self.rows) - 1)].price if self.rows else self.add_button
        after.setFocus()

    def _drop(self, row: _Row) -> None:
        self.rows.remove(row)
        for widget in row.widgets:
            self.grid.removeWidget(widget)
            widget.hide()  # gone at once, not when the event loop gets to deleteLater
            widget.deleteLater()

    def _lay_out(self) -> None:
        """Place and name rows by position, so names stay '1, 2, 3' after a removal."""
        for n, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets):
                self.grid.addWidget(widget, n - 1, column)
            row.service.setObjectName(f"fixed{n}_service")
            row.service.setAccessibleName(f"Fixed price {n}: service")
            row.price.setObjectName(f"fixed{n}_price")
            row.price.setAccessibleName(f"Fixed price {n}: price in pounds")
            row.remove.setObjectName(f"fixed{n}_remove")
            row.remove.setAccessibleName(f"Remove fixed price {n}")

    def set_value(self, prices: dict[str, int] | None) -> None:
        for row in list(self.rows):
            self._drop(row)
        for code, pence in (prices or {}).items():
            self.add_row(code, pence)
        self._lay_out()
        self.rows_changed.emit()

    def value(self) -> list[tuple[str, str]]:
        return [(r.service.currentData(), r.price.text().strip()) for r in self.rows]

    def controls(self) -> list[QWidget]:
        """Every control in reading order, for the dialog's tab order."""
        return [w for r in self.rows for w in r.widgets] + [self.add_button]

    def clear_problem(self) -> None:
        for row in self.rows:
            set_invalid(row.service, False)
            set_invalid(row.price, False)
            row.price.setAccessibleDescription("")

    def show_problem(self, message: str, focus: bool = True) -> None:
        """Mark and focus the row the message is about (found again by reading the rows)."""
        self.clear_problem()
        _prices, problem = read_fixed(self.value())
        if problem is None:
            target: QWidget = self.rows[0].price if self.rows else self.add_button
        else:
            row = self.rows[problem.row]
            target = row.service if problem.part == "service" else row.price
            set_invalid(target, True)
        target.setAccessibleDescription(message)
        if focus:
            target.setFocus()
