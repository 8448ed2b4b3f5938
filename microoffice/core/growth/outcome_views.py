"""What the Outcomes tab lists for one person, as frozen rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from microoffice.core.growth.outcomes import Trend, average, checks_for, goals_for, trend
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right


@dataclass(frozen=True)
class GoalRow:
    id: int
    title: str
    measure: str
    agreed_on: date
    status: str
    closed_on: date | None


@dataclass(frozen=True)
class CheckRow:
    id: int
    held_on: date
    average: str
    answered_by: str
    shared: bool
    comments: str


@needs(Right.GOVERNANCE)
def person_view(session: Session, client_id: int) -> tuple[list[GoalRow], list[CheckRow], Trend]:
    """One person's goals, their feedback checks (newest first) and the trend of their scores."""
    goals = [
        GoalRow(g.id, g.title, g.measure, g.agreed_on, g.status, g.closed_on)
        for g in goals_for(session, client_id)
    ]
    checks = [
        CheckRow(
            c.id,
            c.held_on,
            str(average(c.answers) or ""),
            c.answered_by,
            c.share_consent,
            c.comments,
        )
        for c in reversed(checks_for(session, client_id))
    ]
    return goals, checks, trend(session, client_id)
