"""Outcome trends and feedback for the CQC evidence pack.

Adds to two quality statements: E5 "Monitoring and improving outcomes" (checks held, people whose
scores improved, goals achieved, each person's trend as an example) and R4 "Listening to and
involving people" (people asked, who answered, comments). The pack's own collector stays as it is;
reports/evidence_pack.py calls `add_outcome_evidence` on what it collected.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core.compliance.evidence import (
    MAX_EXAMPLES,
    Evidence,
    EvidencePackData,
    add_evidence,
    short_name,
)
from microoffice.core.growth.outcomes import Trend, trends_between
from microoffice.core.models.clients import Client
from microoffice.core.models.growth import OutcomeGoal
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date

OUTCOMES = "E5"
LISTENING = "R4"


def _short(session: Session, trends: list[Trend]) -> dict[int, str]:
    ids = [t.client_id for t in trends]
    return {
        cid: short_name(first, last)
        for cid, first, last in session.execute(
            select(Client.id, Client.first_name, Client.last_name).where(Client.id.in_(ids))
        )
    }


@needs(Right.GOVERNANCE)
def outcome_evidence(
    session: Session, start: date, end: date
) -> dict[str, tuple[list[Evidence], list[str]]]:
    """Statement id -> (evidence rows, examples) for the period."""
    trends = [t for t in trends_between(session, start, end) if t.points]
    names = _short(session, trends)
    checks = sum(len(t.points) for t in trends)
    compared = [t for t in trends if len(t.points) >= 2]
    better = sum(1 for t in compared if t.direction == "improving")
    steady = sum(1 for t in compared if t.direction == "steady")
    worse = sum(1 for t in compared if t.direction == "declining")
    achieved = (
        session.scalar(
            select(func.count(OutcomeGoal.id)).where(
                OutcomeGoal.status == "achieved",
                OutcomeGoal.closed_on >= start,
                OutcomeGoal.closed_on <= end,
            )
        )
        or 0
    )
    agreed = (
        session.scalar(
            select(func.count(OutcomeGoal.id)).where(
                OutcomeGoal.agreed_on >= start, OutcomeGoal.agreed_on <= end
            )
        )
        or 0
    )
    e5: list[Evidence] = []
    if checks:
        e5.append(
            Evidence(
                "Outcome checks (quality-of-life scores)",
                checks,
                f"{len(trends)} people; scores 0-3 per area of life",
            )
        )
    if compared:
        e5.append(
            Evidence(
                "People checked more than once: scores improved",
                better,
                f"{steady} steady, {worse} worse (of {len(compared)})",
            )
        )
    if agreed:
        e5.append(Evidence("Outcome goals agreed with the person", agreed))
    if achieved:
        e5.append(Evidence("Outcome goals achieved", achieved))
    e5_examples = [
        replace(t, client_name=names.get(t.client_id, t.client_name)).describe()
        for t in sorted(compared or trends, key=lambda t: -(t.change or 0))[:MAX_EXAMPLES]
    ]
    points = [p for t in trends for p in t.points]
    r4: list[Evidence] = []
    if points:
        r4.append(
            Evidence(
                "People asked how their care and life are going (feedback checks)",
                len(trends),
                f"{sum(1 for p in points if p.share_consent)} of {len(points)} answers may be shared",
            )
        )
    said = [(t, p) for t in trends for p in t.points if p.comments]
    said.sort(key=lambda tp: tp[1].held_on, reverse=True)
    r4_examples = [
        f"{names.get(t.client_id, t.client_name)} ({format_date(p.held_on)}): {p.comments[:140]}"
        for t, p in said[:MAX_EXAMPLES]
    ]
    return {OUTCOMES: (e5, e5_examples), LISTENING: (r4, r4_examples)}


@needs(Right.GOVERNANCE)
def add_outcome_evidence(session: Session, data: EvidencePackData) -> EvidencePackData:
    """The pack with outcome and feedback evidence added under E5 and R4."""
    return add_evidence(data, outcome_evidence(session, data.start, data.end))
