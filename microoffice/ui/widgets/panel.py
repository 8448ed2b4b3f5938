"""A tab listing a client's own records (contacts, funding) with its buttons.

Until the client has been saved there is nothing to attach records to, so the tab says so and
offers to save the details first instead of showing controls that cannot work.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.table_model import Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

R = TypeVar("R")


class ChildPanel(QWidget, Generic[R]):
    save_first = Signal()

    def __init__(
        self,
        ops: Ops,
        intro: str,
        columns: list[Column[R]],
        parent: QWidget | None,
        *,
        empty: str,
    ):
        super().__init__(parent)
        self.ops = ops
        self.client_id: int | None = None
        self.dialog: QWidget | None = None
        self._stack = QStackedLayout(self)

        waiting = QWidget(self)
        column = QVBoxLayout(waiting)
        note = QLabel("Save the client's details first; then you can add records here.", waiting)
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.save_first_button = QPushButton("Save details now", waiting)
        self.save_first_button.setObjectName("saveFirstButton")
        self.save_first_button.setAccessibleName("Save the client's details now")
        self.save_first_button.clicked.connect(self.save_first.emit)
        column.addWidget(note)
        column.addWidget(self.save_first_button)
        column.addStretch(1)
        self._stack.addWidget(waiting)

        ready = QWidget(self)
        layout = self.body = QVBoxLayout(ready)  # subclasses add below the table
        hint = QLabel(intro, ready)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model: RowTableModel[R] = RowTableModel(columns, muted=self.is_muted, parent=self)
        self.table = QTableView(ready)
        self.table.setModel(self.model)
        configure_table(self.table, columns, empty=empty)
        layout.addWidget(self.table, 1)
        self._buttons = QHBoxLayout()
        layout.addLayout(self._buttons)
        self._stack.addWidget(ready)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.table.activated.connect(lambda _index: self.on_activated())

    def add_button(self, text: str, name: str, slot: Any, needs_row: bool = True) -> QPushButton:
        button = push_button(self, text, slot, self._buttons, name=name)
        button.setProperty("needsRow", needs_row)
        return button

    def finish_buttons(self) -> None:
        self._buttons.addStretch(1)
        self.update_buttons()

    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self._stack.setCurrentIndex(0 if client_id is None else 1)
        if client_id is not None:
            self.reload()

    def reload(self) -> None:
        assert self.client_id is not None
        self.model.set_rows(self.fetch(self.client_id))
        self.update_buttons()

    def selected(self) -> R | None:
        return selected_row(self.table, self.model)

    def update_buttons(self) -> None:
        row = self.selected()
        for i in range(self._buttons.count()):
            item = self._buttons.itemAt(i)
            button = item.widget() if item is not None else None
            if isinstance(button, QPushButton) and button.property("needsRow"):
                button.setEnabled(row is not None and self.allows(button, row))

    def show_dialog(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    # -- to implement -----------------------------------------------------------------------
    def fetch(self, client_id: int) -> list[R]:
        raise NotImplementedError

    def is_muted(self, row: R) -> bool:
        return False

    def allows(self, button: QPushButton, row: R) -> bool:
        return True

    def on_activated(self) -> None:
        pass
