"""Outcome goals and feedback checks: what each person wants from their care, and whether life is
getting better, scored at each check and shown as a trend.

Goals hang off the care plan in force when they were agreed (its "Outcomes I want" section says
what matters; a goal makes one of those wishes trackable). Checks are append-only; a correction is
a newer check that supersedes the wrong one, and trends read only the checks still standing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ConflictError, NotFoundError
from microoffice.core.growth.survey import GOAL_PROGRESS, MAX_SCORE, current_template, questions_of
from microoffice.core.models.clients import Client
from microoffice.core.models.growth import FeedbackCheck, OutcomeGoal
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.careplans import current_plan
from microoffice.core.services.clients import check_version, get_client
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import display_name, format_date

GOAL_STATUSES = {"active": "Working on it", "achieved": "Achieved", "stopped": "No longer wanted"}
ANSWERED_BY = {
    "person": "The person",
    "with_help": "The person, with help",
    "representative": "Family member or representative",
}
TREND_STEP = Decimal("0.25")  # a change in the average score smaller than this is "steady"
TREND_WORDS = {
    "improving": "improving",
    "steady": "steady",
    "declining": "getting worse",
    "too_early": "one check so far",
}


@dataclass
class GoalData:
    title: str = ""
    measure: str = ""
    agreed_on: date | None = None


@needs(Right.GOVERNANCE)
def add_goal(session: Session, client_id: int, data: GoalData) -> OutcomeGoal:
    get_client(session, client_id)
    c = Checker()
    title = c.required("title", data.title, "What the person wants to achieve")
    if data.agreed_on is None:
        c.fail("agreed_on", "Enter the date the goal was agreed")
    elif data.agreed_on > clock.today():
        c.fail("agreed_on", "The date cannot be in the future")
    c.done()
    assert data.agreed_on is not None
    plan = current_plan(session, client_id)
    goal = OutcomeGoal(
        client_id=client_id,
        care_plan_id=plan.id if plan else None,
        title=title,
        measure=data.measure.strip(),
        agreed_on=data.agreed_on,
        status="active",
    )
    session.add(goal)
    session.flush()
    return goal


@needs(Right.GOVERNANCE)
def get_goal(session: Session, goal_id: int) -> OutcomeGoal:
    goal = session.get(OutcomeGoal, goal_id)
    if goal is None:
        raise NotFoundError(f"There is no goal {goal_id}.")
    return goal


@needs(Right.GOVERNANCE)
def close_goal(
    session: Session,
    goal_id: int,
    status: str,
    on: date,
    notes: str = "",
    expected_version: int | None = None,
) -> OutcomeGoal:
    """Mark a goal achieved or no longer wanted (the audit log keeps the earlier state)."""
    goal = get_goal(session, goal_id)
    check_version(goal, expected_version)
    c = Checker()
    if status not in ("achieved", "stopped"):
        c.fail("status", "A goal is closed as achieved or no longer wanted")
    if on > clock.today():
        c.fail("closed_on", "The date cannot be in the future")
    elif on < goal.agreed_on:
        c.fail("closed_on", "The goal cannot close before it was agreed")
    c.done()
    goal.status, goal.closed_on, goal.notes = status, on, notes.strip()
    session.flush()
    return goal


@needs(Right.GOVERNANCE)
def goals_for(session: Session, client_id: int) -> list[OutcomeGoal]:
    """Open goals first, then the closed ones, each oldest first."""
    rows = session.scalars(
        select(OutcomeGoal)
        .where(OutcomeGoal.client_id == client_id)
        .order_by(OutcomeGoal.agreed_on, OutcomeGoal.id)
    )
    return sorted(rows, key=lambda g: g.status != "active")


@dataclass
class CheckData:
    held_on: date | None = None
    answers: dict[str, int | None] = field(default_factory=dict)  # question key -> 0..3 or None
    goal_progress: dict[int, int | None] = field(default_factory=dict)
    answered_by: str = "person"
    comments: str = ""
    share_consent: bool = False


@needs(Right.GOVERNANCE)
def record_check(
    session: Session,
    client_id: int,
    data: CheckData,
    author: str,
    supersedes_id: int | None = None,
) -> FeedbackCheck:
    """Write a check with the current template's questions; unanswered questions are left out."""
    get_client(session, client_id)
    template = current_template(session)
    questions = questions_of(template)
    keys = {q.key for q in questions}
    c = Checker()
    if data.held_on is None:
        c.fail("held_on", "Enter the date of the check")
    elif data.held_on > clock.today():
        c.fail("held_on", "The date cannot be in the future")
    if data.answered_by not in ANSWERED_BY:
        c.fail("answered_by", "Say who answered")
    answers: dict[str, int] = {}
    for key, score in data.answers.items():
        if key not in keys:
            c.fail(key, "This question is not in the current check")
        elif score is not None:
            if not 0 <= score <= MAX_SCORE:
                c.fail(key, f"Scores run from 0 to {MAX_SCORE}")
            answers[key] = score
    if not answers:
        c.fail("answers", "Record an answer to at least one question")
    goals = {g.id: g for g in goals_for(session, client_id)}
    progress: dict[str, int] = {}
    for goal_id, score in data.goal_progress.items():
        if goal_id not in goals:
            c.fail("goal_progress", "That goal belongs to someone else")
        elif score is not None:
            if score not in GOAL_PROGRESS:
                c.fail("goal_progress", "Choose how far the goal has got")
            progress[str(goal_id)] = score
    if data.share_consent and data.answered_by == "representative":
        c.fail("share_consent", "Only the person themselves can agree to share their answers")
    c.done()
    check = FeedbackCheck(
        client_id=client_id,
        template_id=template.id,
        held_on=data.held_on,
        questions=[q.as_dict() for q in questions],
        answers=answers,
        goal_progress=progress,
        answered_by=data.answered_by,
        comments=data.comments.strip(),
        share_consent=data.share_consent,
        supersedes_id=supersedes_id,
        author=author,
    )
    session.add(check)
    session.flush()
    return check


@needs(Right.GOVERNANCE)
def correct_check(session: Session, check_id: int, data: CheckData, author: str) -> FeedbackCheck:
    """A newer check replaces a wrong one; the wrong one stays on file, marked superseded."""
    old = session.get(FeedbackCheck, check_id)
    if old is None:
        raise NotFoundError(f"There is no feedback check {check_id}.")
    if check_id in _superseded(session, old.client_id):
        raise ConflictError("This check has already been corrected; correct the newer one.")
    return record_check(session, old.client_id, data, author, supersedes_id=check_id)


def _superseded(session: Session, client_id: int | None = None) -> set[int]:
    stmt = select(FeedbackCheck.supersedes_id).where(FeedbackCheck.supersedes_id.is_not(None))
    if client_id is not None:
        stmt = stmt.where(FeedbackCheck.client_id == client_id)
    return {i for i in session.scalars(stmt) if i is not None}


@needs(Right.GOVERNANCE)
def checks_for(session: Session, client_id: int) -> list[FeedbackCheck]:
    """The checks still standing (not superseded), oldest first."""
    gone = _superseded(session, client_id)
    rows = session.scalars(
        select(FeedbackCheck)
        .where(FeedbackCheck.client_id == client_id)
        .order_by(FeedbackCheck.held_on, FeedbackCheck.id)
    )
    return [r for r in rows if r.id not in gone]


def average(scores: dict[str, int]) -> Decimal | None:
    """Mean score 0-3 to two places (half up); None when nothing was answered."""
    if not scores:
        return None
    mean = Decimal(sum(scores.values())) / Decimal(len(scores))
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CheckPoint:
    check_id: int
    held_on: date
    average: Decimal
    scores: dict[str, int]
    share_consent: bool
    comments: str


@dataclass(frozen=True)
class Trend:
    client_id: int
    client_name: str
    points: tuple[CheckPoint, ...]
    domains: tuple[tuple[str, str], ...]  # (key, topic) in the order first asked

    @property
    def change(self) -> Decimal | None:
        if len(self.points) < 2:
            return None
        return self.points[-1].average - self.points[0].average

    @property
    def direction(self) -> str:
        change = self.change
        if change is None:
            return "too_early"
        if change >= TREND_STEP:
            return "improving"
        if change <= -TREND_STEP:
            return "declining"
        return "steady"

    def series(self, key: str) -> list[tuple[date, int | None]]:
        return [(p.held_on, p.scores.get(key)) for p in self.points]

    def describe(self) -> str:
        if not self.points:
            return f"{self.client_name}: no checks yet"
        first, last = self.points[0], self.points[-1]
        if len(self.points) == 1:
            return f"{self.client_name}: {last.average} out of {MAX_SCORE} ({format_date(first.held_on)})"
        return (
            f"{self.client_name}: {first.average} to {last.average} out of {MAX_SCORE} over "
            f"{len(self.points)} checks ({first.held_on:%m/%Y} to {last.held_on:%m/%Y}), "
            f"{TREND_WORDS[self.direction]}"
        )


def _trend(client_id: int, name: str, checks: list[FeedbackCheck]) -> Trend:
    domains: dict[str, str] = {}
    points = []
    for chk in checks:
        for q in chk.questions:
            domains.setdefault(q["key"], q["domain"])
        mean = average(chk.answers)
        if mean is None:
            continue
        points.append(
            CheckPoint(
                chk.id, chk.held_on, mean, dict(chk.answers), chk.share_consent, chk.comments
            )
        )
    return Trend(client_id, name, tuple(points), tuple(domains.items()))


@needs(Right.GOVERNANCE)
def trend(session: Session, client_id: int) -> Trend:
    client = get_client(session, client_id)
    return _trend(client_id, client.display_name, checks_for(session, client_id))


@needs(Right.GOVERNANCE)
def trends_between(session: Session, start: date, end: date) -> list[Trend]:
    """Every person with a check in the period, their checks in the period, in name order."""
    gone = _superseded(session)
    by_client: dict[int, list[FeedbackCheck]] = defaultdict(list)
    for chk in session.scalars(
        select(FeedbackCheck)
        .where(FeedbackCheck.held_on >= start, FeedbackCheck.held_on <= end)
        .order_by(FeedbackCheck.held_on, FeedbackCheck.id)
    ):
        if chk.id not in gone:
            by_client[chk.client_id].append(chk)
    names = {
        cid: display_name(first, pref, last)
        for cid, first, pref, last in session.execute(
            select(Client.id, Client.first_name, Client.preferred_name, Client.last_name).where(
                Client.id.in_(list(by_client))
            )
        )
    }
    out = [_trend(cid, names.get(cid, "?"), rows) for cid, rows in by_client.items()]
    return sorted(out, key=lambda t: t.client_name)
