"""The visits in a date window: expanded plans, their exceptions, pauses, and real visits merged.

One query per table for the whole window (never one per occurrence), so a week of ~600 visits and
a year of every plan both cost a handful of queries plus arithmetic.

Precedence, from weakest to strongest: a plan's generated occurrence; a plan exception (skip, or
move to another date or time); a client pause (generated occurrences inside it disappear); a real
Visit row for the same (plan, occurrence date), which replaces whatever was generated, wherever it
now lies. Real visits are never hidden by a pause: they are records of what happened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.clients import Client
from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.visits import (
    ClientPause,
    PlanException,
    Visit,
    VisitPlan,
    visit_plan_staff,
    visit_staff,
)
from microoffice.core.scheduling.recurrence import expand_dates

PLANNED = VisitStatus.PLANNED.value  # read once: enum attribute access is slow in a hot loop
ACTIVE_STATUSES = frozenset({PLANNED, VisitStatus.COMPLETED.value})


@dataclass(frozen=True)
class Occurrence:
    """One visit as the calendar sees it, whether generated from a plan or stored as a row."""

    client_id: int
    client_name: str
    plan_id: int | None
    occurrence_date: date | None  # the plan's date this came from (the key); None for one-offs
    day: date  # the London date it actually happens on
    planned_start: datetime  # aware UTC
    planned_end: datetime  # aware UTC
    service_type: str
    tasks: tuple[str, ...]
    staff_ids: tuple[int, ...]
    staff_required: int
    status: str
    visit_id: int | None = None
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    moved: bool = False

    @property
    def minutes(self) -> int:
        return int((self.planned_end - self.planned_start).total_seconds() // 60)

    @property
    def active(self) -> bool:
        """Planned or done: counts for clashes, hours and rotas (cancelled and missed do not)."""
        return self.status in ACTIVE_STATUSES

    @property
    def uid(self) -> str:
        """Stable across exports: the same slot keeps its UID after it is confirmed or edited."""
        if self.plan_id is not None and self.occurrence_date is not None:
            return f"plan-{self.plan_id}-{self.occurrence_date:%Y%m%d}@microoffice"
        return f"visit-{self.visit_id}@microoffice"

    @property
    def unfilled(self) -> bool:
        return self.active and len(self.staff_ids) < self.staff_required


@lru_cache(maxsize=65536)
def _to_utc(day: date, wall: time) -> datetime:
    return clock.to_utc(day, wall)


def window_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC instants covering London days start..end inclusive."""
    return _to_utc(start, time.min), _to_utc(end + timedelta(days=1), time.min)


def _in_pause(day: date, pauses: list[tuple[date, date | None]]) -> bool:
    return any(s <= day and (e is None or day <= e) for s, e in pauses)


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
        (plan, f"{preferred or first} {last}", client_end)
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
) -> list[Occurrence]:
    """Every visit between London dates start and end inclusive, in time order."""
    plans = _plans(session, start, end, client_id, plan_id)
    plan_ids = [p.id for p, _, _ in plans]
    plan_staff = _plan_staff(session, plan_ids)
    exceptions = _exceptions(session, plan_ids, start, end)
    pauses = _pauses(session, start, end, client_id)
    visits, visit_keys = _visits(session, start, end, client_id, plan_id, plan_ids)

    out: list[Occurrence] = list(visits)
    for plan, name, client_end in plans:
        pid, cid = plan.id, plan.client_id
        staff = plan_staff.get(pid, ())
        if staff_id is not None and staff_id not in staff:
            continue  # none of this plan's generated visits can be this person's
        at, length = plan.start_time, timedelta(minutes=plan.duration_minutes)
        last = min(end, plan.end_date or end, client_end or end)
        days = expand_dates(plan.rrule, plan.start_date, at, start, last)
        moves_in = exceptions.moved_in.get(pid, ())
        if moves_in:
            candidates = [e for e in moves_in if _valid_origin(plan, e.occurrence_date, client_end)]
        else:
            candidates = []
        own = exceptions.by_plan.get(pid, {})
        client_pauses = pauses.get(cid, [])
        tasks = tuple(plan.tasks or ())
        service, needed = plan.service_type, plan.staff_required
        for day in days:
            exc = own.get(day)
            if exc is not None:
                if exc.action == "move":
                    candidates.append(exc)
                continue
            if (pid, day) in visit_keys or (client_pauses and _in_pause(day, client_pauses)):
                continue
            begin = _to_utc(day, at)
            out.append(
                Occurrence(
                    cid, name, pid, day, day, begin, begin + length, service, tasks, staff,
                    needed, PLANNED,
                )
            )  # fmt: skip
        for exc in candidates:
            moved = _moved(plan, exc, name, staff, tasks, start, end)
            if moved is None or (plan.id, exc.occurrence_date) in visit_keys:
                continue
            if client_pauses and _in_pause(moved.day, client_pauses):
                continue
            out.append(moved)
    if staff_id is not None:
        out = [o for o in out if staff_id in o.staff_ids]
    out.sort(key=lambda o: (o.planned_start, o.client_name, o.plan_id or 0, o.visit_id or 0))
    return out


def _valid_origin(plan: VisitPlan, day: date, client_end: date | None) -> bool:
    if plan.end_date is not None and day > plan.end_date:
        return False
    if client_end is not None and day > client_end:
        return False
    return bool(expand_dates(plan.rrule, plan.start_date, plan.start_time, day, day))


def _moved(
    plan: VisitPlan,
    exc: PlanException,
    name: str,
    staff: tuple[int, ...],
    tasks: tuple[str, ...],
    start: date,
    end: date,
) -> Occurrence | None:
    day = exc.new_date or exc.occurrence_date
    if not start <= day <= end:
        return None
    begin = _to_utc(day, exc.new_start_time or plan.start_time)
    minutes = exc.new_duration_minutes or plan.duration_minutes
    return Occurrence(
        plan.client_id,
        name,
        plan.id,
        exc.occurrence_date,
        day,
        begin,
        begin + timedelta(minutes=minutes),
        plan.service_type,
        tasks,
        staff,
        plan.staff_required,
        VisitStatus.PLANNED.value,
        moved=True,
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


@dataclass
class _Exceptions:
    by_plan: dict[int, dict[date, PlanException]]
    moved_in: dict[int, list[PlanException]]  # originals outside the window, landing inside


def _exceptions(session: Session, plan_ids: list[int], start: date, end: date) -> _Exceptions:
    result = _Exceptions({}, {})
    if not plan_ids:
        return result
    rows = session.scalars(
        select(PlanException).where(
            PlanException.plan_id.in_(plan_ids),
            or_(
                PlanException.occurrence_date.between(start, end),
                PlanException.new_date.between(start, end),
            ),
        )
    )
    for exc in rows:
        if start <= exc.occurrence_date <= end:
            result.by_plan.setdefault(exc.plan_id, {})[exc.occurrence_date] = exc
        elif exc.action == "move":
            result.moved_in.setdefault(exc.plan_id, []).append(exc)
    return result


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
    return [_from_row(r, staff.get(r.id, ())) for r in rows], keys


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


def _from_row(row: Any, staff: tuple[int, ...]) -> Occurrence:
    day = clock.to_local(row.planned_start).date()
    return Occurrence(
        client_id=row.client_id,
        client_name=f"{row.preferred_name or row.first_name} {row.last_name}",
        plan_id=row.plan_id,
        occurrence_date=row.occurrence_date,
        day=day,
        planned_start=row.planned_start,
        planned_end=row.planned_end,
        service_type=row.service_type,
        tasks=tuple(row.tasks or ()),
        staff_ids=staff,
        staff_required=row.staff_required,
        status=row.status,
        visit_id=row.id,
        actual_start=row.actual_start,
        actual_end=row.actual_end,
        moved=row.occurrence_date is not None and row.occurrence_date != day,
    )


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
