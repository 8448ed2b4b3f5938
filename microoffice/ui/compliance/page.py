"""Compliance: everything to fix or look at, grouped by the CQC's five key questions with red,
amber or green (the same findings as the evidence pack), and the registers behind it (training,
staff files, policies, readiness).

Clicking a key question's card narrows the list to it; the evidence pack for any period is one
button away.
"""

from __future__ import annotations

import io
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.changes import Changes
from microoffice.core.compliance import views
from microoffice.core.compliance.dashboard import Dashboard, build_dashboard
from microoffice.core.compliance.findings import RAG_WORDS, twelve_months_to
from microoffice.core.compliance.readiness import readiness
from microoffice.core.compliance.training import seed_courses
from microoffice.core.progress import Cancelled
from microoffice.core.reports import evidence_pack
from microoffice.ui.app.runner import Ops
from microoffice.ui.compliance import tabs as t
from microoffice.ui.compliance.retention_tab import RetentionTab
from microoffice.ui.compliance.staff_file_dialog import StaffCheckDialog, TrainingDialog
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.pdf_preview import PdfPreviewDialog
from microoffice.ui.widgets.tables import configure_table, size_columns

WATCHES = Changes(clients=True, staff=True, visits=True, records=True, business=True)
CARD = {  # the words are the evidence pack's too (core/compliance/findings.py)
    "red": ("#b42318", "#fdecea", RAG_WORDS["red"]),
    "amber": ("#b54708", "#fff4e0", RAG_WORDS["amber"]),
    "green": ("#027a48", "#e7f6ec", RAG_WORDS["green"]),
}


class Card(QPushButton):
    """A key question: its name, red/amber/green, and how many items are overdue or due soon."""

    def __init__(self, key: str, parent: QWidget):
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setCheckable(True)
        self.setMinimumHeight(84)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def show_group(self, name: str, rag: str, red: int, amber: int) -> None:
        ink, paper, word = CARD[rag]
        self.setText(f"{name}\n{word}\n{red} to fix · {amber} to look at")
        self.setAccessibleName(f"{name}: {word}, {red} to fix, {amber} to look at")
        self.setStyleSheet(
            f"QPushButton {{ background: {paper}; color: {ink}; border: 1px solid {ink}; "
            "border-left: 8px solid " + ink + "; border-radius: 6px; font-weight: 600; "
            "text-align: left; padding: 8px 12px; }"
            "QPushButton:checked { border-width: 3px; border-left-width: 8px; }"
        )


class CompliancePage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("compliancePage")
        self.dashboard: Dashboard | None = None
        self.selected: str | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel("Compliance", self)
        heading.setObjectName("pageTitle")
        top.addWidget(heading)
        self.as_of = QLabel(self)
        self.as_of.setObjectName("hint")
        top.addWidget(self.as_of)
        top.addStretch(1)
        self.pack_button = QPushButton("Evidence pack for the last 12 months…", self)
        self.pack_button.setObjectName("packButton")
        self.pack_button.setAccessibleName("Evidence pack for the last 12 months")
        self.pack_button.clicked.connect(self.save_pack)
        top.addWidget(self.pack_button)
        layout.addLayout(top)
        cards = QHBoxLayout()
        self.cards: dict[str, Card] = {}
        for key in ("safe", "effective", "caring", "responsive", "well_led"):
            card = Card(key, self)
            card.clicked.connect(lambda _on, k=key: self.choose(k))
            cards.addWidget(card)
            self.cards[key] = card
        layout.addLayout(cards)
        self.tabs = QTabWidget(self)
        self.due_model = t.ColouredModel(t.DUE_COLUMNS, t.due_colour, self)
        self.due = self._table(
            self.due_model,
            t.DUE_COLUMNS,
            "What is overdue or due soon",
            "Nothing is overdue or due soon.",
        )
        self.tabs.addTab(self.due, "What's due")
        self.matrix_model = t.ColouredModel(t.matrix_columns([]), t.matrix_colour, self)
        self.matrix = self._table(
            self.matrix_model, [], "Training matrix", "No staff to train yet: add them on Staff."
        )
        self.tabs.addTab(self.matrix, "Training matrix")
        self.files_model = t.ColouredModel(t.file_columns(), t.file_colour, self)
        self.files = self._table(
            self.files_model,
            t.file_columns(),
            "Staff files",
            "No staff files yet: add staff on Staff.",
        )
        self.tabs.addTab(self.files, "Staff files (Schedule 3)")
        self.register_model = t.ColouredModel(t.REGISTER_COLUMNS, t.register_colour, self)
        self.register = self._table(
            self.register_model,
            t.REGISTER_COLUMNS,
            "Policies and renewals",
            "No policies or renewals recorded yet.",
        )
        self.tabs.addTab(self.register, "Policies and renewals")
        ready = QWidget(self)
        ready_layout = QVBoxLayout(ready)
        self.scope = QLabel(ready)
        self.scope.setWordWrap(True)
        ready_layout.addWidget(self.scope)
        self.ready_model = t.ColouredModel(t.READINESS_COLUMNS, t.readiness_colour, self)
        self.ready = self._table(
            self.ready_model,
            t.READINESS_COLUMNS,
            "Registration readiness",
            "Nothing to get ready.",
        )
        ready_layout.addWidget(self.ready, 1)
        self.tabs.addTab(ready, "Registration")
        self.retention = RetentionTab(ops, self)
        self.tabs.addTab(self.retention, "Records retention")
        layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        self.check_button = push_button(
            self, "Record a staff check…", self.record_check, buttons, name="staffCheckButton"
        )
        self.training_button = push_button(
            self, "Record training…", self.record_training, buttons, name="trainingButton"
        )
        self.courses_button = push_button(
            self,
            "Add the standard training courses",
            self.add_courses,
            buttons,
            name="coursesButton",
        )
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.dialog: QWidget | None = None
        self.stale = False
        ops.bus.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changes: Changes) -> None:
        """The findings read a year of records (core/compliance/findings.py): worked out again
        at once while the page is shown, else when it is next shown."""
        if not changes.touches(WATCHES):
            return
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self.reload()

    def _table(self, model: Any, columns: list[Any], name: str, empty: str) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        configure_table(table, columns, empty=empty)
        table.setAccessibleName(name)
        table.setObjectName(name.split()[0].lower() + "Table")
        return table

    def _open(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    def _staff_selected(self) -> int | None:
        table = self.files if self.tabs.currentWidget() is self.files else self.matrix
        rows = table.selectionModel().selectedRows()
        model = self.files_model if table is self.files else self.matrix_model
        return model.row_at(rows[0].row()).id if rows else None

    def record_check(self) -> None:
        self._open(StaffCheckDialog(self.ops, self._staff_selected(), self))

    def record_training(self) -> None:
        self._open(TrainingDialog(self.ops, self._staff_selected(), self))

    def add_courses(self) -> None:
        self.ops.run(seed_courses, parent=self)

    def reload(self) -> None:
        self.dashboard = self.ops.read(build_dashboard, None, parent=self)
        if self.dashboard is not None:
            day = self.dashboard.as_of
            self.as_of.setText(f"as at {day:%A} {day.day} {day:%B %Y}")
            for group in self.dashboard.groups:
                red = sum(1 for i in group.items if i.rag == "red")
                self.cards[group.key_question.id].show_group(
                    group.key_question.name, group.rag, red, len(group.items) - red
                )
        self._fill_due()
        names, lines = self.ops.read(views.matrix_view, ([], []), parent=self)
        columns = t.matrix_columns(names)
        self.matrix_model.set_table(columns, lines)
        size_columns(self.matrix, columns)
        self.courses_button.setVisible(not names)
        self.files_model.set_rows(self.ops.read(views.file_lines, [], parent=self))
        self.register_model.set_rows(self.ops.read(views.register_lines, [], parent=self))
        self.ready_model.set_rows(self.ops.read(readiness, [], parent=self))
        self.scope.setText(self.ops.read(views.scope_text, "", parent=self))

    def choose(self, key: str) -> None:
        """Show one key question's items (clicking it again shows them all)."""
        self.selected = None if self.selected == key else key
        for k, card in self.cards.items():
            card.setChecked(k == self.selected)
        self.tabs.setCurrentIndex(0)
        self._fill_due()

    def _fill_due(self) -> None:
        items = [] if self.dashboard is None else self.dashboard.items
        if self.selected is not None:
            items = [i for i in items if i.key_question == self.selected]
        self.due_model.set_rows(items)

    def save_pack(self) -> None:
        """Gather and lay out the pack off the UI thread (ui/app/tasks.py), then show it to print
        or save (dialogs/pdf_preview.py)."""
        start, end = twelve_months_to(clock.today())  # the dashboard's period: one answer

        def make(session: Any, progress: Any, cancelled: Any) -> bytes:
            progress(0, 2, "Gathering twelve months of records…")
            data = evidence_pack.collect(session, start, end)
            if cancelled():
                raise Cancelled()
            progress(1, 2, "Laying out the pages…")
            buf = io.BytesIO()
            evidence_pack.render(data, buf)
            return buf.getvalue()

        self.pack_task = self.ops.start(
            "Preparing the evidence pack",
            make,
            parent=self,
            done=lambda outcome: self._show_pack(outcome.value if outcome.ok else None, end),
        )

    def _show_pack(self, pdf: bytes | None, end: Any) -> None:
        if not pdf:
            return
        self.pack_preview = PdfPreviewDialog(
            pdf, "CQC evidence pack", f"CQC evidence pack {end:%Y-%m-%d}.pdf", self
        )
        self.pack_preview.open()
        self.as_of.setText("Evidence pack ready: print it or save it from its window.")
