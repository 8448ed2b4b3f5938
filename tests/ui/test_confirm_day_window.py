"""Month end in minutes, in the window (issue 16): confirm the day with a line of note per visit,
then the invoice run has no "no daily note" problem; and, where the business allows it, empty
lines noted "As planned, nothing to add."."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from microoffice.core.models.records import DailyNote
from microoffice.core.scheduling import plans
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.billing.invoices import InvoicesPage
from microoffice.ui.settings.page import SettingsPage
from microoffice.ui.today.confirm_dialog import ConfirmDayDialog
from microoffice.ui.today.page import TodayPage
from tests.core.billing import helpers as h
from tests.ui.conftest import OpenWindow
from tests.ui.test_invoices import table_text


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def morning(window: MainWindow) -> None:
    """Monday 7 December, 09:30: Ann at 08:00 and Bo at 08:30 have been; Cy at 11:00 has not."""
    assert window.ops is not None
    with window.ops.database.session() as s:
        h.set_up_business(s)
        for first, at in (("Ann", time(8)), ("Bo", time(8, 30)), ("Cy", time(11))):
            person = h.add_client(s, first, "Smith")
            h.self_funded(s, person)
            h.add_card(s, person)
            plans.create_plan(
                s,
                plans.PlanData(
                    client_id=person.id,
                    start_date=date(2026, 12, 7),
                    start_time=at,
                    end_time=(datetime.combine(date.min, at) + timedelta(minutes=30)).time(),
                    weekdays=(0,),
                ),
            )


def open_confirm(qtbot: QtBot, window: MainWindow) -> ConfirmDayDialog:
    window.show_page("today")
    today = window.pages["today"]
    assert isinstance(today, TodayPage)
    today.reload()
    click(qtbot, today.visits.confirm_button)
    dialog = today.visits.dialog
    assert isinstance(dialog, ConfirmDayDialog) and dialog.isVisible()
    return dialog


def test_quick_notes_then_an_invoice_run_with_no_missing_note(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    morning(window)
    dialog = open_confirm(qtbot, window)
    assert [line.accessibleName() for line in dialog.lines] == [
        "Note for 08:00-08:30 Ann Smith",
        "Note for 08:30-09:00 Bo Smith",
    ]
    assert dialog.save_button.text() == "Confirm 2 visits"
    assert (
        dialog.warning.text() == "2 visits without a note will not be invoiced until they have one."
    )
    qtbot.keyClicks(dialog.lines[0], "Cheerful, ate porridge")
    assert dialog.warning.text() == "1 visit without a note will not be invoiced until it has one."
    qtbot.keyClicks(dialog.lines[1], "Quiet; daughter visiting")
    assert dialog.warning.isHidden()
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    today = window.pages["today"]
    assert isinstance(today, TodayPage)
    assert today.visits.status.text().startswith(
        "Confirmed 2 visits as done as planned; 2 notes written."
    )

    page = window.show_page("invoices") or window.page("invoices")
    assert isinstance(page, InvoicesPage)
    run = page.run_tab
    run.start.setText("01/12/2026")
    run.end.setText("31/12/2026")
    click(qtbot, run.preview_button)
    assert table_text(run.stops) == []  # nothing stops an invoice: no "No daily note"
    assert run.stops_title.text() == "Stops an invoice: nothing"
    assert run.stops_table.isHidden()  # the room goes to what there is
    assert [r[0] for r in table_text(run.looks)] == ["No fee statement"] * 2
    assert [d[0] for d in table_text(run.drafts)] == ["Mrs Ann Smith", "Mrs Bo Smith"]
    assert run.summary.text() == (
        "2 invoices to issue for 01/12/2026 to 31/12/2026, total £25.50. 10 visits later in "
        "the period have not happened yet: a later run invoices them."
    )  # Cy's 11:00 today and every Monday after: not listed as "not confirmed"


def test_as_planned_lines_where_the_business_allows_it(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    morning(window)
    dialog = open_confirm(qtbot, window)
    assert "as_planned" not in dialog.form.names()  # off by default: no such choice offered
    dialog.reject()

    settings = window.show_page("settings") or window.page("settings")
    assert isinstance(settings, SettingsPage)
    box = settings.record_keeping.as_planned
    assert not box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # ticked with the keyboard; saved at once
    assert box.isChecked()

    dialog = open_confirm(qtbot, window)
    assert dialog.form.values()["as_planned"] is True
    assert dialog.warning.isHidden()  # empty lines will be noted, so nothing is held back
    qtbot.keyClicks(dialog.lines[1], "Low mood, rang GP")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert window.ops is not None
    with window.ops.database.session() as s:
        texts = [n.text for n in s.scalars(select(DailyNote).order_by(DailyNote.id))]
    assert texts == ["As planned, nothing to add.", "Low mood, rang GP"]
