"""The Incidents tab: incidents and safeguarding concerns, reported and followed to closure, and
the complaints and compliments about this person's care with their Reg 16 timeline."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.records import complaints, incidents
from microoffice.core.records.incident_types import HARM_LEVELS
from microoffice.core.records.views import ComplaintRow, complaint_rows
from microoffice.core.vocabulary import format_date, format_instant
from microoffice.ui.app.runner import Ops
from microoffice.ui.records.complaint_dialog import ComplaintDialog, ComplaintStepDialog
from microoffice.ui.records.incident_dialog import IncidentDialog
from microoffice.ui.records.incident_notifications import IncidentNotificationsDialog
from microoffice.ui.records.person_tab import PersonTab
from microoffice.ui.widgets.table_model import Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

INCIDENT_COLUMNS: list[Column[incidents.IncidentRow]] = [
    Column("When", lambda r: f"{format_instant(r.occurred_at)}", 130),
    Column("Kind", lambda r: r.kind_label, 180),
    Column("Harm", lambda r: HARM_LEVELS.get(r.harm, r.harm).split(" (")[0], 110),
    Column("Status", lambda r: "Closed" if r.closed else "Open", 70),
    Column("What happened", lambda r: r.summary, 420),
]


COMPLAINT_COLUMNS: list[Column[ComplaintRow]] = [
    Column(
        "Received", lambda r: f"{format_date(r.received_on)}", 95, sort_key=lambda r: r.received_on
    ),
    Column("Kind", lambda r: r.kind, 90),
    Column("From", lambda r: r.who, 150),
    Column("Status", lambda r: r.status, 200),
    Column("Summary", lambda r: r.summary, 370),
]


class IncidentsTab(PersonTab):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(ops, parent)
        layout = QVBoxLayout(self)
        self.all_clients = QCheckBox("Show incidents for everyone", self)
        self.all_clients.setAccessibleName("Show incidents for everyone")
        self.all_clients.toggled.connect(lambda _on: self.reload())
        layout.addWidget(self.all_clients)
        self.model: RowTableModel[incidents.IncidentRow] = RowTableModel(
            INCIDENT_COLUMNS, muted=lambda r: r.closed, parent=self
        )
        self.table = QTableView(self)
        self.table.setObjectName("incidentsTable")
        self.table.setAccessibleName("Incidents")
        self.table.setModel(self.model)
        configure_table(self.table, INCIDENT_COLUMNS, empty="No incidents recorded.")
        layout.addWidget(self.table, 2)
        row = QHBoxLayout()
        self.report_button = QPushButton("Report incident…", self)
        self.report_button.setObjectName("reportIncidentButton")
        self.report_button.clicked.connect(self.report)
        self.follow_button = QPushButton("Notifications and closing…", self)
        self.follow_button.setObjectName("notificationsButton")
        self.follow_button.clicked.connect(self.follow_up)
        for b in (self.report_button, self.follow_button):
            b.setAccessibleName(b.text().rstrip("…"))
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Complaints and compliments", self))
        self.complaint_model: RowTableModel[ComplaintRow] = RowTableModel(
            COMPLAINT_COLUMNS, parent=self
        )
        self.complaints = QTableView(self)
        self.complaints.setAccessibleName("Complaints and compliments")
        self.complaints.setModel(self.complaint_model)
        configure_table(
            self.complaints, COMPLAINT_COLUMNS, empty="No complaints or compliments recorded."
        )
        layout.addWidget(self.complaints, 1)
        row = QHBoxLayout()
        self.complaint_button = QPushButton("Record complaint or compliment…", self)
        self.complaint_button.setObjectName("recordComplaintButton")
        self.complaint_button.clicked.connect(self.record_complaint)
        self.step_button = QPushButton("Update selected complaint…", self)
        self.step_button.setObjectName("complaintStepButton")
        self.step_button.setToolTip("Acknowledge, add an investigation step, respond or escalate")
        self.step_button.clicked.connect(self.update_complaint)
        for b in (self.complaint_button, self.step_button):
            b.setAccessibleName(b.text().rstrip("…"))
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.timeline = QTextBrowser(self)
        self.timeline.setAccessibleName("Complaint timeline")
        self.timeline.setMaximumHeight(120)
        layout.addWidget(self.timeline)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.complaints.selectionModel().selectionChanged.connect(lambda *_: self.show_timeline())
        self.complaints.activated.connect(lambda _i: self.update_complaint())
        self.table.activated.connect(lambda _i: self.follow_up())
        self._buttons()

    def reload(self) -> None:
        cid = None if self.all_clients.isChecked() else self.client_id
        everyone = self.all_clients.isChecked()
        if cid is None and not everyone:
            self.model.set_rows([])
        else:
            self.model.set_rows(
                self.ops.read(lambda s: incidents.list_incidents(s, client_id=cid), [], parent=self)
            )
        client = self.client_id
        kept = self.selected_complaint()
        self.complaint_model.set_rows(
            self.ops.read(lambda s: complaint_rows(s, client), [], parent=self) if client else []
        )
        self.timeline.clear()
        if kept is not None:
            self.select_complaint(kept.id)  # after saving a step, its timeline stays in view
        self._buttons()

    def selected(self) -> incidents.IncidentRow | None:
        return selected_row(self.table, self.model)

    def selected_complaint(self) -> ComplaintRow | None:
        return selected_row(self.complaints, self.complaint_model)

    def select_complaint(self, complaint_id: int) -> None:
        position = self.complaint_model.position_of(complaint_id)
        if position >= 0:
            self.complaints.selectRow(position)

    def _buttons(self) -> None:
        self.follow_button.setEnabled(self.selected() is not None)
        self.complaint_button.setEnabled(self.client_id is not None)
        chosen = self.selected_complaint()
        self.step_button.setEnabled(chosen is not None and chosen.kind == "complaint")

    def report(self) -> None:
        dialog = IncidentDialog(self.ops, self.client_id, self)
        dialog.saved.connect(self.open_notifications)
        self.show_dialog(dialog)

    def open_notifications(self, incident_id: int) -> None:
        """Straight after reporting: who must be told, and by when."""
        self.show_dialog(IncidentNotificationsDialog(self.ops, incident_id, self))

    def follow_up(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_notifications(row.id)

    def record_complaint(self) -> None:
        if self.client_id is None:
            return
        dialog = ComplaintDialog(self.ops, self.client_id, self.client_name, self)
        dialog.saved.connect(self.select_complaint)
        self.show_dialog(dialog)

    def update_complaint(self) -> None:
        row = self.selected_complaint()
        if row is not None and row.kind == "complaint":
            self.show_dialog(ComplaintStepDialog(self.ops, row.id, self))

    def show_timeline(self) -> None:
        self._buttons()
        item = self.selected_complaint()
        if item is None:
            return
        if item.kind != "complaint":
            self.timeline.setHtml(f"<p>{escape(item.summary)}</p>")
            return
        none: list[complaints.TimelineStep] = []
        steps = self.ops.read(lambda s: complaints.timeline(s, item.id), none, parent=self)
        lines = []
        for t in steps:
            if t.done_on:
                lines.append(f"<b>{format_date(t.done_on)}</b> {escape(t.label)}: {escape(t.text)}")
            else:
                colour = "#b42318" if t.overdue else "#b54708"
                lines.append(
                    f"<span style='color:{colour}'><b>{escape(t.label)} due {format_date(t.due_on)}</b></span>"
                )
        self.timeline.setHtml("<br>".join(lines))
