"""Recording a Schedule 3 check (DBS, references, right to work...) or a completed course."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from microoffice.core import clock
from microoffice.core.compliance import staff_files, training
from microoffice.core.services.forms import Checker
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.choices import options
from microoffice.ui.widgets.record_dialog import RecordDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHECK_LABELS = {item.kind: item.label for item in staff_files.SCHEDULE3} | {
    "dbs_update_check": "DBS Update Service status check"
}


def staff_options(session: Session) -> list[tuple[Any, str]]:
    return options(training.staff_choices(session, clock.today()))


class StaffCheckDialog(RecordDialog):
    def __init__(self, ops: Ops, staff_id: int | None = None, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Record a staff check",
            "A Schedule 3 item for someone's staff file. Keep the DBS certificate number and "
            "dates here; do not keep a copy of the certificate longer than you need to.",
            "Save check",
            parent,
        )
        self.setObjectName("staffCheckDialog")
        f = self.form
        f.combo("staff_id", "Member of staff", ops.read(staff_options, [], parent=parent))
        f.combo("kind", "Check", list(CHECK_LABELS.items()))
        f.text("reference", "Reference", "DBS certificate number, referee, document seen")
        f.date("issued_on", "Issued on")
        f.date("checked_on", "Checked on")
        f.date("next_due_on", "Expires / next due")
        f.check("update_service", "DBS", "On the DBS Update Service")
        f.area("notes", "Notes", 2, "e.g. gaps in employment explained")
        f.set_values({"staff_id": staff_id, "checked_on": clock.today()})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        dates = {k: c.date_text(k, values[k]) for k in ("issued_on", "checked_on", "next_due_on")}
        c.done()
        data = staff_files.CheckData(
            kind=values["kind"],
            reference=values["reference"],
            update_service=values["update_service"],
            notes=values["notes"],
            **dates,
        )
        return staff_files.record_check(session, int(values["staff_id"]), data).id


def course_options(session: Session) -> list[tuple[Any, str]]:
    return options(training.course_choices(session))


class TrainingDialog(RecordDialog):
    def __init__(self, ops: Ops, staff_id: int | None = None, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Record training",
            "A completed course. The expiry date follows the course's renewal period unless "
            "you type one.",
            "Save training",
            parent,
        )
        self.setObjectName("trainingDialog")
        f = self.form
        f.combo("staff_id", "Member of staff", ops.read(staff_options, [], parent=parent))
        f.combo("course_id", "Course", ops.read(course_options, [], parent=parent))
        f.date("completed_on", "Completed on")
        f.date("expires_on", "Expires (optional)")
        f.text("evidence", "Evidence", "e.g. certificate in the staff file")
        f.set_values({"staff_id": staff_id, "completed_on": clock.today()})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        done = c.date_text("completed_on", values["completed_on"])
        expires = c.date_text("expires_on", values["expires_on"])
        if done is None and "completed_on" not in c.errors:
            c.fail("completed_on", "Enter the date the course was completed")
        if not values["course_id"]:
            c.fail("course_id", "Add the standard training courses first")
        c.done()
        assert done is not None
        return training.record_training(
            session,
            int(values["staff_id"]),
            int(values["course_id"]),
            done,
            values["evidence"],
            expires,
        ).id
