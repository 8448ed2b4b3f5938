"""Empty pages say what to do next, with buttons that do it, and show no scroll bars."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.scheduling import plans
from microoffice.core.services import clients
from microoffice.ui.billing.invoices import InvoicesPage
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.importing.dialog import ImportDialog
from microoffice.ui.staff.dialog import StaffDialog
from microoffice.ui.today.page import TodayPage
from microoffice.ui.widgets.list_page import ListPage
from microoffice.ui.widgets.tables import EmptyState
from tests.ui.conftest import OpenWindow


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget} cannot be clicked"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def empty_of(table: QTableView) -> EmptyState:
    found = table.viewport().findChild(EmptyState)
    assert isinstance(found, EmptyState)
    return found


def button(empty: EmptyState, words: str) -> QPushButton:
    for candidate in empty.buttons:
        if candidate.text() == words:
            return candidate
    raise AssertionError(f"{words!r} not in {[b.text() for b in empty.buttons]}")


def no_scroll_bars(table: QTableView) -> bool:
    return not table.horizontalScrollBar().isVisible() and not table.verticalScrollBar().isVisible()


def test_no_clients_yet_offers_add_and_import_and_both_work(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    window.resize(900, 600)  # the columns are wider than the table: still no scroll bar
    page = window.show_page("clients") or window.page("clients")
    assert isinstance(page, ListPage)
    empty = empty_of(page.table)
    assert empty.isVisible()
    assert empty.text() == "No clients yet: add clients one by one, or import a spreadsheet."
    assert no_scroll_bars(page.table)
    click(qtbot, button(empty, "Add client…"))
    assert isinstance(page.dialog, ClientDialog) and page.dialog.isVisible()
    page.dialog.reject()
    click(qtbot, button(empty, "Import from a spreadsheet…"))
    importer = getattr(window, "import_dialog", None)
    assert isinstance(importer, ImportDialog) and importer.isVisible()
    assert importer.kind == "clients"
    importer.reject()

    page.search.setText("nobody called this")
    page.reload()
    assert empty.isVisible() and empty.text() == "No clients match this search."
    assert empty.buttons == []


def test_scroll_bars_come_back_once_the_table_has_rows(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    database = open_database(str(db_path))
    with database.session() as s:
        for n in range(40):
            clients.create_client(s, clients.ClientData(first_name="Ann", last_name=f"Lee{n}"))
    database.close()
    window = open_window()
    window.resize(900, 600)
    page = window.show_page("clients") or window.page("clients")
    assert isinstance(page, ListPage)
    qtbot.waitUntil(lambda: page.table.verticalScrollBar().isVisible())
    assert not empty_of(page.table).isVisible()


def test_no_staff_yet_offers_add(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    page = window.show_page("staff") or window.page("staff")
    assert isinstance(page, ListPage)
    empty = empty_of(page.table)
    assert empty.text() == "No staff yet: add staff one by one, or import a spreadsheet."
    click(qtbot, button(empty, "Add staff member…"))
    assert isinstance(page.dialog, StaffDialog) and page.dialog.isVisible()


def test_no_invoices_yet_leads_to_the_invoice_run(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    page = window.show_page("invoices") or window.page("invoices")
    assert isinstance(page, InvoicesPage)
    page.tabs.setCurrentWidget(page.list_tab)
    empty = empty_of(page.list_tab.table)
    assert empty.isVisible() and empty.text().startswith("No invoices yet:")
    assert no_scroll_bars(page.list_tab.table)
    click(qtbot, button(empty, "Go to the invoice run"))
    assert page.tabs.currentWidget() is page.run_tab


def test_today_with_nothing_planned_says_so_and_opens_the_calendar(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    today = window.pages["today"]
    assert isinstance(today, TodayPage)
    words = "No visits planned yet: add a visit plan on the Calendar."
    assert today.visits.status.text() == f"No visits today. {words}"
    empty = empty_of(today.visits.table)
    assert empty.isVisible() and empty.text() == f"No visits today.\n{words}"
    assert no_scroll_bars(today.visits.table)
    click(qtbot, button(empty, "Open the calendar"))
    assert window.stack.currentWidget() is window.pages["calendar"]


def test_today_without_visits_today_names_the_next_one(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    database = open_database(str(db_path))
    with database.session() as s:
        peggy = clients.create_client(
            s, clients.ClientData(first_name="Peggy", last_name="Henshaw")
        ).id
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=peggy,
                start_date=date(2026, 12, 8),
                start_time=time(7, 30),
                end_time=time(8, 15),
                weekdays=(3,),
            ),
        )
    database.close()
    window = open_window()
    today = window.pages["today"]
    assert isinstance(today, TodayPage)
    assert (
        today.visits.status.text() == "No visits today. Next visit: Thursday 07:30, Peggy Henshaw"
    )
    empty = empty_of(today.visits.table)
    assert empty.text() == "No visits today.\nNext visit: Thursday 07:30, Peggy Henshaw"
    assert empty.buttons == [], "a visit is planned: nothing to set up"
