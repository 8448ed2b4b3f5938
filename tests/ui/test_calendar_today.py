"""Plans, the week view and Today's confirmations through the window, as Barbara uses them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.core.db.database import open_database
from microoffice.core.models.visits import Visit, VisitPlan
from microoffice.core.scheduling import plans
from microoffice.core.services import clients, staff
from microoffice.ui.scheduling.calendar import CalendarPage
from microoffice.ui.scheduling.plan_dialog import PlanDialog
from microoffice.ui.scheduling.visit_dialogs import AssignDialog, OutcomeDialog
from microoffice.ui.today.confirm_dialog import ConfirmDayDialog
from microoffice.ui.today.page import TodayPage
from tests.ui.conftest import OpenWindow


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName() or widget.accessibleName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(combo: QWidget, text: str) -> None:
    assert isinstance(combo, QComboBox)
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def week_cells(page: CalendarPage) -> dict[int, list[str]]:
    """What each day's column shows, block by block in time order."""
    canvas = page.canvas
    return {
        col: [
            "\n".join(b.lines)
            for b in sorted(canvas.blocks, key=lambda b: b.start)
            if b.column == col
        ]
        for col in range(len(canvas.columns))
    }


def _people(db_path: Path) -> None:
    database = open_database(str(db_path))
    with database.session() as s:
        anna = staff.create_staff(s, staff.StaffData(first_name="Anna", last_name="Ames")).id
        staff.create_staff(s, staff.StaffData(first_name="Ben", last_name="Bell"))
        clients.create_client(
            s, clients.ClientData(first_name="Ann", last_name="Able", address_line1="1 Oak Lane")
        )
        bo = clients.create_client(s, clients.ClientData(first_name="Bo", last_name="Best")).id
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=bo,
                start_date=date(2026, 11, 2),
                start_time=time(8, 30),
                end_time=time(9),
                weekdays=(0,),
                staff_ids=[anna],
            ),
        )
    database.close()


def test_plan_week_view_confirm_and_one_exception(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _people(db_path)
    window = open_window()
    window.show_page("calendar")
    page = window.pages["calendar"]
    assert isinstance(page, CalendarPage)
    assert page.period.text() == "7 December to 13 December 2026"

    # A new plan: Ann Able, Mondays and Wednesdays at 07:30 for 45 minutes, Anna as regular carer.
    click(qtbot, page.new_plan_button)
    dialog = page.dialog
    assert isinstance(dialog, PlanDialog)
    form = dialog.form
    choose(form.field("client_id"), "Ann Able")
    click(qtbot, dialog.days.boxes[0])
    click(qtbot, dialog.days.boxes[2])
    type_into(qtbot, form.field("start_time"), "25:00")
    type_into(qtbot, form.field("tasks"), "wash, breakfast")
    choose(form.field("staff_ids"), "Anna Ames")
    click(qtbot, dialog.save_button)
    assert form.error_text("start_time") == "'25:00' is not a time; type it like 08:30"
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        assert s.scalar(select(func.count(VisitPlan.id))) == 1  # nothing saved
    type_into(qtbot, form.field("start_time"), "7.30")
    type_into(qtbot, form.field("end_time"), "8.15")
    assert dialog.times.text() == "07:30 to 08:15 (45 minutes)"
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()

    # It is in the week view: Monday and Wednesday columns, before Bo's 08:30.
    cells = week_cells(page)
    assert cells[0] == ["Ann Able\n07:30 Anna", "Bo Best\n08:30 Anna"]
    assert cells[2] == ["Ann Able\n07:30 Anna"]
    assert all(not cells[c] for c in (1, 3, 4, 5, 6))
    # ...and not in Ben's.
    choose(page.show_combo, "Carer: Ben Bell")
    assert week_cells(page) == {c: [] for c in range(7)}
    choose(page.show_combo, "Everyone")

    # Today: both have started by 09:30; Bo's was missed, the rest confirmed in one action.
    window.show_page("today")
    today = window.pages["today"]
    assert isinstance(today, TodayPage)
    visits = today.visits
    rows = [
        [visits.model.index(r, c).data() for c in (0, 1, 2, 3, 5)]
        for r in range(visits.model.rowCount())
    ]
    assert rows == [
        ["07:30-08:15", "Ann Able", "1 Oak Lane", "wash, breakfast", "Planned"],
        ["08:30-09:00", "Bo Best", "", "", "Planned"],
    ]
    visits.table.selectRow(1)
    click(qtbot, visits.missed_button)
    missed = visits.dialog
    assert isinstance(missed, OutcomeDialog)
    click(qtbot, missed.save_button)
    assert missed.form.error_text("reason") == "The reason the visit was missed is required"
    qtbot.keyClicks(missed.form.field("reason"), "Anna's car would not start")
    click(qtbot, missed.save_button)
    assert not missed.isVisible()
    click(qtbot, visits.confirm_button)
    confirm = visits.dialog  # each visit with its note (ui/today/confirm_dialog.py)
    assert isinstance(confirm, ConfirmDayDialog)
    click(qtbot, confirm.save_button)
    statuses = [visits.model.index(r, 5).data() for r in range(visits.model.rowCount())]
    assert statuses == ["Done", "Missed"]
    assert visits.status.text().startswith("Confirmed 1 visit as done as planned;")
    assert not visits.confirm_button.isEnabled()
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        got = [
            (v.status, v.actual_start, v.cancellation_reason)
            for v in s.scalars(select(Visit).order_by(Visit.planned_start))
        ]
    assert got == [
        ("completed", datetime(2026, 12, 7, 7, 30, tzinfo=UTC), ""),
        ("missed", None, "Anna's car would not start"),
    ]
    # The calendar, which was open, shows the outcome too.
    window.show_page("calendar")
    assert week_cells(page)[0] == [
        "Ann Able\n07:30 Anna\nDone",
        "Bo Best\n08:30 Anna\nMissed",
    ]


def test_bank_holidays_and_who_goes_warnings(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _people(db_path)
    window = open_window()
    window.show_page("calendar")
    page = window.pages["calendar"]
    assert isinstance(page, CalendarPage)
    qtbot.waitUntil(lambda: page.holiday_note.text() != "")  # read just after the first paint
    assert page.holiday_note.text().startswith(
        "1 visit(s) on bank holidays in the next six weeks: Mon 28 Dec Bo Best "
        "(Boxing Day (observed))."
    )
    click(qtbot, page.next_button)
    click(qtbot, page.next_button)
    friday = page.canvas.columns[4]
    assert (friday.title, friday.note) == ("Fri 25 Dec", "Christmas Day")
    click(qtbot, page.today_button)
    (bo,) = [b for b in page.canvas.blocks if b.lines[0] == "Bo Best"]
    page.canvas.set_current(bo.key)
    click(qtbot, page.assign_button)
    assign = page.dialog
    assert isinstance(assign, AssignDialog)
    assert assign.warnings.text() == "No clashes found."
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        ben = staff.find_staff(s, "Ben Bell").id
        staff.add_leave(s, ben, date(2026, 12, 7), date(2026, 12, 11))
    choose(assign.combos[0], "Ben Bell")
    assert "Ben Bell is on holiday from 07/12/2026 to 11/12/2026." in assign.warnings.text()
    click(qtbot, assign.save_button)
    assert week_cells(page)[0] == ["Bo Best\n08:30 Ben"]
