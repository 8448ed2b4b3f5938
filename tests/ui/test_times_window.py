"""Start and end times in the window (issue 16), typed as a person types them: an overnight plan
says so before it is saved, and an actual time the clocks skipped is refused at its field with
nothing saved."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.core import clock
from microoffice.core.clock import LONDON
from microoffice.core.db.database import open_database
from microoffice.core.models import AuditLog
from microoffice.core.models.visits import Visit, VisitPlan
from microoffice.core.scheduling import plans
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.services import clients, staff
from microoffice.ui.scheduling.calendar import CalendarPage
from microoffice.ui.scheduling.plan_dialog import PlanDialog
from microoffice.ui.scheduling.visit_dialogs import ExtraVisitDialog, OutcomeDialog
from tests.ui.conftest import OpenWindow
from tests.ui.test_calendar_today import choose, click, type_into


def _office(db_path: Path) -> None:
    database = open_database(str(db_path))
    with database.session() as s:
        staff.create_staff(s, staff.StaffData(first_name="Anna", last_name="Ames"))
        clients.create_client(s, clients.ClientData(first_name="Nora", last_name="Night"))
        gil = clients.create_client(s, clients.ClientData(first_name="Gil", last_name="Gap")).id
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=gil,
                start_date=date(2027, 3, 1),
                start_time=time(1),
                end_time=time(3),
                weekdays=(6,),
            ),
        )
    database.close()


def _counts(window: object) -> tuple[int, int, int]:
    with window.ops.database.session() as s:  # type: ignore[attr-defined]
        return (
            s.scalar(select(func.count(VisitPlan.id))) or 0,
            s.scalar(select(func.count(Visit.id))) or 0,
            s.scalar(select(func.count(AuditLog.id))) or 0,
        )


def test_an_overnight_plan_typed_as_start_and_end(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    window = open_window()
    window.show_page("calendar")
    page = window.pages["calendar"]
    assert isinstance(page, CalendarPage)
    click(qtbot, page.new_plan_button)
    dialog = page.dialog
    assert isinstance(dialog, PlanDialog)
    form = dialog.form
    assert [form.field(n).accessibleName() for n in ("start_time", "end_time")] == ["Start", "End"]
    choose(form.field("client_id"), "Nora Night")
    click(qtbot, dialog.days.boxes[5])  # Saturday
    type_into(qtbot, form.field("start_date"), "03/10/2026")
    type_into(qtbot, form.field("start_time"), "22:00")
    type_into(qtbot, form.field("end_time"), "07:00")
    assert dialog.times.text() == "22:00 to 07:00 (overnight, ends next day)"
    assert dialog.times.isVisible()
    assert dialog.advice.text().splitlines() == [
        "Saturday 24 October 2026: clocks go back during this visit: it lasts 10 hours.",
        "Saturday 27 March 2027: clocks go forward during this visit: it lasts 8 hours.",
    ]
    type_into(qtbot, form.field("end_time"), "22:02")
    assert dialog.times.text() == "22:00 to 22:02 (2 minutes)"
    before = _counts(window)
    click(qtbot, dialog.save_button)
    assert form.error_text("end_time") == "A visit lasts at least 5 minutes: check the end time"
    assert dialog.isVisible() and _counts(window) == before
    type_into(qtbot, form.field("end_time"), "07:00")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        plan = s.scalars(select(VisitPlan).order_by(VisitPlan.id.desc())).first()
        assert plan is not None
        assert (plan.start_time, plan.end_time, plan.rrule) == (
            time(22),
            time(7),
            "FREQ=WEEKLY;BYDAY=SA",
        )
        (night,) = occurrences(s, date(2026, 10, 24), date(2026, 10, 24), plan_id=plan.id)
    assert night.minutes == 600
    # reopened, it shows the same times and the same note
    dialog = PlanDialog(window.ops, plan.id, window)
    qtbot.addWidget(dialog)
    shown = dialog.form.values()
    assert (shown["start_time"], shown["end_time"]) == ("22:00", "07:00")
    assert dialog.times.text() == "22:00 to 07:00 (overnight, ends next day)"


def test_a_time_the_clocks_skipped_is_refused_at_its_field(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    with clock.frozen(datetime(2027, 3, 28, 9, 0, tzinfo=LONDON)):
        window = open_window()
        with window.ops.database.session() as s:  # type: ignore[union-attr]
            (occ,) = occurrences(s, date(2027, 3, 28), date(2027, 3, 28))
        dialog = OutcomeDialog(window.ops, "late", occ, window)
        qtbot.addWidget(dialog)
        dialog.show()
        hint = dialog.findChild(QLabel, "clockChangeHint")
        assert hint is not None and hint.text() == (
            "The clocks went forward at 01:00 on Sunday 28 March 2027: no time from 01:00 to "
            "01:59 happened that night."
        )
        before = _counts(window)
        type_into(qtbot, dialog.form.field("actual_start"), "01:30")
        type_into(qtbot, dialog.form.field("actual_end"), "02:30")
        click(qtbot, dialog.save_button)
        assert dialog.form.error_text("actual_start") == (
            "01:30 on Sunday 28 March 2027 did not happen in the UK: the clocks went forward "
            "from 01:00 to 02:00. Check the time."
        )
        assert dialog.isVisible() and _counts(window) == before
        type_into(qtbot, dialog.form.field("actual_start"), "00:55")
        click(qtbot, dialog.save_button)
        assert not dialog.isVisible()
        with window.ops.database.session() as s:  # type: ignore[union-attr]
            visit = s.scalars(select(Visit)).one()
            assert clock.elapsed_minutes(visit.actual_start, visit.actual_end) == 35


def test_an_extra_overnight_visit_the_night_the_clocks_go_back(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    with clock.frozen(datetime(2026, 10, 25, 9, 0, tzinfo=LONDON)):
        window = open_window()
        dialog = ExtraVisitDialog(window.ops, window)
        qtbot.addWidget(dialog)
        dialog.show()
        form = dialog.form
        choose(form.field("client_id"), "Nora Night")
        type_into(qtbot, form.field("day"), "24/10/2026")
        type_into(qtbot, form.field("start_time"), "22:00")
        type_into(qtbot, form.field("end_time"), "07:00")
        assert dialog.times.text() == "22:00 to 07:00 (overnight, ends next day)"
        click(qtbot, dialog.save_button)
        assert not dialog.isVisible()
        with window.ops.database.session() as s:  # type: ignore[union-attr]
            visit = s.scalars(select(Visit)).one()
            assert visit.status == "completed"
            assert clock.elapsed_minutes(visit.planned_start, visit.planned_end) == 600


def test_the_calendar_and_today_say_when_the_clocks_moved_a_visit(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _office(db_path)
    note = "01:00 does not exist on 28/03 (clocks go forward): visit at 02:00"
    with clock.frozen(datetime(2027, 3, 28, 9, 0, tzinfo=LONDON)):
        window = open_window()
        window.show_page("calendar")
        page = window.pages["calendar"]
        assert isinstance(page, CalendarPage)
        [block] = [b for b in page.canvas.blocks if b.short == "Gil Gap"]
        assert block.column == 6  # Sunday
        assert block.lines == (
            "Gil Gap",
            "02:00 Nobody yet",
            "Planned, needs a carer (clock change)",
        )
        tooltip = block.tooltip.splitlines()
        assert tooltip[0] == "Sunday 28 March, 02:00-04:00: Gil Gap"
        assert f"Status: Planned, needs a carer; {note}" in tooltip
        window.show_page("today")
        today = window.pages["today"]
        rows = [
            [today.visits.model.index(r, c).data() for c in (0, 1, 5)]
            for r in range(today.visits.model.rowCount())
        ]
        assert rows == [["02:00-04:00", "Gil Gap", f"Planned, needs a carer; {note}"]]
