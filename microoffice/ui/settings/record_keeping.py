"""Settings > Record keeping: whether a visit's note may be just "As planned, nothing to add."

Saved as soon as the box is ticked or cleared (one choice, nothing to type), so it never leaves
unsaved changes behind. Why it is a choice, and off unless the business turns it on, is said
next to it: core/records/quick_notes.py has the reasoning (CQC Regulation 17 records).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from microoffice.core.changes import Changes
from microoffice.core.records import quick_notes
from microoffice.ui.app.runner import Ops

EXPLAIN = (
    "When confirming the day, each visit gets a one-line daily note; a visit is invoiced only "
    "with its note. Ticked, a line left empty is noted “As planned, nothing to add.” The CQC "
    "expects each visit's record to say what care was given and how the person was, written at "
    "the time (Regulation 17: accurate, complete, contemporaneous records). A run of notes that "
    "only say “as planned” tells an inspector nothing about the person, so this is off unless "
    "you choose it for routine visits."
)


class RecordKeepingBox(QGroupBox):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__("Record keeping", parent)
        self.ops = ops
        self.setObjectName("recordKeepingBox")
        layout = QVBoxLayout(self)
        self.as_planned = QCheckBox("Allow “As planned, nothing to add.” as a visit's note", self)
        self.as_planned.setObjectName("asPlannedNotes")
        self.as_planned.setAccessibleName("Allow as planned, nothing to add, as a visit's note")
        layout.addWidget(self.as_planned)
        why = QLabel(EXPLAIN, self)
        why.setObjectName("hint")
        why.setWordWrap(True)
        layout.addWidget(why)
        self.reload()
        self.as_planned.toggled.connect(self.save)
        ops.bus.changed.connect(self._on_changed)

    def reload(self) -> None:
        allowed = self.ops.read(quick_notes.as_planned_allowed, False, parent=self)
        self.as_planned.blockSignals(True)
        self.as_planned.setChecked(allowed)
        self.as_planned.blockSignals(False)

    def save(self, allowed: bool) -> None:
        outcome = self.ops.run(lambda s: quick_notes.allow_as_planned(s, allowed), parent=self)
        if not outcome.ok:
            self.reload()

    def _on_changed(self, changes: Changes) -> None:
        if changes.business:
            self.reload()
