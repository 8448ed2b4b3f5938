"""Day-activity groups through the window: a lunch club set up, booked and its register taken."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox, QTableView, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.core.db.database import open_database
from microoffice.core.models.visits import ActivityGroup, Attendance, GroupSession
from microoffice.core.scheduling import groups
from microoffice.core.services import clients
from microoffice.ui.scheduling.calendar import CalendarPage
from microoffice.ui.scheduling.group_dialogs import AddSessionsDialog, NewGroupDialog
from microoffice.ui.scheduling.groups import GroupsWindow
from tests.ui.conftest import OpenWindow
from tests.ui.test_accessibility import unnamed_controls
from tests.ui.test_calendar_today import choose, click, type_into


def _clients(db_path: Path) -> dict[str, int]:
    database = open_database(str(db_path))
    with database.session() as s:
        ids = {
            first: clients.create_client(
                s, clients.ClientData(first_name=first, last_name="Green")
            ).id
            for first in ("Alf", "Bea", "Cy")
        }
    database.close()
    return ids


def click_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def set_spin(qtbot: QtBot, spin: QWidget, text: str) -> None:
    assert isinstance(spin, QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def table_text(table: QTableView) -> list[list[str]]:
    m = table.model()
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_lunch_club_booked_overbooked_and_register_taken(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    people = _clients(db_path)
    window = open_window()
    window.show_page("calendar")
    page = window.pages["calendar"]
    assert isinstance(page, CalendarPage)
    click(qtbot, page.groups_button)
    win = page.dialog
    assert isinstance(win, GroupsWindow)
    assert win.isVisible() and not win.add_sessions_button.isEnabled()  # no group yet
    assert unnamed_controls(win) == []
    assert win.hint.text().startswith("No day-activity groups yet.")

    # A new group: refused without a name, then saved with two places.
    click(qtbot, win.new_group_button)
    new = win.dialog
    assert isinstance(new, NewGroupDialog)
    assert unnamed_controls(new) == []
    type_into(qtbot, new.form.field("location"), "Village hall")
    set_spin(qtbot, new.form.field("capacity"), "2")
    click(qtbot, new.save_button)
    assert new.form.error_text("name") == "Group name is required"
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        assert s.scalar(select(func.count(ActivityGroup.id))) == 0
    type_into(qtbot, new.form.field("name"), "Thursday lunch club")
    click(qtbot, new.save_button)
    assert not new.isVisible()
    assert win.group_combo.currentText() == "Thursday lunch club"
    assert win.hint.text().startswith("No sessions in the next six months.")

    # Two weekly sessions; an end before the start is refused at the field first.
    click(qtbot, win.add_sessions_button)
    add = win.dialog
    assert isinstance(add, AddSessionsDialog)
    assert unnamed_controls(add) == []
    f = add.form
    assert f.field("group_id").currentText() == "Thursday lunch club"  # type: ignore[attr-defined]
    assert f.field("capacity").value() == 2  # type: ignore[attr-defined]
    type_into(qtbot, f.field("first_day"), "10/12/2026")
    type_into(qtbot, f.field("start_time"), "11:00")
    type_into(qtbot, f.field("end_time"), "10.30")
    set_spin(qtbot, f.field("weeks"), "2")
    click(qtbot, add.save_button)
    assert f.error_text("end_time") == "A session must end after it starts"
    type_into(qtbot, f.field("end_time"), "2pm")
    click(qtbot, add.save_button)
    assert not add.isVisible()
    assert table_text(win.table) == [
        ["Thu 10/12/2026", "11:00-14:00", "Thursday lunch club", "0 of 2", "2", "Village hall"],
        ["Thu 17/12/2026", "11:00-14:00", "Thursday lunch club", "0 of 2", "2", "Village hall"],
    ]

    # Book Alf and Bea on the first; Cy would be a third person in two places.
    click_row(qtbot, win.table, 0)
    panel = win.register
    assert panel.title.text() == "Thursday lunch club, Thu 10/12/2026 11:00-14:00"
    assert panel.places.text() == "0 booked of 2, 2 place(s) left"
    for name in ("Alf Green", "Bea Green"):
        choose(panel.client_combo, name)
        click(qtbot, panel.book_button)
    assert panel.status.text() == "Booked Bea Green."
    choose(panel.client_combo, "Cy Green")
    click(qtbot, panel.book_button)
    assert panel.book_form.banner.isVisible()
    assert panel.book_form.banner.text() == (
        "The session on 10/12/2026 is full (2 places); nobody was booked."
    )
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        booked = set(s.scalars(select(Attendance.client_id)))
    assert booked == {people["Alf"], people["Bea"]}  # nothing saved for Cy
    assert table_text(win.table)[0][3:5] == ["2 of 2", "Full"]
    assert panel.places.text() == "2 booked of 2, full"

    # On the day: Alf came, Bea did not.
    assert table_text(panel.table) == [["Alf Green", "Booked"], ["Bea Green", "Booked"]]
    click_row(qtbot, panel.table, 0)
    click(qtbot, panel.attended_button)
    click_row(qtbot, panel.table, 1)
    click(qtbot, panel.absent_button)
    assert table_text(panel.table) == [["Alf Green", "Attended"], ["Bea Green", "Absent"]]
    assert not panel.all_button.isEnabled()  # nobody left unmarked
    assert not panel.unbook_button.isEnabled()  # marked people are changed, not unbooked

    # The second week: Cy booked then unbooked, Alf booked, then "All attended".
    click_row(qtbot, win.table, 1)
    for name in ("Cy Green", "Alf Green"):
        choose(panel.client_combo, name)
        click(qtbot, panel.book_button)
    click_row(qtbot, panel.table, 1)
    assert panel.selected().name == "Cy Green"  # type: ignore[union-attr]
    click(qtbot, panel.unbook_button)
    click(qtbot, panel.all_button)
    assert panel.status.text() == "Marked 1 person(s) as attended."

    with window.ops.database.session() as s:  # type: ignore[union-attr]
        first, second = s.scalars(select(GroupSession.id).order_by(GroupSession.day)).all()
        reg = groups.register(s, first)
        alf = groups.attendance_for_client(s, people["Alf"], date(2026, 12, 1), date(2026, 12, 31))
        cy = groups.attendance_for_client(s, people["Cy"], date(2026, 12, 1), date(2026, 12, 31))
        later = groups.register(s, second)
    assert [(line.name, line.status) for line in reg.lines] == [
        ("Alf Green", "attended"),
        ("Bea Green", "absent"),
    ]
    assert (reg.start_time, reg.end_time, reg.capacity) == (time(11), time(14), 2)
    assert [(gs.day, status) for gs, status in alf] == [
        (date(2026, 12, 10), "attended"),
        (date(2026, 12, 17), "attended"),
    ]
    assert cy == []
    assert [(line.name, line.status) for line in later.lines] == [("Alf Green", "attended")]


def test_tab_moves_through_the_groups_window_in_reading_order(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    window.show_page("calendar")
    page = window.pages["calendar"]
    assert isinstance(page, CalendarPage)
    click(qtbot, page.groups_button)
    win = page.dialog
    assert isinstance(win, GroupsWindow)
    chain: list[str] = []
    w: QWidget = win.group_combo
    for _ in range(12):
        chain.append(w.accessibleName())
        w = w.nextInFocusChain()
        while w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isVisible():
            w = w.nextInFocusChain()
    assert chain == [
        "Show sessions of",
        "Show sessions from the last four weeks too",
        "New day-activity group",
        "Add sessions to a group",
        "Group sessions",
        "Book client",
        "Book the chosen client",
        "Register for the chosen session",
        "Mark the chosen person attended",
        "Mark the chosen person absent",
        "Take the chosen person off this session",
        "Mark everyone not yet marked as attended",
    ]
