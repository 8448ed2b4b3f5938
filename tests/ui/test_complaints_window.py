"""Through the window, like a person would: log a complaint for a client, move it along its Reg 16
timeline (acknowledged, answered with outcome and learning), and have bad input refused at the
field with nothing saved. The clock is frozen at Monday 07/12/2026 09:30."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.core.db.database import open_database
from microoffice.core.models.governance import ComplaintEntry
from microoffice.core.models.records import Complaint
from microoffice.core.services import clients
from microoffice.ui.records.complaint_dialog import ComplaintDialog, ComplaintStepDialog
from microoffice.ui.records.incidents_tab import IncidentsTab
from microoffice.ui.records.page import RecordsPage
from tests.ui.conftest import OpenWindow
from tests.ui.test_accessibility import unnamed_controls
from tests.ui.test_records import choose, click


def _edna(db_path: Path) -> int:
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            data = clients.ClientData(
                first_name="Edna", last_name="Price", start_date=date(2025, 1, 6)
            )
            return clients.create_client(s, data).id
    finally:
        database.close()


def _tab(open_window: OpenWindow, client_id: int) -> IncidentsTab:
    window = open_window()
    window.show_page("records")
    page = window.pages["records"]
    assert isinstance(page, RecordsPage)
    page.choose_client(client_id)
    page.tabs.setCurrentWidget(page.incidents)
    return page.incidents


def _counts(db_path: Path) -> tuple[int, int]:
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            complaints = s.scalar(select(func.count()).select_from(Complaint)) or 0
            entries = s.scalar(select(func.count()).select_from(ComplaintEntry)) or 0
            return complaints, entries
    finally:
        database.close()


def _type(qtbot: QtBot, field: object, text: str) -> None:
    if isinstance(field, QLineEdit):
        field.clear()
    qtbot.keyClicks(field, text)


def _cells(tab: IncidentsTab, row: int = 0) -> list[str]:
    model = tab.complaint_model
    return [model.index(row, col).data() for col in range(model.columnCount())]


def test_complaint_logged_acknowledged_and_answered(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    tab = _tab(open_window, _edna(db_path))
    assert tab.complaint_model.rowCount() == 0
    assert not tab.step_button.isEnabled()

    click(qtbot, tab.complaint_button)
    dialog = tab.dialog
    assert isinstance(dialog, ComplaintDialog)
    assert unnamed_controls(dialog) == []
    assert "Edna Price" in dialog.intro.text()
    assert dialog.form.values()["received_on"] == "07/12/2026"  # today, ready to change
    f = dialog.form
    _type(qtbot, f.field("received_on"), "04/12/2026")
    _type(qtbot, f.field("from_name"), "Mark  Price")
    _type(qtbot, f.field("relationship"), "son")
    choose(f.field("channel"), "Email")
    _type(qtbot, f.field("summary"), "Carer arrived 50 minutes late twice this week.")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()

    # 20 working days from Friday 04/12/2026, skipping 25 and 28 December and 1 January.
    assert _cells(tab) == [
        "04/12/2026",
        "complaint",
        "Mark Price (son)",
        "open, due 06/01/2027",
        "Carer arrived 50 minutes late twice this week.",
    ]
    chosen = tab.selected_complaint()  # the new one is selected, its timeline shown
    assert chosen is not None and chosen.who == "Mark Price (son)"
    assert "Received: Received by email." in tab.timeline.toPlainText()
    assert "Acknowledge due 09/12/2026" in tab.timeline.toPlainText()

    click(qtbot, tab.step_button)
    step = tab.dialog
    assert isinstance(step, ComplaintStepDialog)
    assert unnamed_controls(step) == []
    assert step.form.values()["step"] == "acknowledged"
    assert not step.form.field("outcome").isVisibleTo(step)  # only what this step needs
    _type(qtbot, step.form.field("text"), "Letter emailed; Barbara to call him Wednesday.")
    click(qtbot, step.save_button)
    assert not step.isVisible()
    assert _cells(tab)[3] == "acknowledged, due 06/01/2027"
    assert "07/12/2026 Acknowledged: Letter emailed" in tab.timeline.toPlainText()

    click(qtbot, tab.step_button)
    answer = tab.dialog
    assert isinstance(answer, ComplaintStepDialog)
    combo = answer.form.field("step")
    offered = [combo.itemData(i) for i in range(combo.count())]  # type: ignore[attr-defined]
    assert "acknowledged" not in offered  # acknowledged once only
    choose(combo, "Full response sent (outcome and learning)")
    assert answer.form.field("outcome").isVisibleTo(answer)
    assert not answer.form.field("text").isVisibleTo(answer)
    choose(answer.form.field("outcome"), "Partly upheld")
    _type(qtbot, answer.form.field("summary"), "Travel time was too short; rota changed.")
    _type(qtbot, answer.form.field("learning"), "Check travel time when adding a new run.")
    click(qtbot, answer.save_button)  # the Ombudsman box is not ticked: refused at the field
    assert "Ombudsman" in answer.form.error_text("ombudsman_told")
    assert answer.isVisible()
    assert _counts(db_path) == (1, 2)  # received + acknowledged, nothing more
    click(qtbot, answer.form.field("ombudsman_told"))
    click(qtbot, answer.save_button)
    assert not answer.isVisible()

    assert _cells(tab)[3] == "answered 07/12/2026"
    assert "Learning: Check travel time" in tab.timeline.toPlainText()
    database = open_database(str(db_path))
    with database.session() as s:
        complaint = s.scalars(select(Complaint)).one()
        entries = [(e.step, e.author) for e in s.scalars(select(ComplaintEntry))]
        assert complaint.acknowledged_on == date(2026, 12, 7)
        assert complaint.outcome == "Partly upheld: Travel time was too short; rota changed."
    database.close()
    assert entries == [
        ("received", "the owner"),  # nobody signs in and the business has no name yet
        ("acknowledged", "the owner"),
        ("response_sent", "the owner"),
        ("note", "the owner"),
    ]


def test_bad_complaint_is_refused_at_the_field_and_nothing_saved(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    tab = _tab(open_window, _edna(db_path))
    before = _counts(db_path)
    click(qtbot, tab.complaint_button)
    dialog = tab.dialog
    assert isinstance(dialog, ComplaintDialog)
    f = dialog.form
    _type(qtbot, f.field("received_on"), "08/12/2026")  # tomorrow
    click(qtbot, dialog.save_button)
    assert f.error_text("received_on") == "The date received cannot be in the future"
    assert f.error_text("from_name") == "Who it is from is required"
    assert f.error_text("summary") == "What the complaint is about is required"
    _type(qtbot, f.field("received_on"), "31/02/2026")
    _type(qtbot, f.field("from_name"), "Joan Price")
    click(qtbot, dialog.save_button)
    assert f.error_text("received_on").startswith("'31/02/2026' is not a date")
    assert f.error_text("from_name") == ""
    assert dialog.isVisible()
    assert _counts(db_path) == before == (0, 0)
    assert tab.complaint_model.rowCount() == 0

    # Put right, it saves; a compliment has no timeline to move along.
    choose(f.field("kind"), "Compliment")
    _type(qtbot, f.field("received_on"), "07/12/2026")
    _type(qtbot, f.field("summary"), "Thank you for looking after Mum so kindly.")
    click(qtbot, f.field("consent_to_share"))
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert _counts(db_path) == (1, 1)
    assert _cells(tab)[:4] == ["07/12/2026", "compliment", "Joan Price", "—"]
    chosen = tab.selected_complaint()
    assert chosen is not None and chosen.kind == "compliment"
    assert not tab.step_button.isEnabled()  # nothing to acknowledge or answer
