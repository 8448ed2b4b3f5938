"""Table view settings shared by every list (kept free of the data layer: the first look uses it).

Every table says something when it has no rows ("No visits today."), written over its empty
body, so an empty list reads as "nothing yet" and never as a window that failed to load.
"""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from microoffice.ui.widgets.table_model import Column, RowTableModel

R = TypeVar("R")


def configure_table(table: QTableView, columns: list[Column[Any]], *, empty: str) -> None:
    """Fixed row heights and no content-based sizing, so 10,000 rows scroll instantly; `empty`
    is what the table says while it has no rows."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setTabKeyNavigation(False)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(True)
    header.setSectionsClickable(True)
    size_columns(table, columns)
    show_when_empty(table, empty)


def size_columns(table: QTableView, columns: list[Column[Any]]) -> None:
    for i, column in enumerate(columns):
        table.setColumnWidth(i, column.width)


class EmptyState(QLabel):
    """The words over a table's body while it has no rows; follows the model and the size."""

    def __init__(self, table: QTableView, text: str) -> None:
        super().__init__(text, table.viewport())
        self.table = table
        self.setObjectName("emptyState")
        self.setAccessibleName(text)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model = table.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
        ):
            signal.connect(self.follow)
        table.viewport().installEventFilter(self)
        self.follow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        self.setGeometry(self.table.viewport().rect().adjusted(16, 16, -16, -16))

    def follow(self) -> None:
        self._fit()
        self.setVisible(self.table.model().rowCount() == 0)


def show_when_empty(table: QTableView, text: str) -> EmptyState:
    """Say `text` over the table while its model has no rows (set the model first)."""
    return EmptyState(table, text)


def selected_row(table: QTableView, model: RowTableModel[R]) -> R | None:
    """The row chosen in a single-selection table, or None."""
    chosen = table.selectionModel().selectedRows()
    return model.row_at(chosen[0].row()) if chosen else None
