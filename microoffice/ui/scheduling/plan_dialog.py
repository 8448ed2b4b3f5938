"""A visit plan: which days, from what time to what time, what for, and who usually goes.

An end earlier than the start is the next morning; the line under the times says so as they are
typed ("22:00 to 07:00 (overnight, ends next day)"), and the advice under the form says what
the clock changes in the plan's first year do to its visits.

Thin: values are read by core (`scheduling.forms.plan_from_text`) and saved through `ops.run`;
errors come back at the field. Editing an existing plan asks from which date the change applies:
from its first day the plan is changed as a whole, from a later date it is split ("this and all
following"), so visits already done keep the times they had.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.scheduling import forms, plans
from microoffice.core.scheduling.recurrence import WEEKDAY_NAMES
from microoffice.core.services import clients, staff
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import SERVICE_TYPES
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class DayChecks(QWidget):
    """Seven tick boxes, Monday to Sunday."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for i, name in enumerate(WEEKDAY_NAMES):
            box = QCheckBox(name[:3], self)
            box.setObjectName(f"day{i}")
            box.setAccessibleName(name)
            grid.addWidget(box, i // 4, i % 4)
            self.boxes.append(box)

    def value(self) -> list[int]:
        return [i for i, box in enumerate(self.boxes) if box.isChecked()]

    def set_value(self, days: Any) -> None:
        for i, box in enumerate(self.boxes):
            box.setChecked(i in (days or ()))


def _options(session: Session) -> tuple[list[tuple[Any, str]], list[tuple[Any, str]]]:
    people = [(c.id, c.name) for c in clients.list_clients(session)]
    carers = [(s.id, s.name) for s in staff.list_staff(session)]
    return people, carers


class PlanDialog(EditingDialog):
    saved = Signal(int)

    def __init__(
        self,
        ops: Ops,
        plan_id: int | None = None,
        parent: QWidget | None = None,
        *,
        client_id: int | None = None,
        from_date: date | None = None,
    ):
        super().__init__(parent)
        self.ops, self.plan_id = ops, plan_id
        self.version: int | None = None
        self.setObjectName("planDialog")
        self.setWindowTitle("New visit plan" if plan_id is None else "Change visit plan")
        self.setMinimumWidth(860)
        people, carers = ops.read(_options, ([], []), parent=self)
        layout = QVBoxLayout(self)
        self.form = f = Form(self)
        f.group("Who and when")
        f.combo("client_id", "Client", [(None, "Choose a client…"), *people])
        self.days = DayChecks(self)
        f.add(
            "weekdays",
            "Days",
            self.days,
            self.days.value,
            self.days.set_value,
            focus=self.days.boxes[0],
        )
        f.spin("every_weeks", "Repeat every", 1, 8, " week(s)")
        self.start = f.text("start_time", "Start", "e.g. 08:00", 8)
        self.end = f.text("end_time", "End", "e.g. 08:45", 8)
        self.times = f.note("timesSummary")
        f.date("start_date", "First visit on")
        f.date("end_date", "Last visit on")
        self.applies_from = None
        if plan_id is not None:
            self.applies_from = f.date("applies_from", "Change applies from")
        f.group("The visit")
        f.combo("service_type", "Service", SERVICE_TYPES)
        f.area("tasks", "Tasks", 3, "wash and dress, breakfast, medication prompt…")
        f.spin("staff_required", "Staff needed", 1, 2)
        nobody = [(None, "Nobody yet")]
        f.combo("staff_ids", "Regular carer", [*nobody, *carers])
        f.combo("staff_2", "Second carer", [*nobody, *carers])
        self.notes = f.area("notes", "Notes", 2, "e.g. why a visit is shorter than 30 minutes")
        layout.addWidget(f)
        self.advice = QLabel(self)
        self.advice.setObjectName("hint")
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)
        buttons, self.save_button, _ = action_buttons(self, "Save plan", self.save, self.reject)
        layout.addWidget(buttons)
        f.set_values(
            {
                "client_id": client_id,
                "every_weeks": 1,
                "start_date": clock.today(),
                "staff_required": 1,
                "start_time": "08:00",
                "end_time": "08:45",
            }
        )
        if plan_id is not None:
            self.load(plan_id, from_date or clock.today())
        for edit in (self.start, self.end):
            edit.textChanged.connect(self.update_advice)
        for box in self.days.boxes:
            box.toggled.connect(self.update_advice)
        self.notes.textChanged.connect(self.update_advice)
        self.update_advice()

    def load(self, plan_id: int, from_date: date) -> None:
        def fetch(session: Session) -> tuple[plans.PlanData, int]:
            plan = plans.get_plan(session, plan_id)
            return plans.PlanData.from_plan(session, plan), plan.version

        found = self.ops.read(fetch, None, parent=self)
        if found is None:
            return
        data, self.version = found
        staff_ids = [*data.staff_ids, None, None]
        self.form.set_values(
            {
                "client_id": data.client_id,
                "weekdays": data.weekdays,
                "every_weeks": data.every_weeks,
                "start_time": f"{data.start_time:%H:%M}",
                "end_time": f"{data.end_time:%H:%M}",
                "start_date": data.start_date,
                "end_date": data.end_date,
                "applies_from": max(from_date, data.start_date),
                "service_type": data.service_type,
                "tasks": ", ".join(data.tasks),
                "staff_required": data.staff_required,
                "staff_ids": staff_ids[0],
                "staff_2": staff_ids[1],
                "notes": data.notes,
            }
        )
        self.form.field("client_id").setEnabled(False)

    def update_advice(self) -> None:
        """The times as read, and the advice for what is typed so far (nothing is saved)."""
        values = self.form.values()
        self.times.setText(forms.times_summary(values["start_time"], values["end_time"]))
        self.advice.setText("\n".join(forms.plan_advice(values)))

    def save(self) -> None:
        values = self.form.values()
        values["staff_ids"] = [values.pop("staff_ids"), values.pop("staff_2")]
        plan_id, expected = self.plan_id, self.version
        applies = values.pop("applies_from", "")

        def write(session: Session) -> int:
            data = forms.plan_from_text(values)
            if plan_id is None:
                return plans.create_plan(session, data).id
            when = Checker()
            start = when.date_text("applies_from", applies) or data.start_date
            when.done()
            if start <= data.start_date:
                return plans.update_plan(session, plan_id, data, expected).id
            return plans.split_plan(session, plan_id, start, data, expected).id

        outcome = self.ops.run(write, form=self.form, parent=self)
        if outcome.ok and outcome.value is not None:
            self.plan_id = outcome.value
            self.saved.emit(outcome.value)
            self.accept()
