"""The calendar as a person uses it (issue 16): drag a visit to another time and answer "Just
this one" or "This and following", drag its bottom edge to make it longer, double-click an empty
time to add a visit there, right-click to skip one (it stays, marked, with its history), the
keyboard instead of the mouse, the month at a glance, and a client away.

The frozen day is Monday 7 December 2026, 09:30. Bo Best has a visit every Monday at 08:30 for
30 minutes with Anna; Alf Green every Tuesday at 10:00 for an hour with Anna.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from microoffice.core import clock
from microoffice.core.db.database import open_database
from microoffice.core.models.visits import PlanException, Visit, VisitChange
from microoffice.core.scheduling import plans
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.services import clients, staff
from microoffice.ui.scheduling.calendar import CalendarPage
from microoffice.ui.scheduling.change_dialogs import ClientAwayDialog, MoveDialog, MoveQuestion
from microoffice.ui.scheduling.visit_dialogs import ExtraVisitDialog
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.time_canvas import SKIPPED, Block, TimeCanvas
from tests.ui.conftest import OFFSCREEN_NOISE, OpenWindow
from tests.ui.test_calendar_today import choose, click, type_into

MON14 = date(2026, 12, 14)
# A menu is a popup: the offscreen platform cannot raise it or give it the keyboard, and says so.
MENU_NOISE = pytest.mark.qt_log_ignore(
    OFFSCREEN_NOISE,
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


def _end(start: time, minutes: int) -> time:
    return (datetime.combine(date(2026, 1, 1), start) + timedelta(minutes=minutes)).time()


def _office(db_path: Path) -> None:
    database = open_database(str(db_path))
    with database.session() as s:
        anna = staff.create_staff(s, staff.StaffData(first_name="Anna", last_name="Ames")).id
        staff.create_staff(s, staff.StaffData(first_name="Ben", last_name="Bell"))
        bo = clients.create_client(s, clients.ClientData(first_name="Bo", last_name="Best")).id
        alf = clients.create_client(s, clients.ClientData(first_name="Alf", last_name="Green")).id
        for who, weekday, at, minutes in ((bo, 0, time(8, 30), 30), (alf, 1, time(10), 60)):
            plans.create_plan(
                s,
                plans.PlanData(
                    client_id=who,
                    start_date=date(2026, 11, 30),
                    start_time=at,
                    end_time=_end(at, minutes),
                    weekdays=(weekday,),
                    staff_ids=[anna],
                ),
            )
    database.close()


def bo_visits(db_path: Path, start: date, end: date) -> list[str]:
    """Bo's visits as stored, read through a second connection."""
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            bo = clients.find_client(s, "Bo Best").id
            return [
                f"{o.day:%a %d} {clock.to_local(o.planned_start):%H:%M}-"
                f"{clock.to_local(o.planned_end):%H:%M} {o.status}"
                for o in occurrences(s, start, end, client_id=bo, skipped=True)
            ]
    finally:
        database.close()


def open_calendar(open_window: OpenWindow, day: date = MON14) -> CalendarPage:
    window = open_window()
    window.show_page("calendar")
    page = window.pages["calendar"]
    assert isinstance(page, CalendarPage)
    page.go_to(day)
    return page


def block_index(canvas: TimeCanvas, name: str, at: str, column: int | None = None) -> int:
    """The block of `name`'s visit starting at `at` ("08:30"), in that day's column if given."""
    hours, minutes = (int(p) for p in at.split(":"))
    found = [
        i
        for i, b in enumerate(canvas.blocks)
        if b.lines[0] == name
        and b.start == hours * 60 + minutes
        and (column is None or b.column == column)
    ]
    assert len(found) == 1, f"{name} {at}: {[(b.lines, b.start) for b in canvas.blocks]}"
    return found[0]


def block(canvas: TimeCanvas, name: str, at: str, column: int | None = None) -> Block:
    return canvas.blocks[block_index(canvas, name, at, column)]


def drag(qtbot: QtBot, canvas: TimeCanvas, start: QPoint, end: QPoint) -> None:
    """Press, move in a few steps as a hand does, release."""
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for n in range(1, 5):
        step = start + (end - start) * (n / 4)
        QTest.mouseMove(viewport, step)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def hover(canvas: TimeCanvas, pos: QPoint) -> None:
    """The mouse passing over, no button held (sent as the window system sends it: offscreen
    QTest.mouseMove does not always land where it is told)."""
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(pos),
        QPointF(canvas.viewport().mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas.viewport(), event)


def grab_point(canvas: TimeCanvas, index: int, minutes_in: int = 5) -> QPoint:
    """A point inside the block, `minutes_in` below its top (away from the resize edge)."""
    b = canvas.blocks[index]
    return QPoint(canvas.point_in(b.column, b.start).x(), int(canvas.y_of(b.start + minutes_in)))


def question(page: CalendarPage) -> MoveQuestion:
    dialog = page.dialog
    assert isinstance(dialog, MoveQuestion) and dialog.isVisible()
    return dialog


def test_drag_a_visit_to_another_day_and_time_just_this_one(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    canvas = page.canvas
    bo = block_index(canvas, "Bo Best", "08:30")
    start = grab_point(canvas, bo)
    # Tuesday's column, 90 minutes later: 10:00, where Anna is already with Alf.
    target = QPoint(canvas.point_in(1, 0).x(), start.y() + int(90 * canvas.per_minute))
    drag(qtbot, canvas, start, target)
    ask = question(page)
    assert ask.question.text() == (
        "Move Bo Best's visit of Mon 14 Dec 08:30-09:00 to Tue 15 Dec 10:00-10:30?"
    )
    assert "Anna Ames is already with Alf Green from 10:00 to 11:00." in ask.warnings.text()
    assert ask.following.isVisible()
    type_into(qtbot, ask.reason, "GP appointment")
    click(qtbot, ask.just_this)
    assert not ask.isVisible()
    # Only that visit moved; the rest of the series is as it was.
    assert bo_visits(db_path, date(2026, 12, 7), date(2026, 12, 28)) == [
        "Mon 07 08:30-09:00 planned",
        "Tue 15 10:00-10:30 planned",
        "Mon 21 08:30-09:00 planned",
        "Mon 28 08:30-09:00 planned",
    ]
    moved = block(canvas, "Bo Best", "10:00", column=1)
    assert moved.mark == "moved" and "Moved" in moved.lines
    assert (
        "Moved from Mon 14 Dec 08:30-09:00 to Tue 15 Dec 10:00-10:30, by the owner on 07/12/2026 "
        "09:30. Why: GP appointment"
    ) in moved.tooltip
    database = open_database(str(db_path))
    with database.session() as s:
        change = s.scalars(select(VisitChange)).one()
        assert (change.action, change.occurrence_date, change.reason) == (
            "moved",
            MON14,
            "GP appointment",
        )
    database.close()


def test_drag_then_this_and_following_moves_every_later_visit(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    canvas = page.canvas
    start = grab_point(canvas, block_index(canvas, "Bo Best", "08:30"))
    drag(qtbot, canvas, start, start + QPoint(0, int(30 * canvas.per_minute)))
    ask = question(page)
    assert ask.question.text().endswith("to Mon 14 Dec 09:00-09:30?")
    assert ask.warnings.isHidden()
    click(qtbot, ask.following)
    assert bo_visits(db_path, date(2026, 12, 7), date(2026, 12, 28)) == [
        "Mon 07 08:30-09:00 planned",
        "Mon 14 09:00-09:30 planned",
        "Mon 21 09:00-09:30 planned",
        "Mon 28 09:00-09:30 planned",
    ]
    assert "with every later visit" in block(canvas, "Bo Best", "09:00").tooltip


def test_drag_the_bottom_edge_to_make_it_longer(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    canvas = page.canvas
    index = block_index(canvas, "Bo Best", "08:30")
    edge = canvas.rect_of(index)
    start = QPoint(int(edge.center().x()), int(edge.bottom()) - 2)
    hover(canvas, start - QPoint(0, 10))
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.OpenHandCursor
    hover(canvas, start)
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.SizeVerCursor
    # Down to a little after 09:15: it snaps to 5-minute steps, so it ends at 09:15.
    drag(qtbot, canvas, start, QPoint(start.x(), int(canvas.y_of(9 * 60 + 16))))
    ask = question(page)
    assert ask.windowTitle() == "Change the visit's length"
    assert ask.question.text() == (
        "Make Bo Best's visit of Mon 14 Dec 08:30-09:00 end at 09:15 (45 minutes)?"
    )
    click(qtbot, ask.just_this)
    database = open_database(str(db_path))
    with database.session() as s:
        exc = s.scalars(select(PlanException)).one()
        assert (exc.occurrence_date, exc.new_start_time, exc.new_duration_minutes) == (
            MON14,
            time(8, 30),
            45,
        )
    database.close()
    assert bo_visits(db_path, MON14, date(2026, 12, 21)) == [
        "Mon 14 08:30-09:15 planned",
        "Mon 21 08:30-09:00 planned",
    ]
    longer = block(canvas, "Bo Best", "08:30", column=0)
    assert (longer.start, longer.end) == (8 * 60 + 30, 9 * 60 + 15)
    assert longer.lines == ("Bo Best", "08:30 Anna", "Length changed") and longer.mark == "moved"


def test_a_drag_answered_cancel_changes_nothing(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    canvas = page.canvas
    before = bo_visits(db_path, date(2026, 12, 7), date(2026, 12, 28))
    start = grab_point(canvas, block_index(canvas, "Bo Best", "08:30"))
    drag(qtbot, canvas, start, start + QPoint(0, int(60 * canvas.per_minute)))
    ask = question(page)
    assert canvas.ghost is not None and canvas.ghost.start == 9 * 60 + 30
    ask.reject()
    assert canvas.ghost is None
    assert bo_visits(db_path, date(2026, 12, 7), date(2026, 12, 28)) == before


def test_double_click_an_empty_time_adds_a_visit_there(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    choose(page.show_combo, "Client: Bo Best")
    canvas = page.canvas
    where = canvas.point_in(2, 14 * 60 + 7)  # Wednesday 16th, a little after 14:00
    QTest.mouseDClick(
        canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where
    )
    dialog = page.dialog
    assert isinstance(dialog, ExtraVisitDialog) and dialog.isVisible()
    values = dialog.form.values()
    assert (values["day"], values["start_time"]) == ("16/12/2026", "14:00")
    assert dialog.form.field("client_id").currentText() == "Bo Best"  # type: ignore[attr-defined]
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    added = block(canvas, "Bo Best", "14:00", column=2)
    assert (added.start, added.end) == (14 * 60, 14 * 60 + 30)


def right_click(canvas: TimeCanvas, pos: QPoint) -> None:
    """What the platform sends for a right-click (offscreen Qt does not turn clicks into it)."""
    QTest.mouseClick(
        canvas.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, pos
    )
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, canvas.viewport().mapToGlobal(pos)
    )
    QApplication.sendEvent(canvas.viewport(), event)


def menu_item(menu: QMenu, text: str) -> Any:
    for action in menu.actions():
        if action.text() == text:
            return action
    raise AssertionError(f"{text!r} not in {[a.text() for a in menu.actions()]}")


@MENU_NOISE
def test_right_click_skip_keeps_the_visit_in_view_with_its_history(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    canvas = page.canvas
    right_click(canvas, grab_point(canvas, block_index(canvas, "Bo Best", "08:30")))
    menu = page.menu
    assert menu is not None and menu.isVisible()
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Details and history…",
        "Move…",
        "Skip this visit…",
        "Put back as planned",
        "Cancel",
        "Who goes…",
        "Note…",
        "Client away…",
        "Change the plan from this visit…",
    ]
    assert not menu_item(menu, "Put back as planned").isEnabled()
    menu_item(menu, "Skip this visit…").trigger()
    ask = page.dialog
    assert isinstance(ask, AskDialog)
    assert ask.field is not None
    type_into(qtbot, ask.field, "Family visiting")
    click(qtbot, ask.accept_button)
    skipped = block(canvas, "Bo Best", "08:30")
    assert skipped.mark == SKIPPED and "Skipped" in skipped.lines and not skipped.movable
    assert (
        "Skipped (was Mon 14 Dec 08:30-09:00), by the owner on 07/12/2026 09:30. Why: Family visiting"
        in skipped.tooltip
    )
    assert bo_visits(db_path, MON14, MON14) == ["Mon 14 08:30-09:00 skipped"]
    # The details say the same, and the visit can be put back from the menu.
    canvas.set_current(skipped.key)
    click(qtbot, page.details_button)
    details = page.dialog
    assert details is not None
    assert "Skipped (was Mon 14 Dec 08:30-09:00)" in details.text.toPlainText()  # type: ignore[attr-defined]
    details.close()
    right_click(canvas, grab_point(canvas, block_index(canvas, "Bo Best", "08:30")))
    assert page.menu is not None
    menu_item(page.menu, "Put back as planned").trigger()
    assert bo_visits(db_path, MON14, MON14) == ["Mon 14 08:30-09:00 planned"]


@MENU_NOISE
def test_the_keyboard_moves_through_visits_and_moves_one(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    canvas = page.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Down)
    first = block(canvas, "Bo Best", "08:30")
    assert canvas.current == first.key
    assert canvas.accessibleDescription().startswith("Monday 14 December, 08:30-09:00: Bo Best")
    assert page.move_button.isEnabled() and page.skip_button.isEnabled()
    QTest.keyClick(canvas, Qt.Key.Key_Right)  # the nearest visit in the next day with any
    assert canvas.current == block(canvas, "Alf Green", "10:00").key
    QTest.keyClick(canvas, Qt.Key.Key_Left)
    QTest.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # 15 minutes later
    ask = question(page)
    assert ask.question.text().endswith("to Mon 14 Dec 08:45-09:15?")
    click(qtbot, ask.just_this)
    assert bo_visits(db_path, MON14, MON14) == ["Mon 14 08:45-09:15 planned"]
    QTest.keyClick(canvas, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert page.menu is not None and page.menu.isVisible()
    page.menu.close()


def test_the_move_dialog_asks_before_moving_onto_a_carers_visit(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    canvas = page.canvas
    canvas.set_current(block(canvas, "Bo Best", "08:30").key)
    click(qtbot, page.move_button)
    dialog = page.dialog
    assert isinstance(dialog, MoveDialog)
    type_into(qtbot, dialog.form.field("day"), "15/12/2026")
    type_into(qtbot, dialog.form.field("start_time"), "10:15")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()  # asked first, nothing saved
    assert "Anna Ames is already with Alf Green from 10:00 to 11:00." in dialog.warnings.text()
    assert dialog.save_button.text() == "Move it anyway"
    assert bo_visits(db_path, MON14, date(2026, 12, 15)) == ["Mon 14 08:30-09:00 planned"]
    type_into(qtbot, dialog.form.field("start_time"), "25:00")
    assert dialog.save_button.text() == "Move visit"  # a new time is checked again
    click(qtbot, dialog.save_button)
    assert dialog.form.error_text("start_time") == "'25:00' is not a time; type it like 08:30"
    type_into(qtbot, dialog.form.field("start_time"), "10:15")
    click(qtbot, dialog.save_button)
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert bo_visits(db_path, MON14, date(2026, 12, 15)) == ["Tue 15 10:15-10:45 planned"]


def test_the_month_shows_counts_and_opens_a_day(
    qtbot: QtBot, qtmodeltester: Any, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window, date(2026, 12, 7))
    choose(page.mode_combo, "Month")
    assert page.period.text() == "December 2026"
    qtmodeltester.check(page.month_model)
    model = page.month_model
    assert model.rowCount() == 5 and model.columnCount() == 7  # 30 Nov to 3 Jan
    index = model.index_of(date(2026, 12, 15))
    assert index.data() == "15\n1 visit"
    assert model.index_of(date(2026, 12, 25)).data() == "25\nNo visits\nChristmas Day"
    rect = page.month_view.visualRect(index)
    QTest.mouseClick(
        page.month_view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )
    assert page.mode == "day" and page.period.text() == "Tuesday 15 December 2026"
    assert [b.lines[0] for b in page.canvas.blocks] == ["10:00-11:00 Alf Green"]


@MENU_NOISE
def test_client_away_from_the_menu_hides_their_visits(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    page = open_calendar(open_window)
    choose(page.show_combo, "Client: Bo Best")
    canvas = page.canvas
    right_click(canvas, grab_point(canvas, block_index(canvas, "Bo Best", "08:30")))
    assert page.menu is not None
    menu_item(page.menu, "Client away…").trigger()
    dialog = page.dialog
    assert isinstance(dialog, ClientAwayDialog)
    assert dialog.form.values()["start_date"] == "14/12/2026"
    type_into(qtbot, dialog.form.field("end_date"), "13/12/2026")
    click(qtbot, dialog.save_button)
    assert dialog.form.error_text("end_date") == "The pause ends before it starts"
    type_into(qtbot, dialog.form.field("end_date"), "20/12/2026")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert canvas.blocks == []
    assert canvas.columns[0].note == "Away: Bo Best: In hospital"
    assert bo_visits(db_path, MON14, date(2026, 12, 21)) == ["Mon 21 08:30-09:00 planned"]


def test_colours_follow_the_carer_and_two_carers_show_both(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    database = open_database(str(db_path))
    with database.session() as s:
        ben = staff.find_staff(s, "Ben Bell").id
        anna = staff.find_staff(s, "Anna Ames").id
        cy = clients.create_client(s, clients.ClientData(first_name="Cy", last_name="Dee")).id
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=cy, start_date=MON14, start_time=time(8, 45), end_time=time(9, 45),
                weekdays=(0,), staff_required=2, staff_ids=[anna, ben],
            ),
        )  # fmt: skip
    database.close()
    page = open_calendar(open_window)
    canvas = page.canvas
    bo, cy_block = block(canvas, "Bo Best", "08:30"), block(canvas, "Cy Dee", "08:45")
    assert bo.colours == ("#0072B2",)  # Anna: blue
    assert cy_block.colours == ("#0072B2", "#E69F00")  # Anna and Ben: blue and orange
    assert cy_block.lines[1] == "08:45 Anna + Ben"
    # They overlap, so they sit side by side, each half the day's width.
    a, b = canvas.rect_of(canvas.blocks.index(bo)), canvas.rect_of(canvas.blocks.index(cy_block))
    assert a.right() <= b.left() and abs(a.width() - b.width()) < 2
    assert "Anna Ames (blue)" in page.legend.text() and "Ben Bell (orange)" in page.legend.text()


def test_a_done_visit_cannot_be_dragged(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    database = open_database(str(db_path))
    with database.session() as s:
        from microoffice.core.scheduling import today

        today.confirm_day(s, date(2026, 12, 7))
    database.close()
    page = open_calendar(open_window, date(2026, 12, 7))
    canvas = page.canvas
    done = block(canvas, "Bo Best", "08:30")
    assert done.mark == "done" and not done.movable and "Done" in done.lines
    start = grab_point(canvas, canvas.blocks.index(done))
    drag(qtbot, canvas, start, start + QPoint(0, 100))
    assert page.dialog is None or not page.dialog.isVisible()
    database = open_database(str(db_path))
    with database.session() as s:
        visit = s.scalars(select(Visit)).one()
        assert visit.planned_start == datetime(2026, 12, 7, 8, 30, tzinfo=UTC)
    database.close()
