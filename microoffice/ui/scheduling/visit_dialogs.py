"""Quick entry for what happened on a visit, who goes on it, and extra visits.

Each dialog binds a few fields and calls one core function through `ops.run`; core reads the
typed times and dates (`scheduling.forms`) and checks them, so the messages are the same as in the
CLI and land at the field.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QWidget

from microoffice.core import clock
from microoffice.core.clock_changes import wall_text
from microoffice.core.readers.numbers import read_miles
from microoffice.core.scheduling import clashes, forms, today, visit_changes, visits
from microoffice.core.scheduling.occurrences import Occurrence
from microoffice.core.scheduling.times import sentence
from microoffice.core.services import clients, staff
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import SERVICE_TYPES
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def describe(occ: Occurrence) -> str:
    when = visits.local_range(occ.planned_start, occ.planned_end)
    text = f"{occ.client_name}, {occ.day:%A} {occ.day.day} {occ.day:%B}, {when}"
    return f"{text}\n{sentence(occ.clock_note)}" if occ.clock_note else text


class _Base(FormDialog):
    """A dialog about one visit (or a new one), so the calendar and Today refresh after it."""

    min_width = 480


OUTCOMES: dict[str, tuple[str, str]] = {
    "late": ("Late or short visit", "Save the times"),
    "missed": ("Missed visit", "Record as missed"),
    "cancel_client": ("Cancelled by the client", "Record the cancellation"),
    "cancel_provider": ("Cancelled by us", "Record the cancellation"),
    "note": ("Note, tasks and miles", "Save"),
}


class OutcomeDialog(_Base):
    """One exception to "as planned", or the carer's note, tasks done and miles."""

    def __init__(self, ops: Ops, kind: str, occ: Occurrence, parent: QWidget | None = None):
        title, action = OUTCOMES[kind]
        super().__init__(ops, title, describe(occ), action, parent)
        self.setObjectName(f"outcome_{kind}")
        self.kind, self.occ = kind, occ
        f = self.form
        if kind == "late":
            f.text("actual_start", "Arrived at", "e.g. 08:20", 14)
            f.text("actual_end", "Left at", "e.g. 08:50", 14)
            f.set_values(
                {
                    "actual_start": wall_text(occ.actual_start or occ.planned_start),
                    "actual_end": wall_text(occ.actual_end or occ.planned_end),
                }
            )
            hint = forms.clock_change_hint(occ.planned_start, occ.planned_end)
            if hint:
                f.note("clockChangeHint").setText(hint)
        elif kind == "cancel_client":
            f.date("notice_date", "Told us on")
            f.text("notice_time", "At", "e.g. 18:30", 8)
            now = clock.local_now()
            f.set_values({"notice_date": now.date(), "notice_time": f"{now:%H:%M}"})
            f.text("reason", "Reason", "optional", 200)
        elif kind in ("missed", "cancel_provider"):
            f.text("reason", "Reason", "what happened", 200)
        else:
            f.area("note", "Note for the care record", 4)
            f.text("tasks_done", "Tasks done", "", 300)
            f.text("mileage", "Business miles", "e.g. 4.5", 8)
            f.set_values({"tasks_done": ", ".join(occ.tasks)})

    def write(self, session: Session, values: dict[str, Any]) -> object:
        occ, kind = self.occ, self.kind
        if kind == "late":
            start, end = forms.times_from_text(values["actual_start"], values["actual_end"])
            return today.record_actual_times(session, occ, start, end)
        if kind == "missed":
            return today.record_missed(session, occ, values["reason"])
        if kind == "cancel_client":
            notice = forms.notice_from_text(values["notice_date"], values["notice_time"])
            return today.record_cancelled_by_client(session, occ, notice, values["reason"])
        if kind == "cancel_provider":
            return today.record_cancelled_by_provider(session, occ, values["reason"])
        c = Checker()
        miles = c.check("mileage", read_miles, values["mileage"])
        c.done()
        return today.complete_visit(
            session,
            occ,
            note=values["note"],
            tasks_done=forms.split_tasks(values["tasks_done"]),
            mileage_tenths=miles,
        )


def _staff_options(session: Session) -> list[tuple[Any, str]]:
    return [(s.id, s.name) for s in staff.list_staff(session)]


class AssignDialog(_Base):
    """Choose who goes; the warnings for each choice show before anything is saved."""

    def __init__(self, ops: Ops, occ: Occurrence, parent: QWidget | None = None):
        super().__init__(ops, "Who goes on this visit", describe(occ), "Save", parent)
        self.setObjectName("assignDialog")
        self.occ = occ
        options = [(None, "Nobody yet"), *ops.read(_staff_options, [], parent=self)]
        self.combos = [self.form.combo("staff_ids", "Carer", options)]
        if occ.staff_required > 1:
            self.combos.append(self.form.combo("staff_2", "Second carer", options))
        for combo, sid in zip(self.combos, [*occ.staff_ids, None, None], strict=False):
            combo.setCurrentIndex(max(0, combo.findData(sid)))
            combo.currentIndexChanged.connect(lambda _i: self.update_warnings())
        self.warnings = QLabel(self)
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Things to check before saving")
        self.extra.addWidget(self.warnings)
        self.update_warnings()

    def chosen(self) -> list[int]:
        return [c.currentData() for c in self.combos if c.currentData() is not None]

    def update_warnings(self) -> None:
        chosen, occ = self.chosen(), self.occ

        def check(session: Session) -> list[clashes.AssignmentWarning]:
            found: list[clashes.AssignmentWarning] = []
            for sid in chosen:
                found += clashes.assignment_warnings(session, occ, sid)
            return found

        found = self.ops.read(check, [], parent=self)
        self.found = found
        if found:
            lines = "".join(
                f"<li>{'<b>Not allowed:</b> ' if w.blocking else ''}{escape(w.message)}</li>"
                for w in found
            )
            self.warnings.setText(f"Before you save:<ul style='margin-left:-20px'>{lines}</ul>")
        else:
            self.warnings.setText("No clashes found." if chosen else "")

    def write(self, session: Session, values: dict[str, Any]) -> object:
        return visit_changes.set_carers(session, self.occ, self.chosen())


def _client_options(session: Session) -> list[tuple[Any, str]]:
    return [(c.id, c.name) for c in clients.list_clients(session)]


class ExtraVisitDialog(_Base):
    """A visit nobody planned: called out, or stayed on. Saved as done unless it is to come."""

    def __init__(
        self,
        ops: Ops,
        parent: QWidget | None = None,
        client_id: int | None = None,
        *,
        at: datetime | None = None,
        staff_id: int | None = None,
    ):
        """`at` (London wall clock) and `staff_id` prefill the day, time and carer: the
        calendar's double-click on an empty slot."""
        intro = "A visit that was not in the plan. It is saved as done if it has happened."
        super().__init__(ops, "Extra visit", intro, "Save extra visit", parent)
        self.setObjectName("extraVisitDialog")
        f = self.form
        people = ops.read(_client_options, [], parent=self)
        f.combo("client_id", "Client", [(None, "Choose a client…"), *people])
        f.date("day", "Date")
        start = f.text("start_time", "Start", "e.g. 14:00", 8)
        end = f.text("end_time", "End", "e.g. 14:30", 8)
        self.times = f.note("timesSummary")
        f.combo("service_type", "Service", SERVICE_TYPES)
        f.text("tasks", "Tasks", "", 300)
        staff_options = [(None, "Nobody yet"), *ops.read(_staff_options, [], parent=self)]
        f.combo("staff_ids", "Carer", staff_options)
        now = clock.local_now()
        when = at or now.replace(minute=0)
        f.set_values(
            {
                "client_id": client_id,
                "day": when.date(),
                "start_time": f"{when:%H:%M}",
                "end_time": f"{when + timedelta(minutes=30):%H:%M}",
                "staff_ids": staff_id,
            }
        )
        for edit in (start, end):
            edit.textChanged.connect(self.update_times)
        self.update_times()

    def update_times(self) -> None:
        values = self.form.values()
        self.times.setText(forms.times_summary(values["start_time"], values["end_time"]))

    def write(self, session: Session, values: dict[str, Any]) -> object:
        data = forms.one_off_from_text(values | {"staff_ids": [values["staff_ids"]]})
        done = clock.to_utc(data.day, data.start_time) <= clock.now()
        return today.record_extra_visit(session, data, done=done)
