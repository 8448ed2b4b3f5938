"""Logging a complaint or compliment, and recording each later step of a complaint (Reg 16).

Core checks everything and words the messages; these forms only read the typed text (dates as
dd/mm/yyyy) and hand it over, so a refused form shows its problems at the fields and saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from microoffice.core import clock
from microoffice.core.errors import ValidationError
from microoffice.core.records import complaints
from microoffice.core.records.rules import rule
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.record_dialog import RecordDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")
KINDS = [("complaint", "Complaint"), ("compliment", "Compliment")]


def with_core_problems(c: Checker, call: Callable[[], T]) -> T:
    """Run the core call; its problems join the ones found reading the text, so a person sees
    every problem at once (a date that could not be read keeps its own message)."""
    try:
        result = call()
    except ValidationError as exc:
        for field, message in exc.errors.items():
            c.fail(field, message)
        c.done()
        raise
    c.done()
    return result


class ComplaintDialog(RecordDialog):
    """A new complaint (starts the Reg 16 clock) or compliment about one person's care."""

    def __init__(
        self, ops: Ops, client_id: int, client_name: str, parent: QWidget | None = None
    ) -> None:
        ack, answer = ops.read(
            lambda s: (
                rule("complaint_ack_working_days", s),
                rule("complaint_response_working_days", s),
            ),
            (3, 20),
            parent=parent,
        )
        super().__init__(
            ops,
            "Record a complaint or compliment",
            f"About the care of {client_name}. A complaint must be acknowledged within {ack} "
            f"working days and answered in full within {answer} (your policy); the Records page "
            "shows the dates.",
            "Save",
            parent,
        )
        self.setObjectName("complaintDialog")
        self.client_id = client_id
        f = self.form
        f.combo("kind", "Kind", KINDS)
        f.date("received_on", "Date received")
        f.text("from_name", "From", "their name", max_length=120)
        f.text("relationship", "Relationship", "e.g. daughter, the person themselves", 60)
        f.combo("channel", "How it came in", [(ch, ch.capitalize()) for ch in complaints.CHANNELS])
        f.area("summary", "What they said", 5, "In their words as far as you can")
        f.check(
            "consent_to_share",
            "Sharing",
            "They agree we may quote it (for example in the CQC evidence pack)",
        )
        f.set_values({"received_on": clock.today()})
        f.field("from_name").setFocus()

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        received = c.date_text("received_on", values["received_on"])
        name = " ".join(values["from_name"].split())
        relation = " ".join(values["relationship"].split())
        data = complaints.ComplaintData(
            received_on=received,
            from_name=f"{name} ({relation})" if name and relation else name,
            summary=values["summary"],
            client_id=self.client_id,
            channel=values["channel"],
            consent_to_share=values["consent_to_share"],
        )
        if values["kind"] == "compliment":
            saved = with_core_problems(
                c, lambda: complaints.record_compliment(session, data, self.ops.actor)
            )
        else:
            saved = with_core_problems(
                c, lambda: complaints.receive_complaint(session, data, self.ops.actor)
            )
        return saved.id


# Which fields each step asks for; the rest of the form is hidden.
STEP_FIELDS = {
    "acknowledged": ("on", "text"),
    "investigation": ("on", "text"),
    "note": ("on", "text"),
    "response_sent": ("on", "outcome", "summary", "learning", "ombudsman_told"),
    "escalated": ("on", "to", "reference"),
}


def step_choices(acknowledged: bool, responded: bool) -> list[tuple[str, str]]:
    """Only the steps still open: a complaint is acknowledged once and answered once."""
    steps = [] if acknowledged else [("acknowledged", "Acknowledgement sent")]
    steps += [
        ("investigation", "Investigation step (a finding, meeting or call)"),
        ("note", "Note"),
    ]
    if not responded:
        steps.append(("response_sent", "Full response sent (outcome and learning)"))
    steps.append(("escalated", "Escalated (Ombudsman, council)"))
    return steps


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _facts(session: Session, complaint_id: int) -> tuple[str, date, str, bool, bool]:
    c = complaints.get_complaint(session, complaint_id)
    return c.from_name, c.received_on, c.summary, bool(c.acknowledged_on), bool(c.responded_on)


class ComplaintStepDialog(RecordDialog):
    """The next step on a complaint's timeline; each step is a new, permanent entry."""

    min_width = 640

    def __init__(self, ops: Ops, complaint_id: int, parent: QWidget | None = None) -> None:
        found = ops.read(lambda s: _facts(s, complaint_id), None, parent=parent)
        assert found is not None
        who, received, summary, acknowledged, responded = found
        super().__init__(
            ops,
            "Update a complaint",
            f"Complaint from {escape(who)}, received {format_date(received)}: {escape(_short(summary))}"
            "<br><br>Each step is added to the timeline and cannot be changed later.",
            "Save step",
            parent,
        )
        self.setObjectName("complaintStepDialog")
        self.complaint_id = complaint_id
        f = self.form
        step = f.combo("step", "What happened", step_choices(acknowledged, responded))
        f.date("on", "Date")
        f.area("text", "Details", 3, "e.g. letter sent; what was found; who was spoken to")
        f.combo("outcome", "Outcome", list(complaints.OUTCOMES.items()))
        f.area("summary", "Findings", 4, "What you found and what will change")
        f.area("learning", "What we learned", 2, "Optional; kept as a note on the timeline")
        f.check("ombudsman_told", "Ombudsman", "We told them they can take it to the Ombudsman")
        f.text("to", "Escalated to", "e.g. the Ombudsman, the council")
        f.text("reference", "Their reference", "optional")
        f.set_values({"on": clock.today()})
        assert isinstance(step, QComboBox)
        step.currentIndexChanged.connect(lambda _i: self.show_fields())
        self.show_fields()

    def show_fields(self) -> None:
        wanted = STEP_FIELDS.get(self.form.values()["step"], ())
        for name in self.form.names():
            if name == "step":
                continue
            cell = self.form.field(name).parentWidget()  # the field and its error message
            host = cell.parentWidget() if cell is not None else None
            layout = host.layout() if host is not None else None
            assert cell is not None and isinstance(layout, QFormLayout)
            layout.setRowVisible(cell, name in wanted)
        self.form.clear_errors()
        self.fit_height()

    def fit_height(self) -> None:
        """Take the height the chosen step's rows need, shrinking too: the form's own
        `make_room` only grows, for messages, and rows hidden for another step would otherwise
        leave a gap. Qt under-measures the wrapped intro, so the height is asked for at this
        width."""
        layout = self.layout()
        if layout is None:
            return
        for rows in self.form.findChildren(QFormLayout):
            rows.invalidate()  # its cached row heights predate the rows shown or hidden
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width())
        self.resize(self.width(), max(wanted, self.minimumHeight()))

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        on = c.date_text("on", values["on"])
        if on is None:
            c.fail("on", "Enter the date it happened")
        c.done()
        assert isinstance(on, date)
        step, who, cid = values["step"], self.ops.actor, self.complaint_id
        if step == "acknowledged":
            complaints.acknowledge(session, cid, on, values["text"], who)
        elif step in ("investigation", "note"):
            complaints.add_step(session, cid, step, on, values["text"], who)
        elif step == "escalated":
            complaints.escalate(session, cid, on, values["to"], values["reference"], who)
        else:
            complaints.respond(
                session,
                cid,
                on,
                values["outcome"],
                values["summary"],
                values["ombudsman_told"],
                who,
            )
            if values["learning"].strip():
                learned = "Learning: " + values["learning"].strip()
                complaints.add_step(session, cid, "note", on, learned, who)
        return cid
