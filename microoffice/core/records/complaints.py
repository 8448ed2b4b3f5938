"""Complaints with the Reg 16 timeline, and compliments (DOMAIN.md 3, Reg 16; 4.3 R4).

Each step is an append-only entry (received, acknowledged, investigation, response, escalation),
so the file shows what was done and when. Acknowledgement and response targets are policy defaults
in working days (record_rules.json). A response must tell the person they can take the complaint to
the Local Government and Social Care Ombudsman if they are not satisfied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ConflictError, NotFoundError
from microoffice.core.models.governance import ComplaintEntry
from microoffice.core.models.records import Complaint
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import add_working_days, business_nation, rule
from microoffice.core.services.clients import get_client
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

OMBUDSMAN = (
    "If you are not satisfied with our response you can ask the Local Government and Social Care "
    "Ombudsman to look at your complaint: www.lgo.org.uk."
)
STEPS = {
    "received": "Received",
    "acknowledged": "Acknowledged",
    "investigation": "Investigation",
    "note": "Note",
    "response_sent": "Response sent",
    "escalated": "Escalated",
}
OUTCOMES = {"upheld": "Upheld", "partly_upheld": "Partly upheld", "not_upheld": "Not upheld"}
CHANNELS = ("phone", "letter", "email", "in person", "via council", "other")


@dataclass
class ComplaintData:
    received_on: date | None = None
    from_name: str = ""
    summary: str = ""
    client_id: int | None = None
    channel: str = "phone"
    consent_to_share: bool = False


def _check(session: Session, data: ComplaintData, what: str) -> Checker:
    c = Checker()
    if data.received_on is None:
        c.fail("received_on", "Enter the date it was received")
    elif data.received_on > clock.today():
        c.fail("received_on", "The date received cannot be in the future")
    c.required("from_name", data.from_name, "Who it is from")
    c.required("summary", data.summary, what)
    if data.client_id is not None:
        get_client(session, data.client_id)
    return c


def _entry(
    session: Session, complaint_id: int, step: str, on: date, text: str, author: str
) -> ComplaintEntry:
    entry = ComplaintEntry(
        complaint_id=complaint_id, step=step, happened_on=on, text=text, author=author
    )
    session.add(entry)
    session.flush()
    return entry


def is_overdue(due_on: date | None, done_on: date | None, today: date) -> bool:
    """A step is overdue once the day after its due date has come and it is still not done.

    The one rule for the complaint timeline, the Records tab and the application pack.
    """
    return done_on is None and due_on is not None and due_on < today


def response_overdue(complaint: Complaint, today: date) -> bool:
    """A complaint still waiting for its full response after the response date."""
    return complaint.kind == "complaint" and is_overdue(
        complaint.response_due, complaint.responded_on, today
    )


def answered_on_time(complaint: Complaint) -> bool:
    """Answered on or before the response date (the Reg 16 target)."""
    return (
        complaint.responded_on is not None
        and complaint.response_due is not None
        and complaint.responded_on <= complaint.response_due
    )


@needs(Right.GOVERNANCE)
def ack_due(session: Session, complaint: Complaint) -> date:
    days = rule("complaint_ack_working_days", session)
    return add_working_days(complaint.received_on, days, business_nation(session), session)


@needs(Right.GOVERNANCE)
def receive_complaint(session: Session, data: ComplaintData, author: str) -> Complaint:
    c = _check(session, data, "What the complaint is about")
    if data.channel not in CHANNELS:
        c.fail("channel", "How it arrived: " + ", ".join(CHANNELS))
    c.done()
    assert data.received_on is not None
    days = rule("complaint_response_working_days", session)
    complaint = Complaint(
        client_id=data.client_id,
        kind="complaint",
        received_on=data.received_on,
        from_name=" ".join(data.from_name.split()),
        summary=data.summary.strip(),
        response_due=add_working_days(data.received_on, days, business_nation(session), session),
        consent_to_share=data.consent_to_share,
    )
    session.add(complaint)
    session.flush()
    _entry(
        session, complaint.id, "received", data.received_on, f"Received by {data.channel}.", author
    )
    return complaint


@needs(Right.GOVERNANCE)
def record_compliment(session: Session, data: ComplaintData, author: str) -> Complaint:
    c = _check(session, data, "What they said")
    c.done()
    assert data.received_on is not None
    compliment = Complaint(
        client_id=data.client_id,
        kind="compliment",
        received_on=data.received_on,
        from_name=" ".join(data.from_name.split()),
        summary=data.summary.strip(),
        consent_to_share=data.consent_to_share,
    )
    session.add(compliment)
    session.flush()
    _entry(
        session,
        compliment.id,
        "received",
        data.received_on,
        f"Compliment via {data.channel}.",
        author,
    )
    return compliment


@needs(Right.GOVERNANCE)
def get_complaint(session: Session, complaint_id: int) -> Complaint:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None or complaint.kind != "complaint":
        raise NotFoundError(f"There is no complaint {complaint_id}.")
    return complaint


def _date_ok(c: Checker, complaint: Complaint, on: date) -> None:
    if on > clock.today():
        c.fail("on", "The date cannot be in the future")
    if on < complaint.received_on:
        c.fail("on", "The date is before the complaint was received")


@needs(Right.GOVERNANCE)
def acknowledge(session: Session, complaint_id: int, on: date, text: str, author: str) -> Complaint:
    complaint = get_complaint(session, complaint_id)
    if complaint.acknowledged_on is not None:
        raise ConflictError(
            f"This complaint was already acknowledged on {format_date(complaint.acknowledged_on)}."
        )
    c = Checker()
    _date_ok(c, complaint, on)
    c.done()
    complaint.acknowledged_on = on
    session.flush()
    _entry(session, complaint.id, "acknowledged", on, text.strip() or "Acknowledged.", author)
    return complaint


@needs(Right.GOVERNANCE)
def add_step(
    session: Session, complaint_id: int, step: str, on: date, text: str, author: str
) -> ComplaintEntry:
    """An investigation finding, a meeting, a phone call: anything done on the complaint."""
    complaint = get_complaint(session, complaint_id)
    c = Checker()
    if step not in ("investigation", "note"):
        c.fail(
            "step", "Add an investigation step or a note; use respond or escalate for those steps"
        )
    body = c.required("text", text, "What was done or found")
    _date_ok(c, complaint, on)
    c.done()
    return _entry(session, complaint.id, step, on, body, author)


@needs(Right.GOVERNANCE)
def respond(
    session: Session,
    complaint_id: int,
    on: date,
    outcome: str,
    summary: str,
    ombudsman_told: bool,
    author: str,
) -> Complaint:
    """Send the full response: outcome, what will change, and the right to go to the Ombudsman."""
    complaint = get_complaint(session, complaint_id)
    if complaint.responded_on is not None:
        raise ConflictError(
            f"A response was already sent on {format_date(complaint.responded_on)}."
        )
    c = Checker()
    _date_ok(c, complaint, on)
    if outcome not in OUTCOMES:
        c.fail("outcome", "Was the complaint upheld, partly upheld or not upheld?")
    body = c.required("summary", summary, "What you found and what will change")
    if not ombudsman_told:
        c.fail(
            "ombudsman_told",
            "The response must tell them they can go to the Local Government and Social Care "
            "Ombudsman if they are not satisfied",
        )
    c.done()
    if complaint.acknowledged_on is None:
        complaint.acknowledged_on = on
    complaint.responded_on = on
    complaint.outcome = f"{OUTCOMES[outcome]}: {body}"
    session.flush()
    _entry(
        session,
        complaint.id,
        "response_sent",
        on,
        f"{OUTCOMES[outcome]}. {body}\n{OMBUDSMAN}",
        author,
    )
    return complaint


@needs(Right.GOVERNANCE)
def escalate(
    session: Session, complaint_id: int, on: date, to: str, reference: str, author: str
) -> ComplaintEntry:
    complaint = get_complaint(session, complaint_id)
    c = Checker()
    _date_ok(c, complaint, on)
    body = c.required("to", to, "Who it was escalated to (e.g. the Ombudsman, the council)")
    c.done()
    text = f"Escalated to {body}" + (
        f", reference {reference.strip()}" if reference.strip() else ""
    )
    return _entry(session, complaint.id, "escalated", on, text + ".", author)


@dataclass(frozen=True)
class TimelineStep:
    step: str
    label: str
    due_on: date | None
    done_on: date | None
    text: str
    author: str

    @property
    def overdue(self) -> bool:
        return is_overdue(self.due_on, self.done_on, clock.today())


@needs(Right.GOVERNANCE)
def timeline(session: Session, complaint_id: int) -> list[TimelineStep]:
    """The Reg 16 timeline: what happened, plus the next steps still due with their dates."""
    complaint = get_complaint(session, complaint_id)
    entries = list(
        session.scalars(
            select(ComplaintEntry)
            .where(ComplaintEntry.complaint_id == complaint_id)
            .order_by(ComplaintEntry.happened_on, ComplaintEntry.id)
        )
    )
    steps = [
        TimelineStep(e.step, STEPS.get(e.step, e.step), None, e.happened_on, e.text, e.author)
        for e in entries
    ]
    if complaint.acknowledged_on is None:
        steps.append(
            TimelineStep("acknowledged", "Acknowledge", ack_due(session, complaint), None, "", "")
        )
    if complaint.responded_on is None:
        steps.append(
            TimelineStep("response_sent", "Full response", complaint.response_due, None, "", "")
        )
    return steps


@needs(Right.GOVERNANCE)
def entries_for(session: Session, complaint_id: int) -> list[ComplaintEntry]:
    return list(
        session.scalars(
            select(ComplaintEntry)
            .where(ComplaintEntry.complaint_id == complaint_id)
            .order_by(ComplaintEntry.id)
        )
    )


@needs(Right.GOVERNANCE)
def open_complaints(session: Session) -> list[Complaint]:
    return list(
        session.scalars(
            select(Complaint)
            .where(Complaint.kind == "complaint", Complaint.responded_on.is_(None))
            .order_by(Complaint.received_on)
        )
    )
