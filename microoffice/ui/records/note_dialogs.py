"""Writing a daily note (from a visit or on its own), amending one, and reading its history.

A note is never edited: "Amend" writes a new version with a reason and the original stays in the
history, which this dialog shows the way a paper record shows a line through an error.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.records import notes, views
from microoffice.core.records.forms import now_texts, texts_of, when_from_text
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_instant
from microoffice.ui.app.runner import Ops
from microoffice.ui.records.giver import giver_field
from microoffice.ui.widgets.record_dialog import RecordDialog, when_field
from microoffice.ui.widgets.screen_fit import ScreenDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PROMPT = (
    "What was done; how the person was (mood, wellbeing); food and drink; medicines "
    "(see MAR); any concerns and who you told."
)


class NoteDialog(RecordDialog):
    """A new daily note; from a visit, its time and carer are filled in."""

    def __init__(
        self,
        ops: Ops,
        client_id: int,
        client_name: str,
        visit_id: int | None = None,
        parent: QWidget | None = None,
    ):
        intro = f"Daily note for {client_name}."
        when = now_texts()
        if visit_id is not None:
            visit = ops.read(lambda s: views.visit_times(s, visit_id), None, parent=parent)
            if visit is not None:
                start = clock.to_local(visit.start)
                intro = f"Daily note for {client_name}: visit on {start:%A} {start.day} {start:%B, %H:%M}."
                when = texts_of(visit.end)
        super().__init__(ops, "Write a daily note", intro, "Save note", parent)
        self.setObjectName("noteDialog")
        self.client_id, self.visit_id = client_id, visit_id
        when_field(self.form, "occurred_at", "When the care happened")
        self.form.area("text", "Note", 7, PROMPT)
        self.form.text("late_reason", "If written late, why", "needed more than 24 hours after")
        if visit_id is None:  # from a visit, the carer at the visit gave the care
            giver_field(self.form, ops, "Care given by", parent)
        self.form.set_values({"occurred_at": when})
        self.form.field("text").setFocus()

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        when = when_from_text(c, "occurred_at", *values["occurred_at"])
        c.done()
        data = notes.NoteData(
            client_id=self.client_id,
            text=values["text"],
            occurred_at=when,
            visit_id=self.visit_id,
            staff_id=values.get("staff_id"),
            late_reason=values["late_reason"],
        )
        return notes.write_note(session, data).id


class AmendNoteDialog(RecordDialog):
    def __init__(self, ops: Ops, note: notes.NoteView, parent: QWidget | None = None):
        when = clock.to_local(note.occurred_at)
        intro = (
            f"Amending the note about {format_instant(when)}. The original stays in the record "
            f"with your reason.<br><br><i>{escape(note.text)}</i>"
        )
        super().__init__(ops, "Amend a daily note", intro, "Save amendment", parent)
        self.setObjectName("amendNoteDialog")
        self.note_id = note.id
        self.form.area("text", "Corrected note", 6)
        self.form.text("amend_reason", "Reason for the amendment", "e.g. wrong client, typo")
        self.form.set_values({"text": note.text})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        return notes.amend_note(session, self.note_id, values["text"], values["amend_reason"]).id


class NoteHistoryDialog(ScreenDialog):
    """Every version of a note, oldest first, with who, when and why."""

    def __init__(self, ops: Ops, note_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("History of this note")
        self.setObjectName("noteHistoryDialog")
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        self.view = QTextBrowser(self)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        chain = ops.read(lambda s: notes.note_history(s, note_id), [], parent=parent)
        self.view.setHtml(history_html(chain))


def history_html(chain: list[notes.NoteView]) -> str:
    parts = []
    for i, n in enumerate(chain):
        written = clock.to_local(n.recorded_at)
        head = f"Original (care on {format_instant(n.occurred_at)})" if i == 0 else f"Amendment {i}"
        why = f"<br><b>Reason:</b> {escape(n.amend_reason)}" if n.amend_reason else ""
        style = "color:#6b7280;text-decoration:line-through" if n.superseded_by else ""
        late = f"<br><b>Late entry:</b> {escape(n.late_reason)}" if i == 0 and n.late else ""
        parts.append(
            f"<p><b>{head}</b>, {escape(n.written_by)} on {format_instant(written)}{why}{late}"
            f"<br><span style='{style}'>{escape(n.text)}</span></p>"
        )
    return "".join(parts)
