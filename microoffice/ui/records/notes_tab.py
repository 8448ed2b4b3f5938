"""The Daily notes tab: the client's recent visits (write a note from one) and their notes.

Notes are listed newest first, flagged when late or amended; "Amend" and "History" never change
what was written, they add to it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.people.rights import Right
from microoffice.core.records.views import (
    VISIT_DAYS,
    NoteRow,
    VisitRow,
    recent_notes,
    recent_visits,
)
from microoffice.core.vocabulary import format_instant
from microoffice.ui.app.runner import Ops
from microoffice.ui.records.note_dialogs import AmendNoteDialog, NoteDialog, NoteHistoryDialog
from microoffice.ui.records.person_tab import PersonTab
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.table_model import Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

VISIT_COLUMNS: list[Column[VisitRow]] = [
    Column("Visit", lambda r: f"{clock.to_local(r.started):%a %d %b %H:%M}", 190),
    Column("Status", lambda r: r.status, 130),
    Column("Carers", lambda r: r.carers, 200),
    Column("Note", lambda r: "written" if r.noted else "— none yet —", 120),
]
NOTE_COLUMNS: list[Column[NoteRow]] = [
    Column("Care at", lambda r: f"{format_instant(r.occurred_at)}", 130),
    Column("Written", lambda r: f"{format_instant(r.recorded_at)}", 130),
    Column("By", lambda r: r.author, 120),
    Column("Flags", lambda r: r.flags, 150),
    Column("Note", lambda r: r.text, 500),
]


class NotesTab(PersonTab):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(ops, parent)
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        layout.addWidget(split, 1)

        top = QWidget(split)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel(f"Visits in the last {VISIT_DAYS} days", top))
        self.visit_model: RowTableModel[VisitRow] = RowTableModel(VISIT_COLUMNS, parent=self)
        self.visits = self._table(
            self.visit_model,
            VISIT_COLUMNS,
            "Recent visits",
            top,
            f"No visits in the last {VISIT_DAYS} days.",
        )
        top_layout.addWidget(self.visits)
        row = QHBoxLayout()
        self.visit_note_button = push_button(
            self, "Write note for this visit…", self.note_for_visit, row, name="visitNoteButton"
        )
        row.addStretch(1)
        top_layout.addLayout(row)

        bottom = QWidget(split)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(
            QLabel("Daily notes (newest first; never edited, only amended)", bottom)
        )
        self.note_model: RowTableModel[NoteRow] = RowTableModel(NOTE_COLUMNS, parent=self)
        self.notes = self._table(
            self.note_model, NOTE_COLUMNS, "Daily notes", bottom, "No daily notes written lately."
        )
        bottom_layout.addWidget(self.notes)
        row = QHBoxLayout()
        self.new_note_button = push_button(
            self, "Write note…", self.new_note, row, name="newNoteButton"
        )
        self.amend_button = push_button(self, "Amend…", self.amend, row, name="amendButton")
        self.history_button = push_button(self, "History…", self.history, row, name="historyButton")
        row.addStretch(1)
        bottom_layout.addLayout(row)
        split.setSizes([220, 380])
        writes = ops.may(Right.CARE_NOTES)  # a bookkeeper never gets here; a carer writes
        for button in (self.visit_note_button, self.new_note_button, self.amend_button):
            button.setVisible(writes)
        self.visits.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.notes.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self._buttons()

    def _table(
        self,
        model: RowTableModel[Any],
        columns: list[Column[Any]],
        name: str,
        parent: QWidget,
        empty: str,
    ) -> QTableView:
        table = QTableView(parent)
        table.setModel(model)
        configure_table(table, columns, empty=empty)
        table.setAccessibleName(name)
        return table

    def reload(self) -> None:
        cid = self.client_id
        if cid is None:
            self.visit_model.set_rows([])
            self.note_model.set_rows([])
        else:
            self.visit_model.set_rows(
                self.ops.read(lambda s: recent_visits(s, cid), [], parent=self)
            )
            self.note_model.set_rows(self.ops.read(lambda s: recent_notes(s, cid), [], parent=self))
        self._buttons()

    def _buttons(self) -> None:
        visit = selected_row(self.visits, self.visit_model)
        note = selected_row(self.notes, self.note_model)
        self.visit_note_button.setEnabled(visit is not None)
        self.new_note_button.setEnabled(self.client_id is not None)
        self.amend_button.setEnabled(note is not None)
        self.history_button.setEnabled(note is not None)

    def note_for_visit(self) -> None:
        visit = selected_row(self.visits, self.visit_model)
        if visit is not None and self.client_id is not None:
            self.show_dialog(NoteDialog(self.ops, self.client_id, self.client_name, visit.id, self))

    def new_note(self) -> None:
        if self.client_id is not None:
            self.show_dialog(NoteDialog(self.ops, self.client_id, self.client_name, None, self))

    def amend(self) -> None:
        note = selected_row(self.notes, self.note_model)
        if note is not None:
            self.show_dialog(AmendNoteDialog(self.ops, note.view, self))

    def history(self) -> None:
        note = selected_row(self.notes, self.note_model)
        if note is not None:
            self.show_dialog(NoteHistoryDialog(self.ops, note.id, self))
