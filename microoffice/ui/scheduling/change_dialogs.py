"""The questions and small forms for changing one visit from the calendar.

A drag ends in one question ("Just this one" or "This and following", with a reason and anything
to check first, such as the carer's other visit at that time); "Move..." is the same as a form
for those who type; then cancelling, a note for the carers, a client away, and a visit's details
with its history. Each saves through one core call in `scheduling.visit_changes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.scheduling import visit_changes
from microoffice.core.scheduling.clashes import AssignmentWarning
from microoffice.core.scheduling.merge import Occurrence
from microoffice.core.scheduling.pauses import PAUSE_REASONS
from microoffice.ui.app.runner import Ops
from microoffice.ui.scheduling.visit_dialogs import OutcomeDialog, describe
from microoffice.ui.widgets.form_dialog import FormDialog
from microoffice.ui.widgets.screen_fit import ScreenDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def span(start: datetime, end: datetime) -> str:
    a, b = clock.to_local(start), clock.to_local(end)
    return f"{a:%a} {a.day} {a:%b} {a:%H:%M}-{b:%H:%M}"


def warning_list(warnings: Sequence[AssignmentWarning]) -> str:
    if not warnings:
        return ""
    items = "".join(f"<li>{escape(w.message)}</li>" for w in warnings)
    return f"<b>Before you move it:</b><ul style='margin-left:-20px'>{items}</ul>"


class MoveQuestion(ScreenDialog):
    """After a drag: move just this visit, or this and every later one of its plan?"""

    answered = Signal(bool, str)  # following, reason

    def __init__(
        self,
        parent: QWidget | None,
        occ: Occurrence,
        start: datetime,
        end: datetime,
        warnings: Sequence[AssignmentWarning],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("moveQuestion")
        resized = start == occ.planned_start
        self.setWindowTitle("Change the visit's length" if resized else "Move the visit")
        layout = QVBoxLayout(self)
        minutes = int((end - start).total_seconds() // 60)
        if resized:
            question = (
                f"Make {occ.client_name}'s visit of {span(occ.planned_start, occ.planned_end)} "
                f"end at {clock.to_local(end):%H:%M} ({minutes} minutes)?"
            )
        else:
            question = (
                f"Move {occ.client_name}'s visit of {span(occ.planned_start, occ.planned_end)} "
                f"to {span(start, end)}?"
            )
        self.question = QLabel(question, self)
        self.question.setWordWrap(True)
        self.question.setMinimumWidth(420)
        layout.addWidget(self.question)
        self.warnings = QLabel(warning_list(warnings), self)
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Things to check before moving")
        self.warnings.setVisible(bool(warnings))
        layout.addWidget(self.warnings)
        caption = QLabel("Why (kept in the visit's history):", self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName("Why")
        self.reason.setPlaceholderText("e.g. GP appointment at 11:00")
        caption.setBuddy(self.reason)
        layout.addWidget(caption)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(self)
        in_plan = occ.plan_id is not None
        self.just_this = QPushButton("Just this one" if in_plan else "Move it", self)
        self.just_this.setObjectName("justThisOne")
        self.just_this.setDefault(True)
        self.following = QPushButton("This and following", self)
        self.following.setObjectName("thisAndFollowing")
        self.following.setAccessibleName("This visit and every later one of its plan")
        self.following.setToolTip("Change the plan from this visit on: every later visit moves too")
        self.following.setVisible(in_plan)
        buttons.addButton(self.just_this, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.following, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel: leave the visit where it is")
        self.just_this.clicked.connect(lambda: self._answer(False))
        self.following.clicked.connect(lambda: self._answer(True))
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _answer(self, following: bool) -> None:
        self.answered.emit(following, self.reason.text())
        self.accept()


class MoveDialog(FormDialog):
    """Move or change the length of one visit by typing the new day, time and length."""

    def __init__(self, ops: Ops, occ: Occurrence, parent: QWidget | None = None):
        super().__init__(ops, "Move the visit", describe(occ), "Move visit", parent)
        self.setObjectName("moveDialog")
        self.occ = occ
        self.confirmed = False
        f = self.form
        f.date("day", "New day")
        f.text("start_time", "Starts at", "e.g. 10:30", 8)
        f.spin("duration_minutes", "Length", 5, 24 * 60, " min")
        if occ.plan_id is not None:
            f.combo(
                "following",
                "Which visits",
                [(False, "Just this one"), (True, "This one and every later one of its plan")],
            )
        f.text("reason", "Why", "kept in the visit's history", 200)
        start = clock.to_local(occ.planned_start)
        f.set_values(
            {
                "day": start.date(),
                "start_time": f"{start:%H:%M}",
                "duration_minutes": occ.minutes,
            }
        )
        self.warnings = QLabel(self)
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Things to check before moving")
        self.extra.addWidget(self.warnings)
        for name in ("day", "start_time"):
            f.field(name).textChanged.connect(lambda _t: self._changed())  # type: ignore[attr-defined]
        f.field("duration_minutes").valueChanged.connect(lambda _v: self._changed())  # type: ignore[attr-defined]

    def _changed(self) -> None:
        """Another time was typed: what was checked no longer applies."""
        if self.confirmed:
            self.confirmed = False
            self.warnings.setText("")
            self.save_button.setText("Move visit")

    def _times(self, values: dict[str, Any]) -> tuple[datetime, datetime]:
        return visit_changes.new_times_from_text(
            values["day"], values["start_time"], int(values["duration_minutes"])
        )

    def save(self) -> None:
        """First press: check for clashes and show them; a second press moves it anyway."""
        values = self.form.values()
        occ = self.occ
        if not self.confirmed:

            def ask(session: Session) -> list[AssignmentWarning]:
                start, end = self._times(values)
                following = bool(values.get("following"))
                visit_changes.check_move(session, occ, start, end, following)
                return visit_changes.move_warnings(session, occ, start, end)

            outcome = self.ops.run(ask, form=self.form, parent=self)
            if not outcome.ok:
                return
            if outcome.value:
                self.warnings.setText(warning_list(outcome.value))
                self.save_button.setText("Move it anyway")
                self.confirmed = True
                return
        super().save()

    def write(self, session: Session, values: dict[str, Any]) -> object:
        start, end = self._times(values)
        return visit_changes.move_visit(
            session,
            self.occ,
            start,
            end,
            following=bool(values.get("following")),
            reason=values["reason"],
        )


class CancelVisitDialog(OutcomeDialog):
    """Cancelled by the client (when they told us decides any charge) or by us; kept in the
    visit's history."""

    def write(self, session: Session, values: dict[str, Any]) -> object:
        if self.kind == "cancel_client":
            from microoffice.core.scheduling import forms

            notice = forms.notice_from_text(values["notice_date"], values["notice_time"])
            return visit_changes.cancel_visit(
                session, self.occ, visit_changes.BY_CLIENT, values["reason"], notice
            )
        return visit_changes.cancel_visit(session, self.occ, visit_changes.BY_US, values["reason"])


class VisitNoteDialog(FormDialog):
    """A note for whoever goes on this visit (not the care record: that is written after)."""

    def __init__(self, ops: Ops, occ: Occurrence, note: str, parent: QWidget | None = None):
        super().__init__(ops, "Note for this visit", describe(occ), "Save note", parent)
        self.setObjectName("visitNoteDialog")
        self.occ = occ
        self.form.area("note", "For whoever goes", 3, "e.g. the key safe code has changed")
        self.form.set_values({"note": note})

    def write(self, session: Session, values: dict[str, Any]) -> object:
        return visit_changes.set_visit_note(session, self.occ, values["note"])


class ClientAwayDialog(FormDialog):
    """A client away (hospital, holiday, respite): their plans' visits stop for that time and
    come back by themselves afterwards."""

    def __init__(
        self,
        ops: Ops,
        client_id: int,
        client_name: str,
        first_day: date,
        parent: QWidget | None = None,
    ):
        intro = (
            f"{client_name} is away: the visits of their plans do not happen from the first day "
            "to the last, and start again by themselves after it. Visits already saved in that "
            "time stay as they are: cancel them if they are off too."
        )
        super().__init__(ops, "Client away", intro, "Save", parent)
        self.setObjectName("clientAwayDialog")
        self.client_id = client_id
        f = self.form
        f.date("start_date", "First day away")
        f.date("end_date", "Last day away")
        f.combo("reason", "Why", list(PAUSE_REASONS.items()))
        f.text("notes", "Notes", "e.g. ward 4, Heartlands Hospital", 200)
        f.set_values({"start_date": first_day, "reason": "hospital"})
        f.field("end_date").setToolTip("Leave empty if you do not know yet")

    def write(self, session: Session, values: dict[str, Any]) -> object:
        from microoffice.core.services.forms import Checker

        c = Checker()
        start = c.date_text("start_date", values["start_date"])
        end = c.date_text("end_date", values["end_date"]) if values["end_date"].strip() else None
        if start is None and "start_date" not in c.errors:
            c.fail("start_date", "Type the first day away, like 14/12/2026")
        c.done()
        assert start is not None
        return visit_changes.client_away(
            session, self.client_id, start, end, values["reason"], values["notes"]
        )


class VisitDetails(ScreenDialog):
    """Everything about one visit, and its history, to read."""

    def __init__(self, parent: QWidget | None, title: str, lines: Sequence[str]) -> None:
        super().__init__(parent)
        self.setObjectName("visitDetails")
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit("\n".join(lines), self)
        self.text.setObjectName("details")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("The visit and its history")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
