"""The notifications log: what each incident needs, what was sent (when, by whom, reference) and
what a person decided was not needed, with the reason (DOMAIN.md 5.1: decision_not_to_notify).

Sent notifications and decisions are append-only; the status of each requirement is derived.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.governance import NotificationDecision
from microoffice.core.models.records import Incident, NotificationSent
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.incidents import get_incident
from microoffice.core.records.notification_rules import (
    CATALOGUE,
    Due,
    IncidentFacts,
    due_from_catalogue,
    required_notifications,
)
from microoffice.core.records.rules import business_nation
from microoffice.core.services.forms import Checker


@dataclass(frozen=True)
class NotificationState:
    incident_id: int
    due: Due
    status: str  # sent | not_required | pending | overdue
    sent_at: datetime | None
    sent_by: str
    reference: str
    late: bool
    decision_reason: str


def facts_of(incident: Incident, nation: str = "england") -> IncidentFacts:
    return IncidentFacts(
        kind=incident.kind,
        occurred_at=incident.occurred_at,
        aware_at=incident.reported_at,
        harm=incident.severity,
        answers=dict(incident.facts or {}),
        nation=nation,
    )


def _states(
    session: Session,
    incident: Incident,
    sent: list[NotificationSent],
    decisions: list[NotificationDecision],
    nation: str,
    now: datetime,
) -> list[NotificationState]:
    facts = facts_of(incident, nation)
    in_person = min((s.sent_at for s in sent if s.kind == "DOC_IN_PERSON"), default=None)
    dues = {d.code: d for d in required_notifications(facts, session, in_person_at=in_person)}
    latest_decision = {d.code: d for d in sorted(decisions, key=lambda d: d.id)}
    for code, decision in latest_decision.items():
        if decision.required and code not in dues and code in CATALOGUE:
            dues[code] = due_from_catalogue(code, facts, decision.created_at, session)
    first_sent: dict[str, NotificationSent] = {}
    for s in sorted(sent, key=lambda s: s.sent_at):
        first_sent.setdefault(s.kind, s)
    states = []
    for code, due in dues.items():
        row = first_sent.get(code)
        chosen = latest_decision.get(code)
        if row is not None:
            status = "sent"
        elif chosen is not None and not chosen.required:
            status = "not_required"
        elif due.due_at is not None and now > due.due_at:
            status = "overdue"
        else:
            status = "pending"
        states.append(
            NotificationState(
                incident_id=incident.id,
                due=due,
                status=status,
                sent_at=row.sent_at if row else None,
                sent_by=row.sent_by if row else "",
                reference=row.reference if row else "",
                late=bool(row and due.due_at and row.sent_at > due.due_at),
                decision_reason=chosen.reason if chosen else "",
            )
        )
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(states, key=lambda s: (s.due.due_at or far, s.due.code))


@needs(Right.GOVERNANCE)
def notification_status(session: Session, incident_id: int) -> list[NotificationState]:
    incident = get_incident(session, incident_id)
    sent = list(
        session.scalars(select(NotificationSent).where(NotificationSent.incident_id == incident_id))
    )
    decisions = list(
        session.scalars(
            select(NotificationDecision).where(NotificationDecision.incident_id == incident_id)
        )
    )
    return _states(session, incident, sent, decisions, business_nation(session), clock.now())


@needs(Right.GOVERNANCE)
def log_notification(
    session: Session,
    incident_id: int,
    code: str,
    sent_by: str,
    sent_at: datetime | None = None,
    reference: str = "",
    notes: str = "",
) -> NotificationSent:
    """Record that a notification or referral was made: what, when, by whom, their reference."""
    get_incident(session, incident_id)
    c = Checker()
    if code not in CATALOGUE and code != "OTHER":
        c.fail("code", "Choose which notification was sent")
    who = c.required("sent_by", sent_by, "Who sent it")
    when = sent_at or clock.now()
    if when > clock.now() + timedelta(minutes=5):
        c.fail("sent_at", "A notification cannot be sent in the future")
    if code == "OTHER" and not notes.strip():
        c.fail("notes", "Say who was told and how")
    c.done()
    row = NotificationSent(
        incident_id=incident_id,
        kind=code,
        sent_at=when,
        sent_by=who,
        reference=reference.strip(),
        notes=notes.strip(),
    )
    session.add(row)
    session.flush()
    return row


@needs(Right.GOVERNANCE)
def decide_notification(
    session: Session, incident_id: int, code: str, required: bool, reason: str, decided_by: str
) -> NotificationDecision:
    """A person's judgement on a suggested notification, kept with their reason."""
    get_incident(session, incident_id)
    c = Checker()
    if code not in CATALOGUE:
        c.fail("code", "Choose which notification the decision is about")
    why = c.required("reason", reason, "The reason for the decision")
    who = c.required("decided_by", decided_by, "Who made the decision")
    c.done()
    row = NotificationDecision(
        incident_id=incident_id, code=code, required=required, reason=why, decided_by=who
    )
    session.add(row)
    session.flush()
    return row


@needs(Right.GOVERNANCE)
def notifications_sent(session: Session, incident_id: int) -> list[NotificationSent]:
    return list(
        session.scalars(
            select(NotificationSent)
            .where(NotificationSent.incident_id == incident_id)
            .order_by(NotificationSent.sent_at, NotificationSent.id)
        )
    )


@needs(Right.GOVERNANCE)
def open_notifications(session: Session) -> list[NotificationState]:
    """Every pending or overdue notification across open incidents, in three queries."""
    incidents = list(session.scalars(select(Incident).where(Incident.closed_at.is_(None))))
    if not incidents:
        return []
    ids = [i.id for i in incidents]
    sent: dict[int, list[NotificationSent]] = defaultdict(list)
    for s in session.scalars(select(NotificationSent).where(NotificationSent.incident_id.in_(ids))):
        assert s.incident_id is not None
        sent[s.incident_id].append(s)
    decisions: dict[int, list[NotificationDecision]] = defaultdict(list)
    for d in session.scalars(
        select(NotificationDecision).where(NotificationDecision.incident_id.in_(ids))
    ):
        decisions[d.incident_id].append(d)
    nation = business_nation(session)
    now = clock.now()
    out: list[NotificationState] = []
    for incident in incidents:
        states = _states(session, incident, sent[incident.id], decisions[incident.id], nation, now)
        out += [s for s in states if s.status in ("pending", "overdue")]
    return out
