"""What the rate card's row lists (fixed prices, special dates) share: rows of controls in a grid,
each with its own Remove, an Add button below, names that follow a row's position, and a problem
pointed at the very control it is about."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from microoffice.ui.widgets.form import set_invalid


class Row(Protocol):
    @property
    def widgets(self) -> list[QWidget]: ...


class RowsEditor(QWidget):
    """Subclasses build a row's controls (`add_row`, ending in `row_added`) and name them
    (`name_row`); `first_row` is the grid row under any headings."""

    rows_changed = Signal()
    first_row = 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.rows: list[Any] = []
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self._add_clicked)

    def add_bar(self, text: str, name: str, accessible: str, tip: str) -> None:
        """The Add button, under the rows."""
        self.add_button.setText(text)
        self.add_button.setObjectName(name)
        self.add_button.setAccessibleName(accessible)
        self.add_button.setToolTip(tip)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        self.outer.addLayout(bar)

    def add_new(self) -> None:
        raise NotImplementedError

    def name_row(self, n: int, row: Any) -> None:
        raise NotImplementedError

    def focus_of(self, row: Any) -> QWidget:
        """The control a person lands on in a row."""
        first: QWidget = row.widgets[0]
        return first

    def _add_clicked(self) -> None:
        self.add_new()
        for widget in self.rows[-1].widgets:
            widget.show()  # at once, so it can take focus (a layout shows it a moment later)
        self.rows[-1].widgets[0].setFocus()

    def row_added(self, row: Row, remove: QPushButton) -> None:
        remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        self._lay_out()
        self.rows_changed.emit()

    def remove_row(self, row: Row) -> None:
        index = self.rows.index(row)
        self._drop(row)
        self._lay_out()
        self.rows_changed.emit()
        if self.rows:
            self.focus_of(self.rows[min(index, len(self.rows) - 1)]).setFocus()
        else:
            self.add_button.setFocus()

    def clear_rows(self) -> None:
        for row in list(self.rows):
            self._drop(row)

    def rows_set(self) -> None:
        """After a whole new set of rows (loading a card)."""
        self._lay_out()
        self.rows_changed.emit()

    def _drop(self, row: Row) -> None:
        self.rows.remove(row)
        for widget in row.widgets:
            self.grid.removeWidget(widget)
            widget.hide()  # gone at once, not when the event loop gets to deleteLater
            widget.deleteLater()

    def _lay_out(self) -> None:
        """Place and name rows by position, so names stay '1, 2, 3' after a removal."""
        for n, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets):
                self.grid.addWidget(widget, self.first_row + n - 1, column)
            self.name_row(n, row)

    def controls(self) -> list[QWidget]:
        """Every control in reading order, for the dialog's tab order."""
        return [w for r in self.rows for w in r.widgets] + [self.add_button]

    def point_at(
        self, target: QWidget | None, fallback: QWidget, message: str, focus: bool
    ) -> None:
        """Mark the control a problem is about (or, when no row is to blame, say it at
        `fallback`), so a screen reader reads the message there."""
        if target is None:
            target = fallback
        else:
            set_invalid(target, True)
        target.setAccessibleDescription(message)
        if focus:
            target.setFocus()
