"""The visits in a date window, read through the ORM and merged by `scheduling.merge`.

One query per table for the whole window (never one per occurrence), so a week of ~600 visits and
a year of every plan both cost a handful of queries plus arithmetic. The statements are in
statements.py and what their rows become in gather.py, both shared with the first look of the
Today page (core/quicklook.py), which runs the same statements compiled ahead of time; the
precedence rules live in merge.py.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.visits import PlanException, Visit
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.gather import gather
from microoffice.core.scheduling.merge import (
    ACTIVE_STATUSES,
    PLANNED,
    Occurrence,
    window_bounds,
)
from microoffice.core.scheduling.statements import window_fetch

__all__ = [
    "ACTIVE_STATUSES",
    "PLANNED",
    "Occurrence",
    "occurrence_for",
    "occurrences",
    "window_bounds",
]


@needs(Right.OWN_VISITS, staff="staff_id")
def occurrences(
    session: Session,
    start: date,
    end: date,
    client_id: int | None = None,
    staff_id: int | None = None,
    *,
    plan_id: int | None = None,
    skipped: bool = False,
) -> list[Occurrence]:
    """Every visit between London dates start and end inclusive, in time order (with `skipped`,
    also the plan's skipped visits, marked as such: for the calendar and visit histories)."""
    return gather(window_fetch(session, client_id, plan_id), start, end, staff_id, skipped)


@needs(Right.ROTA)
def occurrence_for(session: Session, plan_id: int, occurrence_date: date) -> Occurrence | None:
    """The current state of one plan slot (generated, moved or real), or None if it has none."""
    moved_to = session.scalar(
        select(PlanException.new_date).where(
            PlanException.plan_id == plan_id,
            PlanException.occurrence_date == occurrence_date,
            PlanException.action == "move",
        )
    )
    lo = min(occurrence_date, moved_to or occurrence_date)
    hi = max(occurrence_date, moved_to or occurrence_date)
    real = session.scalar(
        select(Visit.planned_start).where(
            Visit.plan_id == plan_id, Visit.occurrence_date == occurrence_date
        )
    )
    if real is not None:
        real_day = clock.to_local(real).date()
        lo, hi = min(lo, real_day), max(hi, real_day)
    for occ in occurrences(session, lo, hi, plan_id=plan_id):
        if occ.occurrence_date == occurrence_date:
            return occ
    return None
