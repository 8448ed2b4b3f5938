"""An incident's notifications: who must be told and by when, what was sent, and closing it.

Each line is a requirement from core's decision table. Marking one sent records who sent it, when
and the reference; "Not needed" records a decision with its reason; closing needs every line
settled and the lessons learned, and after that the incident is frozen.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.records import closing, incidents
from microoffice.core.records.notifications import (
    NotificationState,
    decide_notification,
    log_notification,
    notification_status,
)
from microoffice.core.vocabulary import format_instant
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.screen_fit import ScreenDialog
from microoffice.ui.widgets.table_model import Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STATUS = {"sent": "Sent", "not_required": "Not needed", "pending": "To do", "overdue": "OVERDUE"}


def _due(state: NotificationState) -> str:
    due = state.due.due_at
    return format_instant(due) if due else "no fixed time"


def _done(state: NotificationState) -> str:
    if state.status == "sent" and state.sent_at is not None:
        late = " (late)" if state.late else ""
        return f"{clock.to_local(state.sent_at):%d/%m %H:%M} by {state.sent_by}{late}"
    return state.decision_reason


COLUMNS: list[Column[NotificationState]] = [
    Column("Notification", lambda s: s.due.title, 300),
    Column("To", lambda s: s.due.to, 150),
    Column("Due", _due, 130),
    Column("Status", lambda s: STATUS[s.status], 90),
    Column("Done", _done, 200),
]


class IncidentNotificationsDialog(ScreenDialog):
    def __init__(self, ops: Ops, incident_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.incident_id = ops, incident_id
        self.setObjectName("incidentNotificationsDialog")
        self.setWindowTitle(f"Incident {incident_id}: notifications")
        self.resize(920, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model: RowTableModel[NotificationState] = RowTableModel(COLUMNS, parent=self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table(self.table, COLUMNS, empty="Nobody outside needs to be told.")
        self.table.setAccessibleName("Notifications for this incident")
        layout.addWidget(self.table, 1)
        self.deadline = QLabel(self)
        self.deadline.setObjectName("hint")
        self.deadline.setWordWrap(True)
        layout.addWidget(self.deadline)

        row = QHBoxLayout()
        self.who = self._edit("Sent by / decided by", "who", row)
        self.reference = self._edit("Their reference", "reference", row)
        self.reason = self._edit("Reason it is not needed", "reason", row)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.sent_button = push_button(
            self, "Mark as sent", self.mark_sent, buttons, name="sentButton"
        )
        self.not_needed_button = push_button(
            self,
            "Not needed",
            self.not_needed,
            buttons,
            name="notNeededButton",
        )
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.lessons = QPlainTextEdit(self)
        self.lessons.setObjectName("lessons")
        self.lessons.setPlaceholderText("Lessons learned and what changes, to close the incident")
        self.lessons.setAccessibleName("Lessons learned")
        self.lessons.setFixedHeight(60)
        layout.addWidget(self.lessons)
        close_row = QHBoxLayout()
        self.close_button = push_button(
            self,
            "Close incident",
            self.close_incident,
            close_row,
            name="closeIncidentButton",
        )
        close_row.addStretch(1)
        done = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        done.rejected.connect(self.reject)
        close_row.addWidget(done)
        layout.addLayout(close_row)
        self.who.setText(ops.actor if ops.actor != "app" else "")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._describe())
        self.reload()

    def _edit(self, label: str, name: str, row: QHBoxLayout) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(label)
        edit.setAccessibleName(label)
        edit.setObjectName(name)
        row.addWidget(edit)
        return edit

    def reload(self) -> None:
        def fetch(session: Session) -> tuple[list[NotificationState], str, bool]:
            incident = incidents.get_incident(session, self.incident_id)
            states = notification_status(session, self.incident_id)
            text = (
                f"<b>{escape(incident.kind.replace('_', ' ').capitalize())}</b>, "
                f"{format_instant(incident.occurred_at)}: "
                f"{escape(incident.description)}"
            )
            return states, text, incident.closed_at is not None

        states, text, closed = self.ops.read(fetch, ([], "", False), parent=self)
        self.model.set_rows(states)
        if not states:
            text += "<br>No external notification is needed for what was recorded."
        self.summary.setText(
            text + ("<br><b>Closed.</b> Add anything new as an addendum." if closed else "")
        )
        for widget in (self.lessons, self.close_button):
            widget.setEnabled(not closed)
        if states:
            self.table.selectRow(0)
        self._describe()

    def selected(self) -> NotificationState | None:
        return selected_row(self.table, self.model)

    def _describe(self) -> None:
        state = self.selected()
        self.deadline.setText(
            f"{state.due.title}: {state.due.deadline}. Basis: {state.due.basis}."
            + (" VERIFY that this applies." if state.due.verify else "")
            if state
            else ""
        )
        open_ = state is not None and state.status in ("pending", "overdue")
        self.sent_button.setEnabled(open_)
        self.not_needed_button.setEnabled(open_)

    def mark_sent(self) -> None:
        state = self.selected()
        if state is None:
            return
        who, ref = self.who.text(), self.reference.text()
        self.ops.run(
            lambda s: log_notification(s, self.incident_id, state.due.code, who, reference=ref),
            parent=self,
        )
        self.reference.clear()
        self.reload()

    def not_needed(self) -> None:
        state = self.selected()
        if state is None:
            return
        who, why = self.who.text(), self.reason.text()
        outcome = self.ops.run(
            lambda s: decide_notification(s, self.incident_id, state.due.code, False, why, who),
            parent=self,
        )
        if outcome.ok:
            self.reason.clear()
        self.reload()

    def close_incident(self) -> None:
        lessons = self.lessons.toPlainText()
        outcome = self.ops.run(
            lambda s: closing.close_incident(s, self.incident_id, lessons, self.ops.actor),
            parent=self,
        )
        if outcome.ok:
            self.reload()
