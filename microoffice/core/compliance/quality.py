"""Feedback surveys, audits, governance meetings and speak-up entries, with their actions.

Reg 17 asks the provider to seek feedback and to assess, monitor and improve; inspectors look for
"you said, we did": findings that became actions with owners and dates, and evidence they closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance.statements import artefact_tags, statements
from microoffice.core.errors import NotFoundError
from microoffice.core.models.governance import QualityAction, QualityReview
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.forms import Checker

REVIEW_KINDS = {
    "client_survey": "Client feedback survey",
    "family_survey": "Family feedback survey",
    "staff_survey": "Staff survey",
    "professional_survey": "Professionals' feedback",
    "audit": "Audit",
    "mar_audit": "MAR / medicines audit",
    "care_plan_audit": "Care plan audit",
    "ipc_audit": "Infection control audit",
    "governance_meeting": "Governance meeting",
    "speak_up": "Speak-up / whistleblowing concern",
    "partnership": "Partnership or community work",
    "equality_monitoring": "Equality monitoring",
    "sustainability": "Environmental sustainability",
}
SURVEY_KINDS = frozenset({"client_survey", "family_survey"})


@dataclass
class ReviewData:
    kind: str = "audit"
    title: str = ""
    held_on: date | None = None
    participants: int | None = None
    summary: str = ""
    findings: str = ""
    statement_ids: list[str] = field(default_factory=list)


@needs(Right.GOVERNANCE)
def record_review(session: Session, data: ReviewData, author: str) -> QualityReview:
    c = Checker()
    if data.kind not in REVIEW_KINDS:
        c.fail("kind", "Choose the kind of review")
    title = c.required("title", data.title, "A title")
    if data.held_on is None:
        c.fail("held_on", "Enter the date")
    elif data.held_on > clock.today():
        c.fail("held_on", "The date cannot be in the future")
    if data.participants is not None and data.participants < 0:
        c.fail("participants", "The number of people cannot be negative")
    known = {s.id for s in statements()}
    bad = [s for s in data.statement_ids if s not in known]
    if bad:
        c.fail("statement_ids", f"Unknown quality statement(s): {', '.join(bad)}")
    c.done()
    assert data.held_on is not None
    tags = sorted(set(artefact_tags(data.kind)) | set(data.statement_ids))
    review = QualityReview(
        kind=data.kind,
        title=title,
        held_on=data.held_on,
        participants=data.participants,
        summary=data.summary.strip(),
        findings=data.findings.strip(),
        statement_ids=tags,
        author=author,
    )
    session.add(review)
    session.flush()
    return review


@needs(Right.GOVERNANCE)
def add_action(
    session: Session,
    description: str,
    owner: str,
    due_on: date | None,
    review_id: int | None = None,
    incident_id: int | None = None,
) -> QualityAction:
    c = Checker()
    text = c.required("description", description, "What will be done")
    who = c.required("owner", owner, "Who will do it")
    if due_on is None:
        c.fail("due_on", "Set a date it must be done by")
    if review_id is None and incident_id is None:
        c.fail("review_id", "Attach the action to an audit, survey or incident")
    c.done()
    if review_id is not None and session.get(QualityReview, review_id) is None:
        raise NotFoundError(f"There is no audit or survey {review_id}.")
    action = QualityAction(
        review_id=review_id, incident_id=incident_id, description=text, owner=who, due_on=due_on
    )
    session.add(action)
    session.flush()
    return action


@needs(Right.GOVERNANCE)
def complete_action(session: Session, action_id: int, done_on: date, outcome: str) -> QualityAction:
    action = session.get(QualityAction, action_id)
    if action is None:
        raise NotFoundError(f"There is no action {action_id}.")
    c = Checker()
    result = c.required("outcome", outcome, "What was done (the evidence it is closed)")
    if done_on > clock.today():
        c.fail("done_on", "The date cannot be in the future")
    c.done()
    action.done_on = done_on
    action.outcome = result
    session.flush()
    return action


@needs(Right.GOVERNANCE)
def open_actions(session: Session) -> list[QualityAction]:
    return list(
        session.scalars(
            select(QualityAction)
            .where(QualityAction.done_on.is_(None))
            .order_by(QualityAction.due_on, QualityAction.id)
        )
    )


@needs(Right.GOVERNANCE)
def last_survey(session: Session) -> date | None:
    value: date | None = session.scalar(
        select(func.max(QualityReview.held_on)).where(QualityReview.kind.in_(SURVEY_KINDS))
    )
    return value


@needs(Right.GOVERNANCE)
def list_reviews(
    session: Session, start: date | None = None, end: date | None = None
) -> list[QualityReview]:
    stmt = select(QualityReview).order_by(QualityReview.held_on.desc(), QualityReview.id.desc())
    if start is not None:
        stmt = stmt.where(QualityReview.held_on >= start)
    if end is not None:
        stmt = stmt.where(QualityReview.held_on <= end)
    return list(session.scalars(stmt))
