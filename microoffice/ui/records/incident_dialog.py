"""Reporting an incident: what happened, the harm, and the questions that decide who must be told.

The questions change with the kind of incident (DOMAIN.md 5); the answers go to core, which works
out the notifications and their deadlines, shown straight after saving.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.records import incidents
from microoffice.core.records.forms import now_texts, when_from_text
from microoffice.core.records.incident_types import (
    HARM_LEVELS,
    INCIDENT_KINDS,
    SAFEGUARDING_CATEGORIES,
    questions_for,
)
from microoffice.core.services.clients import client_choices
from microoffice.core.services.forms import Checker
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.choices import options
from microoffice.ui.widgets.form import DATE_HINT
from microoffice.ui.widgets.record_dialog import RecordDialog, when_field

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PEOPLE = [("client", "The person we support"), ("staff", "A worker"), ("other", "Someone else")]


class _Question(QLabel):
    """A question beside its tick box, wrapped to the dialog's width (a check box's own text
    never wraps, so long questions were cut off); clicking it ticks the box, as its text would."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Ask for the height the wrapped lines need at this width (the box layout would not)."""
        super().resizeEvent(event)
        self.setMinimumHeight(self.heightForWidth(self.width()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.box.isEnabled():
            self.box.toggle()
        event.accept()


def client_options(session: Session) -> list[tuple[Any, str]]:
    return [(None, "(nobody in particular)"), *options(client_choices(session))]


class IncidentDialog(RecordDialog):
    def __init__(self, ops: Ops, client_id: int | None = None, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Report an incident",
            "Write the facts as soon as you can. microoffice then lists who must be told and by "
            "when (CQC, council safeguarding team, duty of candour, RIDDOR, ICO).",
            "Save incident",
            parent,
        )
        self.setObjectName("incidentDialog")
        self.setMinimumWidth(760)
        outer = self.layout()
        if outer is not None:  # grow as the wrapped questions find their height
            outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        f = self.form
        f.group("What happened")
        f.combo("kind", "Kind", list(INCIDENT_KINDS.items()))
        f.combo("client_id", "Person", ops.read(client_options, [(None, "")], parent=parent))
        when_field(f, "occurred_at", "When it happened")
        when_field(f, "aware_at", "When we found out")
        f.combo("harm", "Harm", list(HARM_LEVELS.items()))
        f.area("description", "What happened", 4, "Facts only: what was seen and heard")
        f.area("immediate_actions", "What was done straight away", 2)
        f.text("location", "Where", "e.g. bathroom at home")
        f.group("Questions")
        f.combo(
            "category",
            "Type of abuse",
            [(None, "(not safeguarding)"), *SAFEGUARDING_CATEGORIES.items()],
        )
        f.combo("person_affected", "Who was affected", PEOPLE)
        self.answers = QGroupBox("Answer what applies", f)
        self._answer_layout = QVBoxLayout(self.answers)
        f._current().addRow(self.answers)  # the questions depend on the kind chosen above
        self.boxes: dict[str, QWidget] = {}
        self._rows: list[QWidget] = []
        now = now_texts()
        f.set_values({"occurred_at": now, "aware_at": now, "client_id": client_id})
        kind = f.field("kind")
        assert isinstance(kind, QComboBox)
        kind.currentIndexChanged.connect(lambda _i: self.show_questions())
        self.show_questions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.form.make_room)

    def show_questions(self) -> None:
        """Rebuild the yes/no and date questions for the chosen kind."""
        for old in self._rows:
            old.deleteLater()
        self.boxes = {}
        self._rows = []
        kind = self.form.values()["kind"]
        for q in questions_for(kind):
            if q.key == "person_affected":
                continue
            widget: QWidget
            row: QWidget
            if q.kind_of_answer == "date":
                edit = QLineEdit(self.answers)
                edit.setPlaceholderText(f"{q.text} ({DATE_HINT})")
                edit.setAccessibleName(q.text)
                widget = row = edit
            else:
                row = QWidget(self.answers)
                box = QCheckBox(row)
                box.setAccessibleName(q.text)
                if q.key == "unexpected":
                    box.setChecked(True)
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
                line.addWidget(_Question(q.text, box, row), 1)
                widget = box
            widget.setObjectName(f"q_{q.key}")
            self._answer_layout.addWidget(row)
            self._rows.append(row)
            self.boxes[q.key] = widget
        QTimer.singleShot(0, self.form.make_room)  # once the questions know their wrapped height

    def answer_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.boxes.items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QLineEdit) and widget.text().strip():
                out[key] = widget.text().strip()
        return out

    def save(self) -> None:
        self._answers = self.answer_values()
        super().save()

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        occurred = when_from_text(c, "occurred_at", *values["occurred_at"])
        aware = when_from_text(c, "aware_at", *values["aware_at"])
        answers = dict(self._answers)
        for key, value in list(answers.items()):
            if isinstance(value, str):
                day = c.date_text(key, value)
                answers[key] = day.isoformat() if isinstance(day, date) else value
        c.done()
        answers["person_affected"] = values["person_affected"]
        if values["category"]:
            answers["category"] = values["category"]
        data = incidents.IncidentData(
            kind=values["kind"],
            description=values["description"],
            occurred_at=occurred,
            aware_at=aware,
            client_id=values["client_id"],
            harm=values["harm"],
            immediate_actions=values["immediate_actions"],
            location=values["location"],
            answers=answers,
        )
        return incidents.record_incident(session, data, self.ops.actor).id
