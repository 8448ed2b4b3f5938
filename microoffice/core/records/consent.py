"""Consent and Mental Capacity Act records (Reg 11): decision-specific, never overwritten.

Capacity is assumed unless assessed otherwise; a "lacks capacity" finding must show the two-stage
test and who assessed, and a best-interests decision who was consulted. A later record about the
same decision supersedes the earlier one, which stays on file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.governance import ConsentRecord
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.clients import get_client
from microoffice.core.services.forms import Checker

CONSENT_KINDS: dict[str, str] = {
    "consent": "Consent",
    "capacity": "Mental capacity assessment",
    "best_interests": "Best-interests decision",
}
OUTCOMES: dict[str, dict[str, str]] = {
    "consent": {"consented": "Consented", "declined": "Declined", "withdrawn": "Withdrawn"},
    "capacity": {"has_capacity": "Has capacity", "lacks_capacity": "Lacks capacity"},
    "best_interests": {"decided": "Decision made in best interests"},
}


@dataclass
class ConsentData:
    kind: str = "consent"
    decision: str = ""
    outcome: str = ""
    given_by: str = ""
    authority: str = ""
    assessed_by: str = ""
    recorded_on: date | None = None
    review_due: date | None = None
    details: str = ""


@needs(Right.CARE_PLANS)
def record_consent(
    session: Session, client_id: int, data: ConsentData, author: str
) -> ConsentRecord:
    get_client(session, client_id)
    c = Checker()
    if data.kind not in CONSENT_KINDS:
        c.fail("kind", "Choose consent, mental capacity assessment or best-interests decision")
    decision = c.required("decision", data.decision, "What the decision is about")
    allowed = OUTCOMES.get(data.kind, {})
    if data.kind in CONSENT_KINDS and data.outcome not in allowed:
        c.fail("outcome", "Choose one of: " + ", ".join(allowed.values()))
    if data.kind == "consent" and not data.given_by.strip():
        c.fail("given_by", "Say who gave or declined consent (the person, or who has authority)")
    if data.kind == "capacity":
        if not data.assessed_by.strip():
            c.fail("assessed_by", "Say who assessed capacity")
        if data.outcome == "lacks_capacity" and len(data.details.strip()) < 20:
            c.fail(
                "details",
                "Record the two-stage test: the impairment, and which of understand, retain, "
                "weigh up or communicate the person could not do, even with support",
            )
    if data.kind == "best_interests" and len(data.details.strip()) < 20:
        c.fail("details", "Record who was consulted, the options considered and why this one")
    if data.recorded_on is None:
        c.fail("recorded_on", "Enter the date")
    elif data.recorded_on > clock.today():
        c.fail("recorded_on", "The date cannot be in the future")
    c.done()
    assert data.recorded_on is not None
    previous = session.scalar(
        select(ConsentRecord)
        .where(
            ConsentRecord.client_id == client_id,
            ConsentRecord.kind == data.kind,
            ConsentRecord.decision == decision,
        )
        .order_by(ConsentRecord.id.desc())
        .limit(1)
    )
    row = ConsentRecord(
        client_id=client_id,
        kind=data.kind,
        decision=decision,
        outcome=data.outcome,
        given_by=data.given_by.strip(),
        authority=data.authority.strip(),
        assessed_by=data.assessed_by.strip(),
        recorded_on=data.recorded_on,
        review_due=data.review_due,
        details=data.details.strip(),
        supersedes_id=previous.id if previous else None,
        author=author,
    )
    session.add(row)
    session.flush()
    return row


@needs(Right.SEE_CARE, client="client_id")
def consent_history(session: Session, client_id: int) -> list[ConsentRecord]:
    return list(
        session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.client_id == client_id)
            .order_by(ConsentRecord.recorded_on.desc(), ConsentRecord.id.desc())
        )
    )


@needs(Right.SEE_CARE)
def clients_with_consent(session: Session) -> set[int]:
    return set(
        session.scalars(
            select(ConsentRecord.client_id).where(ConsentRecord.kind == "consent").distinct()
        )
    )
