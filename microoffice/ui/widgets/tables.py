"""Table view settings shared by every list (kept free of the data layer: the first look uses it)."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from microoffice.ui.widgets.table_model import Column, RowTableModel

R = TypeVar("R")


def configure_table(table: QTableView, columns: list[Column[Any]]) -> None:
    """Fixed row heights and no content-based sizing, so 10,000 rows scroll instantly."""
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
    for i, column in enumerate(columns):
        table.setColumnWidth(i, column.width)


def selected_row(table: QTableView, model: RowTableModel[R]) -> R | None:
    """The row chosen in a single-selection table, or None."""
    chosen = table.selectionModel().selectedRows()
    return model.row_at(chosen[0].row()) if chosen else None
