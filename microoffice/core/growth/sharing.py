"""Outcome results for other eyes: counted for publishing (only people who agreed, no names),
and in full for the person's own subject access request."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.growth.outcomes import (
    ANSWERED_BY,
    GOAL_STATUSES,
    checks_for,
    goals_for,
    trends_between,
)
from microoffice.core.models.growth import FeedbackCheck
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date


@dataclass(frozen=True)
class DomainResult:
    topic: str
    asked: int
    good: int  # answered "Good" or "All right"

    @property
    def percent(self) -> int:
        if not self.asked:
            return 0
        return int(
            (Decimal(100 * self.good) / Decimal(self.asked)).quantize(Decimal(1), ROUND_HALF_UP)
        )


@dataclass(frozen=True)
class SharedResults:
    """What may be published: each consenting person's latest check in the last year, counted."""

    people: int
    domains: tuple[DomainResult, ...]
    not_worse: int  # of those with two or more checks: improving or steady
    compared: int

    def sentences(self) -> list[str]:
        """Progress first (if anyone was checked twice), then the areas of life that go best."""
        if not self.people:
            return []
        out = []
        if self.compared:
            out.append(
                f"{self.not_worse} of {self.compared} people checked more than once are doing "
                "better or as well as when we started"
            )
        out += [
            f"{d.percent}% say {d.topic.lower()} is good or all right"
            for d in sorted(self.domains, key=lambda d: (-d.percent, d.topic))
            if d.asked
        ]
        return out


@needs(Right.GOVERNANCE)
def shared_results(session: Session, on: date | None = None) -> SharedResults:
    """Only people who agreed to share count; no names, only numbers."""
    on = on or clock.today()
    trends = trends_between(session, on - timedelta(days=365), on)
    latest = [t for t in trends if t.points and t.points[-1].share_consent]
    asked: dict[str, int] = defaultdict(int)
    good: dict[str, int] = defaultdict(int)
    topics: dict[str, str] = {}
    for t in latest:
        topics.update(dict(t.domains))
        for key, score in t.points[-1].scores.items():
            asked[key] += 1
            good[key] += 1 if score >= 2 else 0
    compared = [t for t in latest if len(t.points) >= 2]
    not_worse = sum(1 for t in compared if t.direction in ("improving", "steady"))
    return SharedResults(
        len(latest),
        tuple(DomainResult(topics[k], asked[k], good[k]) for k in asked),
        not_worse,
        len(compared),
    )


@needs(Right.GOVERNANCE)
def record_tables(
    session: Session, client_id: int
) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...], tuple[float, ...]]]:
    """Goals and every check (corrected ones included, marked) for a subject access request:
    (title, header, rows, column widths as fractions)."""
    goals = tuple(
        (
            g.title,
            g.measure,
            f"{format_date(g.agreed_on)}",
            GOAL_STATUSES.get(g.status, g.status),
            format_date(g.closed_on),
        )
        for g in goals_for(session, client_id)
    )
    standing = {c.id for c in checks_for(session, client_id)}
    checks = []
    for chk in session.scalars(
        select(FeedbackCheck)
        .where(FeedbackCheck.client_id == client_id)
        .order_by(FeedbackCheck.held_on, FeedbackCheck.id)
    ):
        asked = {q["key"]: q["domain"] for q in chk.questions}
        answers = "; ".join(f"{asked.get(k, k)} {v}" for k, v in chk.answers.items())
        note = "" if chk.id in standing else " (corrected by a later check)"
        checks.append(
            (
                f"{format_date(chk.held_on)}{note}",
                answers,
                ANSWERED_BY.get(chk.answered_by, chk.answered_by),
                "yes" if chk.share_consent else "no",
                chk.comments,
            )
        )
    return [
        (
            "Outcome goals",
            ("Goal", "How we will know", "Agreed", "Status", "Closed"),
            goals,
            (0.28, 0.3, 0.12, 0.18, 0.12),
        ),
        (
            "Feedback checks (scores 0-3)",
            ("Date", "Answers", "Answered by", "May share", "Comments"),
            tuple(checks),
            (0.14, 0.4, 0.14, 0.08, 0.24),
        ),
    ]
