"""Acceptance 5: through the window, like a person would, record a daily note from a visit (and
amend it), a MAR entry, and an incident followed through its notifications to closure."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from microoffice.core.db.database import open_database
from microoffice.core.models.records import DailyNote, Incident, MarEntry
from microoffice.core.models.visits import Visit, visit_staff
from microoffice.core.records import medication, views
from microoffice.core.services import clients, staff
from microoffice.ui.app.errors import open_error_dialogs
from microoffice.ui.compliance.page import CompliancePage
from microoffice.ui.records.incident_dialog import IncidentDialog
from microoffice.ui.records.incident_notifications import IncidentNotificationsDialog
from microoffice.ui.records.mar_dialog import DoseDialog
from microoffice.ui.records.note_dialogs import AmendNoteDialog, NoteDialog
from microoffice.ui.records.page import RecordsPage
from tests.core.care_home import london
from tests.ui.conftest import OpenWindow


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(combo: QWidget, text: str) -> None:
    assert isinstance(combo, QComboBox)
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def _setup(db_path: Path) -> dict[str, int]:
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            edna = clients.create_client(
                s,
                clients.ClientData(
                    first_name="Edna", last_name="Price", start_date=date(2025, 1, 6)
                ),
            ).id
            jo = staff.create_staff(s, staff.StaffData(first_name="Jo", last_name="Carter")).id
            visit = Visit(
                client_id=edna,
                planned_start=london(2026, 12, 7, 8),
                planned_end=london(2026, 12, 7, 8, 45),
                actual_start=london(2026, 12, 7, 8, 5),
                actual_end=london(2026, 12, 7, 8, 50),
                status="completed",
            )
            s.add(visit)
            s.flush()
            s.execute(visit_staff.insert().values(visit_id=visit.id, staff_id=jo))
            med = medication.add_medicine(
                s,
                edna,
                medication.MedicineData(
                    name="Metformin",
                    strength="500 mg tablets",
                    dose="1 tablet",
                    times=["08:00", "18:00"],
                    start_date=date(2026, 12, 1),
                ),
            )
            return {"edna": edna, "visit": visit.id, "medicine": med.id}
    finally:
        database.close()


def _records(open_window: OpenWindow, edna: int) -> RecordsPage:
    window = open_window()
    window.show_page("records")
    page = window.pages["records"]
    assert isinstance(page, RecordsPage)
    page.choose_client(edna)
    assert page.client.currentText() == "Edna Price"
    return page


def test_daily_note_from_a_visit_then_amended(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    ids = _setup(db_path)
    page = _records(open_window, ids["edna"])
    tab = page.notes
    assert tab.visit_model.rowCount() == 1
    assert tab.visit_model.index(0, 3).data() == "— none yet —"
    tab.visits.selectRow(0)
    click(qtbot, tab.visit_note_button)
    dialog = tab.dialog
    assert isinstance(dialog, NoteDialog)
    assert "visit on Monday 7 December, 08:05" in dialog.intro.text()
    assert dialog.form.values()["occurred_at"] == ("07/12/2026", "08:50")  # the visit's end
    click(qtbot, dialog.save_button)  # nothing written yet
    assert dialog.form.error_text("text").startswith("Write what happened")
    qtbot.keyClicks(
        dialog.form.field("text"), "Helped Edna wash and dress. Ate porridge; two cups of tea."
    )
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert tab.visit_model.index(0, 3).data() == "written"
    assert tab.note_model.rowCount() == 1
    assert tab.note_model.index(0, 0).data() == "07/12/2026 08:50"
    assert tab.note_model.index(0, 2).data() == "the owner for Jo Carter"  # typed up for her

    tab.notes.selectRow(0)
    click(qtbot, tab.amend_button)
    amend = tab.dialog
    assert isinstance(amend, AmendNoteDialog)
    amend.form.field("text").clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(amend.form.field("text"), "Helped Edna wash and dress. Ate half her porridge.")
    click(qtbot, amend.save_button)
    assert amend.form.error_text("amend_reason") == "The reason for the amendment is required"
    qtbot.keyClicks(amend.form.field("amend_reason"), "She left half; I misread the bowl")
    click(qtbot, amend.save_button)
    assert not amend.isVisible()
    assert tab.note_model.rowCount() == 1
    assert tab.note_model.index(0, 3).data() == "amended"
    assert "half her porridge" in tab.note_model.index(0, 4).data()
    database = open_database(str(db_path))
    with database.session() as s:
        rows = list(s.scalars(select(DailyNote).order_by(DailyNote.id)))
    database.close()
    assert [(r.visit_id, r.amends_id) for r in rows] == [
        (ids["visit"], None),
        (ids["visit"], rows[0].id),
    ]
    assert rows[0].text.endswith("Ate porridge; two cups of tea.")  # the original is kept
    assert rows[1].amend_reason == "She left half; I misread the bowl"


def test_mar_entry_for_todays_dose(
    qtbot: QtBot, qtmodeltester: Any, open_window: OpenWindow, db_path: Path
) -> None:
    ids = _setup(db_path)
    page = _records(open_window, ids["edna"])
    page.tabs.setCurrentWidget(page.medicines)
    tab = page.medicines
    assert [tab.dose_model.index(r, 0).data() for r in range(tab.dose_model.rowCount())] == [
        "08:00",
        "18:00",
    ]
    assert tab.dose_model.index(0, 2).data() == "— not recorded —"
    # 1-6 December were due and nothing is recorded: the grid shows them red-shaded blanks
    grid = tab.grid_model
    assert grid.data_ is not None and grid.data_.rows[0].states[:7] == ("missing",) * 7
    qtmodeltester.check(grid)  # the MAR grid model, with a month of cells
    tab.doses.selectRow(0)
    click(qtbot, tab.record_button)
    dialog = tab.dialog
    assert isinstance(dialog, DoseDialog)
    choose(dialog.form.field("outcome"), "R  Refused")
    click(qtbot, dialog.save_button)
    assert dialog.form.error_text("reason") == "Say why: 'Refused' needs a reason"
    qtbot.keyClicks(dialog.form.field("reason"), "Said she felt sick; GP surgery told")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert tab.dose_model.index(0, 2).data() == "Refused"
    assert grid.data_ is not None and grid.data_.rows[0].cells[6].startswith("R\n")
    database = open_database(str(db_path))
    with database.session() as s:
        entry = s.scalars(select(MarEntry)).one()
    database.close()
    assert (entry.medicine_id, entry.outcome, entry.scheduled_at) == (
        ids["medicine"],
        "refused",
        london(2026, 12, 7, 8),
    )
    assert entry.reason == "Said she felt sick; GP surgery told"


def test_incident_reported_notified_and_closed(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    ids = _setup(db_path)
    page = _records(open_window, ids["edna"])
    page.tabs.setCurrentWidget(page.incidents)
    tab = page.incidents
    click(qtbot, tab.report_button)
    dialog = tab.dialog
    assert isinstance(dialog, IncidentDialog)
    choose(dialog.form.field("kind"), "Fall")
    choose(
        dialog.form.field("harm"),
        "Severe harm (lasting 28 days or more, or changed body structure)",
    )
    dialog.form.set_values({"occurred_at": ("07/12/2026", "08:20")})
    qtbot.keyClicks(
        dialog.form.field("description"),
        "Found on the bathroom floor; ambulance took her to hospital; hip fracture.",
    )
    serious = dialog.boxes["serious_injury"]
    assert isinstance(serious, QCheckBox)
    click(qtbot, serious)
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    follow = tab.dialog
    assert isinstance(follow, IncidentNotificationsDialog)  # shown straight after saving
    titles = [follow.model.index(r, 0).data() for r in range(follow.model.rowCount())]
    assert titles == [
        "Serious injury to a service user",
        "Duty of candour: tell the person in person, with an apology",
        "Duty of candour: written notification (keep a copy)",
    ]
    assert follow.model.index(0, 2).data() == "08/12/2026 09:30"  # 24 hours after we found out

    follow.table.selectRow(0)
    follow.who.setText("Barbara Owner")
    qtbot.keyClicks(follow.reference, "CQC-1234")
    click(qtbot, follow.sent_button)
    assert follow.model.index(0, 3).data() == "Sent"
    qtbot.keyClicks(follow.lessons, "Grab rail fitted; falls assessment reviewed.")
    click(qtbot, follow.close_button)
    assert any("Record these notifications as sent" in box.text() for box in open_error_dialogs())
    for box in open_error_dialogs():
        box.close()
    for row in (1, 2):
        follow.table.selectRow(row)
        click(qtbot, follow.sent_button)
    click(qtbot, follow.close_button)
    assert "Closed." in follow.summary.text()
    assert not follow.close_button.isEnabled()
    database = open_database(str(db_path))
    with database.session() as s:
        incident = s.scalars(select(Incident)).one()
    database.close()
    assert incident.closed_at is not None and incident.lessons.startswith("Grab rail")
    assert tab.model.index(0, 3).data() == "Closed"


def test_compliance_page_groups_by_key_question(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    _setup(db_path)  # Edna has no care plan: red under Effective
    window = open_window()
    window.show_page("compliance")
    page = window.pages["compliance"]
    assert isinstance(page, CompliancePage)
    assert "Something to fix" in page.cards["effective"].text()
    click(qtbot, page.cards["effective"])
    whats = [page.due_model.index(r, 3).data() for r in range(page.due_model.rowCount())]
    assert "No care plan for Edna Price" in whats
    assert all(
        page.due_model.row_at(r).key_question == "effective"
        for r in range(page.due_model.rowCount())
    )


def test_training_recorded_on_the_compliance_page(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    from microoffice.ui.compliance.staff_file_dialog import TrainingDialog

    _setup(db_path)
    window = open_window()
    window.show_page("compliance")
    page = window.pages["compliance"]
    assert isinstance(page, CompliancePage)
    assert page.matrix_model.rowCount() == 1 and page.matrix_model.columnCount() == 3
    click(qtbot, page.courses_button)
    assert page.courses_button.isHidden()
    headings = [
        page.matrix_model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(page.matrix_model.columnCount())
    ]
    assert "Moving and handling" in headings and "Care Certificate" in headings
    page.tabs.setCurrentWidget(page.matrix)
    page.matrix.selectRow(0)
    click(qtbot, page.training_button)
    dialog = page.dialog
    assert isinstance(dialog, TrainingDialog)
    assert dialog.form.values()["staff_id"] is not None
    choose(dialog.form.field("course_id"), "Moving and handling")
    dialog.form.set_values({"completed_on": "01/12/2025"})
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    column = headings.index("Moving and handling")
    assert page.matrix_model.index(0, column).data() == "expired 01/12/26"
    whats = [page.due_model.index(r, 3).data() for r in range(page.due_model.rowCount())]
    assert "Moving and handling training expired: Jo Carter" in whats


def test_record_dialogs_name_every_control(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    from microoffice.ui.compliance.staff_file_dialog import StaffCheckDialog, TrainingDialog
    from microoffice.ui.records.careplan_dialog import CarePlanDialog
    from microoffice.ui.records.mar_dialog import MedicineDialog
    from tests.ui.test_accessibility import unnamed_controls

    ids = _setup(db_path)
    page = _records(open_window, ids["edna"])
    ops = page.ops
    with ops.database.session() as s:
        medicine = views.medicine(s, ids["medicine"])
    dialogs: list[QWidget] = [
        NoteDialog(ops, ids["edna"], "Edna Price", ids["visit"], page),
        DoseDialog(ops, medicine, london(2026, 12, 7, 8), page),
        MedicineDialog(ops, ids["edna"], "Edna Price", page),
        IncidentDialog(ops, ids["edna"], page),
        CarePlanDialog(ops, ids["edna"], "Edna Price", page),
        StaffCheckDialog(ops, None, page),
        TrainingDialog(ops, None, page),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed_controls(dialog) == [], dialog.objectName()
        dialog.close()
