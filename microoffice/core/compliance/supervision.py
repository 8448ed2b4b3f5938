"""Supervision, spot checks and appraisals: when each is due for each worker, and the records.

Reg 18 requires them but sets no frequency; the defaults (3, 3 and 12 months) are COMMON practice
and live in record_rules.json. A planned session (due_on set) overrides the computed date; the
owner of a sole-trader business is not supervised by themselves, so owners are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance.training import active_staff
from microoffice.core.models.staff import Supervision
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import add_months, rule
from microoffice.core.services.forms import Checker
from microoffice.core.services.staff import get_staff

KINDS = {"supervision": "Supervision", "spot_check": "Spot check", "appraisal": "Appraisal"}
FREQUENCY_RULE = {
    "supervision": "supervision_months",
    "spot_check": "spot_check_months",
    "appraisal": "appraisal_months",
}
NOT_SUPERVISED = frozenset({"owner"})


def _check_kind(c: Checker, kind: str) -> None:
    if kind not in KINDS:
        c.fail("kind", "Choose supervision, spot check or appraisal")


@needs(Right.STAFF)
def record_session(
    session: Session,
    staff_id: int,
    kind: str,
    held_on: date,
    notes: str,
    by_staff_id: int | None = None,
) -> Supervision:
    """Record a session that took place; it fills in the earliest planned one of that kind."""
    get_staff(session, staff_id)
    c = Checker()
    _check_kind(c, kind)
    if held_on > clock.today():
        c.fail("held_on", "A session cannot be recorded before it happens")
    text = c.required("notes", notes, "What was discussed or observed, and actions agreed")
    if by_staff_id == staff_id:
        c.fail("by_staff_id", "Someone cannot supervise themselves")
    c.done()
    planned = session.scalar(
        select(Supervision)
        .where(
            Supervision.staff_id == staff_id,
            Supervision.kind == kind,
            Supervision.held_on.is_(None),
        )
        .order_by(Supervision.due_on)
        .limit(1)
    )
    row = planned or Supervision(staff_id=staff_id, kind=kind)
    row.held_on = held_on
    row.notes = text
    row.by_staff_id = by_staff_id
    if planned is None:
        session.add(row)
    session.flush()
    return row


@needs(Right.STAFF)
def plan_session(session: Session, staff_id: int, kind: str, due_on: date) -> Supervision:
    get_staff(session, staff_id)
    c = Checker()
    _check_kind(c, kind)
    c.done()
    row = Supervision(staff_id=staff_id, kind=kind, due_on=due_on)
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class SessionDue:
    staff_id: int
    staff_name: str
    kind: str
    last_held: date | None
    due_on: date
    status: str  # ok | due_soon | overdue


@needs(Right.STAFF)
def schedule(session: Session, as_of: date | None = None) -> list[SessionDue]:
    """The next supervision, spot check and appraisal for every active worker."""
    as_of = as_of or clock.today()
    soon = rule("due_soon_days", session)
    people = [p for p in active_staff(session, as_of) if p.role not in NOT_SUPERVISED]
    held: dict[tuple[int, str], date] = {}
    planned: dict[tuple[int, str], date] = {}
    rows = session.scalars(
        select(Supervision).where(Supervision.staff_id.in_([p.id for p in people]))
    )
    for row in rows:
        key = (row.staff_id, row.kind)
        if row.held_on is not None and row.held_on <= as_of:
            held[key] = max(held.get(key, date.min), row.held_on)
        elif row.held_on is None and row.due_on is not None:
            planned[key] = min(planned.get(key, date.max), row.due_on)
    out = []
    for person in people:
        for kind, rule_name in FREQUENCY_RULE.items():
            key = (person.id, kind)
            months = rule(rule_name, session)
            last = held.get(key)
            if key in planned:
                due = planned[key]
            elif last is not None:
                due = add_months(last, months)
            else:
                due = add_months(person.start_date or as_of, months)
            status = (
                "overdue" if due < as_of else "due_soon" if (due - as_of).days <= soon else "ok"
            )
            out.append(SessionDue(person.id, person.display_name, kind, last, due, status))
    return out


@needs(Right.STAFF)
def history(session: Session, staff_id: int) -> list[Supervision]:
    return list(
        session.scalars(
            select(Supervision)
            .where(Supervision.staff_id == staff_id)
            .order_by(Supervision.held_on.desc().nulls_first(), Supervision.due_on)
        )
    )


def counts_by_kind(rows: list[Supervision]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.held_on is not None:
            out[row.kind] += 1
    return dict(out)
