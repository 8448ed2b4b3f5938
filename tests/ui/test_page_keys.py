"""Keys act on the page shown, wherever the focus is, and never on a page out of sight."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.services import clients, staff
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.clients.page import ClientsPage
from microoffice.ui.staff.dialog import StaffDialog
from microoffice.ui.staff.page import StaffPage
from microoffice.ui.widgets.ask import AskDialog
from tests.ui.conftest import OpenWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def key(qtbot: QtBot, window: MainWindow, which: Qt.Key, mods: Qt.KeyboardModifier = CTRL) -> None:
    """Press a key where the focus is, as a person does: here, the navigation on the left."""
    focus = window.focusWidget() or window.nav
    qtbot.keyClick(focus, which, mods)


def dialog_of(page: QWidget) -> QWidget | None:
    shown = getattr(page, "dialog", None)
    return shown if shown is not None and shown.isVisible() else None


def both(window: MainWindow) -> tuple[ClientsPage, StaffPage]:
    clients_page, staff_page = window.page("clients"), window.page("staff")
    assert isinstance(clients_page, ClientsPage) and isinstance(staff_page, StaffPage)
    return clients_page, staff_page


def test_ctrl_n_after_ctrl_3_adds_a_client_and_not_a_member_of_staff(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    clients_page, staff_page = both(window)
    window.nav.setFocus()
    key(qtbot, window, Qt.Key.Key_3)  # Clients, the focus still in the navigation
    assert window.stack.currentWidget() is clients_page
    assert window.nav.hasFocus()
    key(qtbot, window, Qt.Key.Key_N)
    assert isinstance(dialog_of(clients_page), ClientDialog), "Ctrl+N works without a click"
    assert dialog_of(staff_page) is None, "the hidden Staff page did nothing"
    clients_page.dialog.reject()  # type: ignore[union-attr]

    window.activateWindow()
    window.nav.setFocus()
    key(qtbot, window, Qt.Key.Key_4)
    assert window.stack.currentWidget() is staff_page
    key(qtbot, window, Qt.Key.Key_N)
    assert isinstance(dialog_of(staff_page), StaffDialog)
    assert dialog_of(clients_page) is None, "the hidden Clients page did nothing"


def test_f5_and_delete_act_on_the_page_shown_only(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    database = open_database(str(db_path))
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Lee"))
        staff.create_staff(s, staff.StaffData(first_name="Bea", last_name="Bond"))
    database.close()
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    clients_page, staff_page = both(window)
    clients_page.table.selectRow(0)
    staff_page.table.selectRow(0)

    # Written by another program: the lists show it once asked to (F5), each on its own page.
    database = open_database(str(db_path))
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Cy", last_name="Moss"))
        staff.create_staff(s, staff.StaffData(first_name="Di", last_name="Fox"))
    database.close()
    window.show_page("staff")
    window.nav.setFocus()
    key(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    assert staff_page.model.rowCount() == 2
    assert clients_page.model.rowCount() == 1, "F5 on Staff left Clients alone"
    window.show_page("clients")
    key(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    assert clients_page.model.rowCount() == 2

    clients_page.table.selectRow(0)
    window.show_page("staff")
    window.nav.setFocus()
    key(qtbot, window, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    asked = dialog_of(staff_page)
    assert isinstance(asked, AskDialog) and "Archive" in asked.windowTitle()
    assert dialog_of(clients_page) is None, "Delete on Staff asked nothing about a client"
    asked.reject()
