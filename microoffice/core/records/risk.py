"""Risk assessments by type, each with a red/amber/green level and a review date (Reg 12).

A reassessment of the same type supersedes the previous one; both stay on file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.records import RiskAssessment
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import add_months, rule
from microoffice.core.services.clients import get_client
from microoffice.core.services.forms import Checker

RISK_KINDS: dict[str, str] = {
    "moving_handling": "Moving and handling",
    "falls": "Falls",
    "environment": "Home environment",
    "medication": "Medication",
    "skin": "Skin integrity",
    "nutrition": "Nutrition and hydration",
    "infection": "Infection",
    "lone_working": "Lone working and security",
    "fire": "Fire safety",
    "condition": "Specific condition (diabetes, epilepsy, catheter...)",
    "other": "Other",
}
RAG_LEVELS: dict[str, str] = {"red": "High", "amber": "Medium", "green": "Low"}


@dataclass
class RiskData:
    kind: str = ""
    rag: str = "green"
    summary: str = ""
    controls: str = ""
    assessed_on: date | None = None
    review_due: date | None = None


@needs(Right.CARE_PLANS)
def record_risk(session: Session, client_id: int, data: RiskData, author: str) -> RiskAssessment:
    """Record an assessment; it supersedes the current one of the same type."""
    get_client(session, client_id)
    c = Checker()
    if data.kind not in RISK_KINDS:
        c.fail("kind", "Choose the type of risk: " + ", ".join(RISK_KINDS.values()))
    if data.rag not in RAG_LEVELS:
        c.fail("rag", "The risk level is red (high), amber (medium) or green (low)")
    summary = c.required("summary", data.summary, "What the risk is")
    if data.rag in ("red", "amber") and not data.controls.strip():
        c.fail("controls", "Say how a red or amber risk is reduced (the controls in place)")
    if data.assessed_on is None:
        c.fail("assessed_on", "Enter the date of the assessment")
    elif data.assessed_on > clock.today():
        c.fail("assessed_on", "The assessment date cannot be in the future")
    if data.review_due and data.assessed_on and data.review_due <= data.assessed_on:
        c.fail("review_due", "The review date must be after the assessment")
    c.done()
    assert data.assessed_on is not None
    previous = current_risks(session, client_id).get(data.kind)
    row = RiskAssessment(
        client_id=client_id,
        kind=data.kind,
        rag=data.rag,
        summary=summary,
        controls=data.controls.strip(),
        assessed_on=data.assessed_on,
        review_due=data.review_due
        or add_months(data.assessed_on, rule("risk_review_months", session)),
        supersedes_id=previous.id if previous else None,
        author=author,
    )
    session.add(row)
    session.flush()
    return row


@needs(Right.SEE_CARE, client="client_id")
def current_risks(session: Session, client_id: int) -> dict[str, RiskAssessment]:
    """The latest assessment of each type for one client."""
    return {
        r.kind: r
        for r in session.scalars(
            select(RiskAssessment)
            .where(RiskAssessment.client_id == client_id)
            .order_by(RiskAssessment.id)
        )
    }


@needs(Right.SEE_CARE)
def latest_risks(session: Session) -> list[RiskAssessment]:
    """The current assessment of every type for every client, in one query."""
    newest = (
        select(func.max(RiskAssessment.id).label("id"))
        .group_by(RiskAssessment.client_id, RiskAssessment.kind)
        .subquery()
    )
    return list(
        session.scalars(select(RiskAssessment).where(RiskAssessment.id.in_(select(newest.c.id))))
    )
