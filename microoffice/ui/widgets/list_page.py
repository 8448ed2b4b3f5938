"""The shape every register page shares: search, filters, one table, New/Edit/Archive/Restore.

Clients and staff differ only in their columns, filters, core calls and dialogs; the layout,
keyboard behaviour, selection keeping and refresh-on-change live here once.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.changes import Changes
from microoffice.core.people.rights import Right
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.page_keys import page_key, press
from microoffice.ui.widgets.table_model import Column, HasId, RowTableModel
from microoffice.ui.widgets.tables import Action, configure_table, selected_row

R = TypeVar("R", bound=HasId)
SEARCH_DELAY_MS = 250


class ListPage(QWidget, Generic[R]):
    """Subclasses set the nouns, add filters, and implement fetch/open_editor/archive/restore."""

    noun = "record"
    plural = "records"
    watches = Changes()
    edit_right = Right.ANYONE  # who may add, change, archive and restore (docs/people.md)
    import_kind: str | None = None  # "clients" or "staff": offered from a spreadsheet too

    def __init__(
        self, ops: Ops, title: str, columns: list[Column[R]], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ops = ops
        self.dialog: QWidget | None = None  # the dialog this page last opened (tests read it)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)

        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {self.plural}")
        self.search.setMinimumWidth(260)
        bar.addWidget(self.search)
        self._filter_bar = bar
        bar.addStretch(1)
        self.show_archived = QCheckBox("Show archived", self)
        self.show_archived.setAccessibleName(f"Show archived {self.plural}")
        bar.addWidget(self.show_archived)
        layout.addLayout(bar)

        self.model: RowTableModel[R] = self.make_model(columns)
        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setAccessibleName(f"{title} list")
        self.table.setModel(self.model)
        self.empty = configure_table(self.table, columns, empty=f"No {self.plural} to show.")
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.new_button = push_button(self, f"New {self.noun}…", row=buttons, name="newButton")
        self.edit_button = push_button(self, "Edit…", row=buttons, name="editButton")
        self.archive_button = push_button(self, "Archive…", row=buttons, name="archiveButton")
        self.restore_button = push_button(self, "Restore", row=buttons, name="restoreButton")
        buttons.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        buttons.addWidget(self.count_label)
        layout.addLayout(buttons)

        self._last_filter: QWidget = self.search
        page_key(self, "Ctrl+F", self._find)
        page_key(self, "Ctrl+N", press(self.new_button))
        page_key(self, "Delete", press(self.archive_button))
        page_key(self, "F5", self.reload)
        self.search.setToolTip("Type to search (Ctrl+F)")
        self.new_button.setToolTip(f"Add a new {self.noun} (Ctrl+N)")
        self.archive_button.setToolTip(f"Archive the chosen {self.noun} (Delete)")

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.reload)
        self.show_archived.toggled.connect(lambda _on: self.reload())
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self._edit_selected)
        self.archive_button.clicked.connect(self._archive_selected)
        self.restore_button.clicked.connect(self._restore_selected)
        # `activated` is a double-click, or Enter on the keyboard (one signal, so one dialog).
        self.table.activated.connect(lambda _index: self._edit_selected())
        self.table.horizontalHeader().sectionClicked.connect(self._sort_by)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        ops.bus.changed.connect(self._on_changed)
        if not ops.may(self.edit_right):  # seen, not changed: the core refuses a change anyway
            for button in (self.new_button, self.archive_button, self.restore_button):
                button.setVisible(False)
            self.edit_button.setText("Open…")
            self.edit_button.setAccessibleName("Open")
        self._update_buttons()

    def add_filter(self, label: str, options: list[tuple[Any, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(label)
        combo.setToolTip(label)
        for value, text in options:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i: self.reload())
        self._filter_bar.insertWidget(self._filter_bar.count() - 2, combo)
        # Tab order follows what the eye sees: search, filters, "show archived", table, buttons.
        QWidget.setTabOrder(self._last_filter, combo)
        QWidget.setTabOrder(combo, self.show_archived)
        self._last_filter = combo
        return combo

    # -- to implement -----------------------------------------------------------------------
    def make_model(self, columns: list[Column[R]]) -> RowTableModel[R]:
        return RowTableModel(columns, muted=self.is_archived, parent=self)

    def load(self) -> None:
        """Put the current search's rows into the model (default: all at once via fetch)."""
        self.model.set_rows(self.fetch())

    def fetch(self) -> list[R]:
        raise NotImplementedError

    def open_editor(self, row: R | None) -> None:
        raise NotImplementedError

    def archive(self, row: R) -> None:
        raise NotImplementedError

    def restore(self, row: R) -> None:
        raise NotImplementedError

    @staticmethod
    def is_archived(row: Any) -> bool:
        return bool(row.archived)

    def first_steps(self) -> tuple[str, list[Action]]:
        """What the page says, and offers, before it has anything in it at all."""
        if not self.ops.may(self.edit_right):
            return f"No {self.plural} yet.", []
        actions: list[Action] = [(f"Add {self.noun}…", self.new_button.click)]
        if self.import_kind is None:
            return f"No {self.plural} yet: add the first with New {self.noun}.", actions
        actions.append(("Import from a spreadsheet…", self.open_import))
        words = f"No {self.plural} yet: add {self.plural} one by one, or import a spreadsheet."
        return words, actions

    def open_import(self) -> QWidget | None:
        """The spreadsheet import for this register (File > Import does the same)."""
        from microoffice.ui.app.menus import open_import
        from microoffice.ui.app.shell import Shell

        window = self.window()
        if self.import_kind is None or not isinstance(window, Shell):
            return None
        return open_import(window, self.import_kind)

    def searching(self) -> bool:
        """Whether the person has narrowed the list (a search, a filter, archived shown)."""
        combos = [w for w in self.findChildren(QComboBox) if w.parent() is self]
        return (
            bool(self.search.text().strip())
            or self.show_archived.isChecked()
            or any(combo.currentIndex() > 0 for combo in combos)
        )

    # -- behaviour --------------------------------------------------------------------------
    def reload(self) -> None:
        self._timer.stop()
        kept = self.selected()
        self.load()
        if self._sort is not None:
            self.model.sort(*self._sort)
        if kept is not None:
            self.select_id(kept.id)
        shown = self.model.rowCount()
        noun = self.noun if shown == 1 else self.plural
        self.count_label.setText(f"{shown:,} {noun}")
        if shown == 0 and not self.searching():
            self.empty.set_message(*self.first_steps())
        elif shown == 0:
            self.empty.set_message(f"No {self.plural} match this search.")
        self._update_buttons()

    def _find(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected(self) -> R | None:
        return selected_row(self.table, self.model)

    def select_id(self, row_id: int) -> bool:
        position = self.model.position_of(row_id)
        if position < 0:
            return False
        index = self.model.index(position, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _sort_by(self, column: int) -> None:
        order = Qt.SortOrder.AscendingOrder
        if self._sort is not None and self._sort == (column, Qt.SortOrder.AscendingOrder):
            order = Qt.SortOrder.DescendingOrder
        self._sort = (column, order)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, order)
        self.model.sort(column, order)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.archive_button.setEnabled(row is not None and not self.is_archived(row))
        self.restore_button.setEnabled(row is not None and self.is_archived(row))

    def show_dialog(self, dialog: QDialog) -> None:
        """Open a page's dialog without blocking; only one at a time."""
        self.dialog = open_alone(self.dialog, dialog)

    def _edit_selected(self) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible():
            return
        row = self.selected()
        if row is not None:
            self.open_editor(row)

    def _archive_selected(self) -> None:
        row = self.selected()
        if row is not None and not self.is_archived(row):
            self.archive(row)

    def _restore_selected(self) -> None:
        row = self.selected()
        if row is not None and self.is_archived(row):
            self.restore(row)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(self.watches):
            self.reload()
