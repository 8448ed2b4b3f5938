"""Table view settings shared by every list (kept free of the data layer: the first look uses it).

Every table says something when it has no rows ("No visits today."), written over its empty
body, so an empty list reads as "nothing yet" and never as a window that failed to load; where
there is an obvious next step it offers it as buttons ("Add client…", "Import…"). An empty
table shows no scroll bars (there is nothing to scroll to). A cell too long for its column ends
in "…" and shows its whole text as the tooltip; a cell that fits shows no tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from microoffice.ui.widgets.table_model import Column, RowTableModel

R = TypeVar("R")


def configure_table(table: QTableView, columns: list[Column[Any]], *, empty: str) -> EmptyState:
    """Fixed row heights and no content-based sizing, so 10,000 rows scroll instantly; `empty`
    is what the table says while it has no rows."""
    table.setItemDelegate(ElidingDelegate(table))
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
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
    return show_when_empty(table, empty)


def size_columns(table: QTableView, columns: list[Column[Any]]) -> None:
    """Each column at its declared width, but never narrower than its heading (a heading is
    read whole: it has no tooltip to show the rest)."""
    header = table.horizontalHeader()
    for i, column in enumerate(columns):
        heading = header.sectionSizeHint(i) if i < header.count() else 0
        table.setColumnWidth(i, max(column.width, heading))


def fit_columns_to_words(table: QTableView, fitted: Sequence[int], *, stretch: int) -> None:
    """Give each `fitted` column at least the width of its longest text (for short lists whose
    words must be read whole: a time, a status), and let the `stretch` column take what is left
    (its long text ends in "…"). Call again after new rows."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column in fitted:
        widest = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        table.setColumnWidth(column, max(table.columnWidth(column), widest))


Action = tuple[str, Callable[[], object]]


class ElidingDelegate(QStyledItemDelegate):
    """The cell's whole text as its tooltip, but only when the column cuts it short; a tooltip
    of its own (the model's, differing from the text) always shows."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if tip and tip != text:
            QToolTip.showText(event.globalPos(), str(tip), view)
            return True
        if text and self.is_elided(option, index):
            QToolTip.showText(event.globalPos(), str(text), view)
            return True
        QToolTip.hideText()
        event.ignore()
        return True

    def is_elided(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Whether the cell's text is wider than the room the style gives it."""
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = item.widget
        style = widget.style() if widget is not None else None
        if style is None:
            return False
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, item, widget) + 1
        text = item.text
        return bool(item.fontMetrics.horizontalAdvance(text) > room.width() - 2 * margin)


class EmptyState(QWidget):
    """The words over a table's body while it has no rows, with buttons for the next step when
    there is one; follows the model and the size, and hides the table's scroll bars."""

    def __init__(self, table: QTableView, text: str) -> None:
        super().__init__(table.viewport())
        self.table = table
        self.setObjectName("emptyStateBox")
        self.label = QLabel(text, self)
        self.label.setObjectName("emptyState")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName(text)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.label)
        self._row = QHBoxLayout()
        self._row.addStretch(1)
        self._row.addStretch(1)
        column.addLayout(self._row)
        column.addStretch(1)
        self.buttons: list[QPushButton] = []
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._policies = (
            table.horizontalScrollBarPolicy(),
            table.verticalScrollBarPolicy(),
        )
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

    def text(self) -> str:
        return self.label.text()

    def set_message(self, text: str, actions: Sequence[Action] = ()) -> None:
        """Say `text`, with a button for each (words, what it does)."""
        self.label.setText(text)
        self.setAccessibleName(text)
        for button in self.buttons:
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for words, slot in actions:
            button = QPushButton(words, self)
            button.setObjectName("emptyAction")
            button.clicked.connect(lambda _checked=False, act=slot: act())
            self._row.insertWidget(self._row.count() - 1, button)
            button.show()  # at once, not at the layout's next turn
            self.buttons.append(button)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not actions)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        self.setGeometry(self.table.viewport().rect().adjusted(16, 16, -16, -16))

    def follow(self) -> None:
        self._fit()
        empty = self.table.model().rowCount() == 0
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.table.setHorizontalScrollBarPolicy(off if empty else self._policies[0])
        self.table.setVerticalScrollBarPolicy(off if empty else self._policies[1])
        self.setVisible(empty)


def show_when_empty(table: QTableView, text: str) -> EmptyState:
    """Say `text` over the table while its model has no rows (set the model first)."""
    return EmptyState(table, text)


def selected_row(table: QTableView, model: RowTableModel[R]) -> R | None:
    """The row chosen in a single-selection table, or None."""
    chosen = table.selectionModel().selectedRows()
    return model.row_at(chosen[0].row()) if chosen else None
