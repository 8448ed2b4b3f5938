"""Long text in a list ends in "…" and shows in full as the tooltip; text that fits has none."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QTableView, QToolTip
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.services import clients
from microoffice.ui.widgets.list_page import ListPage
from microoffice.ui.widgets.tables import ElidingDelegate
from tests.ui.conftest import OFFSCREEN_NOISE, OpenWindow

LONG_SURNAME = "Fortescue-Montgomery-Wolstenholme-Featherstonehaugh"


def hover(qtbot: QtBot, table: QTableView, row: int, column: int) -> str:
    """Rest the pointer on a cell as a person would, and read the tooltip that shows ('' if none)."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    rect = table.visualRect(table.model().index(row, column))
    where = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where))
    QApplication.sendEvent(table.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


# A tooltip raises its window, which the offscreen test platform cannot do, and says so.
TOOLTIP_NOISE = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, "This plugin does not support raise")


@TOOLTIP_NOISE
def test_a_long_name_is_cut_short_with_the_whole_of_it_in_the_tooltip(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    database = open_database(str(db_path))
    with database.session() as s:
        clients.create_client(
            s, clients.ClientData(first_name="Margaret Elizabeth", last_name=LONG_SURNAME)
        )
        clients.create_client(s, clients.ClientData(first_name="Bo", last_name="Ng"))
    database.close()
    window = open_window()
    page = window.show_page("clients") or window.page("clients")
    assert isinstance(page, ListPage)
    table = page.table
    name = 0
    rows = {page.model.index(r, name).data(): r for r in range(page.model.rowCount())}
    bo = rows.pop("Bo Ng")
    (shown, ann), *_ = rows.items()
    assert LONG_SURNAME in shown
    delegate = table.itemDelegate()
    assert isinstance(delegate, ElidingDelegate)
    assert table.textElideMode() == Qt.TextElideMode.ElideRight and not table.wordWrap()
    room = table.columnWidth(name)
    assert table.fontMetrics().horizontalAdvance(shown) > room, "the test needs it too long"
    assert hover(qtbot, table, ann, name) == shown
    assert hover(qtbot, table, bo, name) == "", "the short name fits: no tooltip"
    table.setColumnWidth(name, table.fontMetrics().horizontalAdvance(shown) + 40)
    assert hover(qtbot, table, ann, name) == "", "widened to fit: no tooltip any more"
    assert hover(qtbot, table, ann, 1) == "", "the empty town has no tooltip"
