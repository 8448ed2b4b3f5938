"""The visits in a date window, read through the ORM and merged by `scheduling.merge`.

One query per table for the whole window (never one per occurrence), so a week of ~600 visits and
a year of every plan both cost a handful of queries plus arithmetic. The precedence rules live in
merge.py, shared with the no-ORM first look of the Today page (core/quicklook.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.clients import Client
from microoffice.core.models.visits import (
    ClientPause,
    PlanException,
    Visit,
    VisitPlan,
    visit_plan_staff,
    visit_staff,
)
from microoffice.core.scheduling.merge import (
    ACTIVE_STATUSES,
    PLANNED,
    Exceptions,
    Occurrence,
    client_name,
    from_visit,
    merge,
    window_bounds,
)

__all__ = [
    "ACTIVE_STATUSES",
    "PLANNED",
    "Occurrence",
    "occurrence_for",
    "occurrences",
    "visit_staff_ids",
    "window_bounds",
]


def _plans(
    session: Session, start: date, end: date, client_id: int | None, plan_id: int | None
) -> list[tuple[VisitPlan, str, date | None]]:
    stmt = (
        select(
            VisitPlan, Client.first_name, Client.preferred_name, Client.last_name, Client.end_date
        )
        .join(Client, Client.id == VisitPlan.client_id)
        .where(
            VisitPlan.archived_at.is_(None),
            VisitPlan.start_date <= end,
            or_(VisitPlan.end_date.is_(None), VisitPlan.end_date >= start),
        )
    )
    if client_id is not None:
        stmt = stmt.where(VisitPlan.client_id == client_id)
    if plan_id is not None:
        stmt = stmt.where(VisitPlan.id == plan_id)
    return [
        (plan, client_name(first, preferred, last), client_end)
        for plan, first, preferred, last, client_end in session.execute(stmt)
    ]


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
    plans = _plans(session, start, end, client_id, plan_id)
    plan_ids = [p.id for p, _, _ in plans]
    plan_staff = _plan_staff(session, plan_ids)
    exceptions = _exceptions(session, plan_ids, start, end)
    pauses = _pauses(session, start, end, client_id)
    visits, visit_keys = _visits(session, start, end, client_id, plan_id, plan_ids)
    return merge(
        plans, plan_staff, exceptions, pauses, visits, visit_keys, start, end, staff_id, skipped
    )


def _plan_staff(session: Session, plan_ids: list[int]) -> dict[int, tuple[int, ...]]:
    if not plan_ids:
        return {}
    found: dict[int, list[int]] = defaultdict(list)
    rows = session.execute(
        select(visit_plan_staff.c.plan_id, visit_plan_staff.c.staff_id)
        .where(visit_plan_staff.c.plan_id.in_(plan_ids))
        .order_by(visit_plan_staff.c.plan_id, visit_plan_staff.c.staff_id)
    )
    for pid, sid in rows:
        found[pid].append(sid)
    return {pid: tuple(ids) for pid, ids in found.items()}


def _exceptions(session: Session, plan_ids: list[int], start: date, end: date) -> Exceptions:
    if not plan_ids:
        return Exceptions()
    rows = session.scalars(
        select(PlanException).where(
            PlanException.plan_id.in_(plan_ids),
            or_(
                PlanException.occurrence_date.between(start, end),
                PlanException.new_date.between(start, end),
            ),
        )
    )
    return Exceptions.of(rows, start, end)


def _pauses(
    session: Session, start: date, end: date, client_id: int | None
) -> dict[int, list[tuple[date, date | None]]]:
    stmt = select(ClientPause.client_id, ClientPause.start_date, ClientPause.end_date).where(
        ClientPause.start_date <= end,
        or_(ClientPause.end_date.is_(None), ClientPause.end_date >= start),
    )
    if client_id is not None:
        stmt = stmt.where(ClientPause.client_id == client_id)
    found: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for cid, s, e in session.execute(stmt):
        found[cid].append((s, e))
    return found


_VISIT_COLUMNS = (
    Visit.id,
    Visit.client_id,
    Visit.plan_id,
    Visit.occurrence_date,
    Visit.service_type,
    Visit.planned_start,
    Visit.planned_end,
    Visit.actual_start,
    Visit.actual_end,
    Visit.status,
    Visit.staff_required,
    Visit.tasks,
)


def _visits(
    session: Session,
    start: date,
    end: date,
    client_id: int | None,
    plan_id: int | None,
    plan_ids: list[int],
) -> tuple[list[Occurrence], set[tuple[int, date]]]:
    """Real visits happening in the window, and the (plan, date) keys of every row that replaces
    a generated occurrence in the window, even if the visit itself now lies elsewhere.

    Two queries, each able to use an index (planned_start; plan_id + occurrence_date): one OR'd
    query would scan every visit ever recorded. Plain columns, not ORM objects, so a year of
    history loads quickly.
    """
    lo, hi = window_bounds(start, end)
    stmt = (
        select(*_VISIT_COLUMNS, Client.first_name, Client.preferred_name, Client.last_name)
        .join(Client, Client.id == Visit.client_id)
        .where(Visit.planned_start >= lo, Visit.planned_start < hi)
    )
    if client_id is not None:
        stmt = stmt.where(Visit.client_id == client_id)
    if plan_id is not None:
        stmt = stmt.where(Visit.plan_id == plan_id)
    rows = session.execute(stmt).all()
    keys: set[tuple[int, date]] = set()
    for chunk in range(0, len(plan_ids), 900):
        keys.update(
            (pid, day)
            for pid, day in session.execute(
                select(Visit.plan_id, Visit.occurrence_date).where(
                    Visit.plan_id.in_(plan_ids[chunk : chunk + 900]),
                    Visit.occurrence_date.between(start, end),
                )
            )
            if pid is not None and day is not None
        )
    keys.update((r.plan_id, r.occurrence_date) for r in rows if r.plan_id is not None)
    staff = visit_staff_ids(session, [r.id for r in rows])
    return [from_visit(r, staff.get(r.id, ())) for r in rows], keys


def visit_staff_ids(session: Session, visit_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    ids = list(visit_ids)
    if not ids:
        return {}
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in range(0, len(ids), 900):
        rows = session.execute(
            select(visit_staff.c.visit_id, visit_staff.c.staff_id)
            .where(visit_staff.c.visit_id.in_(ids[chunk : chunk + 900]))
            .order_by(visit_staff.c.staff_id)
        )
        for vid, sid in rows:
            found[vid].append(sid)
    return {vid: tuple(s) for vid, s in found.items()}


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
