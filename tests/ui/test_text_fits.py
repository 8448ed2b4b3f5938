"""Words a person must read are never cut: the password dialogs once a problem shows, and a
visit's status on Today ("Done (arrived 08:45)")."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.scheduling import occurrences, plans, today
from microoffice.core.services import clients, staff
from microoffice.ui.app.main_window import KEYS
from microoffice.ui.app.password_dialog import PasswordDialog
from microoffice.ui.settings.new_password_dialog import NewPasswordDialog
from microoffice.ui.settings.page import SettingsPage
from microoffice.ui.today.page import TodayPage
from microoffice.ui.widgets.table_model import RowTableModel
from tests.ui.conftest import OpenWindow

MONDAY = date(2026, 12, 7)


def uncut(dialog: QDialog) -> list[str]:
    """The wrapped texts shown shorter than their lines need (none, when everything reads)."""
    cut = []
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            if label.height() < label.heightForWidth(label.width()):
                cut.append(label.text())
        elif (
            label.isVisible()
            and label.text()
            and label.fontMetrics().horizontalAdvance(label.text()) > label.width()
        ):
            cut.append(label.text())
    return cut


def test_the_new_password_dialog_keeps_its_explanation_once_a_problem_shows(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    page = window.show_page("settings") or window.page("settings")
    assert isinstance(page, SettingsPage)
    qtbot.mouseClick(page.security.set_button, Qt.MouseButton.LeftButton)
    dialog = page.security.dialog
    assert isinstance(dialog, NewPasswordDialog)
    qtbot.waitExposed(dialog)
    assert uncut(dialog) == []
    qtbot.keyClicks(dialog.fields["password"], "abc")
    qtbot.keyClicks(dialog.fields["confirm"], "abd")
    ok = next(b for b in dialog.findChildren(QWidget) if b.accessibleName() == "Set password")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    error = dialog.errors["password"]
    assert error.isVisible() and error.text().startswith("Use at least 10 characters")
    qtbot.waitUntil(lambda: uncut(dialog) == [])  # the explanation above is whole
    dialog.fields["password"].setFocus()
    qtbot.keyClicks(dialog.fields["password"], "defghijk")
    assert not error.isVisible(), "the message goes as the password is put right"


def test_the_password_dialog_shows_its_problem_whole(qtbot: QtBot) -> None:
    dialog = PasswordDialog(
        None,
        "microoffice was locked after 15 minute(s) without use. Type the password to carry on.",
        "That is not the password. Check it and try again.",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.problem.isVisible()
    assert uncut(dialog) == []


def _arrived_late(db_path: Path) -> None:
    database = open_database(str(db_path))
    with database.session() as s:
        peggy = clients.create_client(
            s, clients.ClientData(first_name="Peggy", last_name="Henshaw")
        ).id
        barbara = staff.create_staff(
            s, staff.StaffData(first_name="Barbara", last_name="Whitmore")
        ).id
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=peggy,
                start_date=MONDAY,
                start_time=time(8, 30),
                end_time=time(9, 15),
                weekdays=(0,),
                staff_ids=[barbara],
            ),
        )
        (visit,) = occurrences.occurrences(s, MONDAY, MONDAY)
        today.record_actual_times(s, visit, time(8, 45), time(9, 30))
    database.close()


def test_done_arrived_0845_fits_its_column_on_today(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _arrived_late(db_path)
    window = open_window()
    larger = window.font()  # a desktop's own font, or the system's text made larger
    larger.setPointSizeF(larger.pointSizeF() * 1.4)
    window.setFont(larger)
    for width, height in ((1280, 720), (1024, 600)):
        window.resize(width, height)
        page = window.pages["today"]
        assert isinstance(page, TodayPage)
        page.reload()
        table = page.visits.table
        qtbot.waitUntil(lambda t=table: t.model().rowCount() == 1)
        status = [c.title for c in page.visits.model.columns].index("Status")
        text = page.visits.model.index(0, status).data()
        assert text == "Done (arrived 08:45)"
        margin = 2 * (table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1)
        needed = table.fontMetrics().horizontalAdvance(text) + margin
        assert needed <= table.columnWidth(status), f"cut at {width}x{height}"
        time_text = page.visits.model.index(0, 0).data()
        assert table.fontMetrics().horizontalAdvance(time_text) + margin <= table.columnWidth(0)


def test_every_page_fits_1280_wide_and_every_heading_reads_whole(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """A 1280 x 720 laptop shows the whole window; no table heading is cut, or shown twice."""
    window = open_window()
    for key in KEYS:
        window.show_page(key)
        page = window.page(key)
        for table in page.findChildren(QTableView):
            model, header = table.model(), table.horizontalHeader()
            titles = [
                str(model.headerData(i, Qt.Orientation.Horizontal)) for i in range(header.count())
            ]
            assert len(set(titles)) == len(titles), f"{key}: a column twice in {titles}"
            if not isinstance(model, RowTableModel):
                continue
            for i, title in enumerate(titles):
                assert header.sectionSizeHint(i) <= table.columnWidth(i), f"{key}: {title!r} cut"
    assert window.minimumSizeHint().width() <= 1280, "wider than a 1280 x 720 screen"
