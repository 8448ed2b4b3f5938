"""One member of staff: identity, role, employment and contact details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from microoffice.core.money import format_gbp
from microoffice.core.readers.times import hours_text
from microoffice.core.services import staff
from microoffice.core.services.staff import StaffData
from microoffice.core.vocabulary import EMPLOYMENT_TYPES, ROLES
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def build_form(form: Form) -> None:
    form.group("Person")
    form.text("first_name", "First name", max_length=100)
    form.text("last_name", "Last name", max_length=100)
    form.text("preferred_name", "Known as", max_length=100)
    form.date("date_of_birth", "Date of birth")
    form.text("phone", "Phone", max_length=40)
    form.text("email", "Email", max_length=200)
    form.area("address", "Address", 2)
    form.text("postcode", "Postcode", max_length=10)
    form.check("drives", "Transport", "Drives to visits")
    form.group("Work")
    form.combo("role", "Role", ROLES)
    form.combo("employment_type", "Employment", EMPLOYMENT_TYPES)
    form.date("start_date", "Started")
    form.date("end_date", "Left")
    form.text("contracted_minutes_per_week", "Hours a week", "contracted; e.g. 37.5", 10)
    form.check("irregular_hours", "Hours", "Irregular hours (holiday is accrued)")
    form.text("hourly_pay_pence", "Hourly pay", "e.g. £12.60", 12)
    form.area("notes", "Notes", 3)


class StaffDialog(EditingDialog):
    saved = Signal(int)

    def __init__(self, ops: Ops, staff_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.staff_id = ops, staff_id
        self.version: int | None = None
        self.setObjectName("staffDialog")
        self.setWindowTitle("New member of staff")
        self.setMinimumWidth(760)
        layout = QVBoxLayout(self)
        self.form = Form(self)
        build_form(self.form)
        layout.addWidget(self.form)
        buttons, self.save_button, _ = action_buttons(
            self, "Save", self.save, self.reject, accessible_name="Save staff member"
        )
        layout.addWidget(buttons)
        if staff_id is not None:
            self.load(staff_id)
        else:
            self.form.load(StaffData())  # core's defaults: a care worker who drives
        self.form.field("first_name").setFocus()

    def load(self, staff_id: int) -> None:
        def fetch(session: Session) -> tuple[StaffData, int, str]:
            person = staff.get_staff(session, staff_id)
            return StaffData.from_staff(person), person.version, person.display_name

        found = self.ops.read(fetch, None, parent=self)
        if found is None:
            return
        data, self.version, name = found
        self.form.load(data)
        self.form.set_values(
            {
                "contracted_minutes_per_week": hours_text(data.contracted_minutes_per_week),
                "hourly_pay_pence": (
                    "" if data.hourly_pay_pence is None else format_gbp(data.hourly_pay_pence)
                ),
            }
        )
        self.setWindowTitle(f"Staff: {name}")

    def save(self) -> None:
        values = self.form.values()
        sid, expected = self.staff_id, self.version

        def write(session: Session) -> int:
            data = StaffData.from_text(values)
            if sid is None:
                return staff.create_staff(session, data).id
            return staff.update_staff(session, sid, data, expected).id

        outcome = self.ops.run(write, form=self.form, parent=self)
        if outcome.ok and outcome.value is not None:
            self.staff_id = outcome.value
            self.saved.emit(outcome.value)
            self.accept()
