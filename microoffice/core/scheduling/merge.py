"""The pure half of visit expansion: plain rows in, Occurrences out. No database, no ORM.

`occurrences.occurrences()` feeds it rows read through SQLAlchemy; `core.quicklook` feeds it the
same rows read with the sqlite3 module, so the window can show today's visits before the ORM has
loaded. Both get exactly the same merge: one implementation of the precedence rules.

Precedence, from weakest to strongest: a plan's generated occurrence; a plan exception (skip, or
move to another date or time); a client pause (generated occurrences inside it disappear); a real
Visit row for the same (plan, occurrence date), which replaces whatever was generated, wherever it
now lies. Real visits are never hidden by a pause: they are records of what happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol

from microoffice.core import clock
from microoffice.core.models.enums import VisitStatus
from microoffice.core.scheduling.recurrence import expand_dates
from microoffice.core.scheduling.times import moved_span, span
from microoffice.core.vocabulary import display_name

PLANNED = VisitStatus.PLANNED.value  # read once: enum attribute access is slow in a hot loop
# A plan's visit that was skipped is not a visit: it has no row and no stored status. Only the
# calendar asks to see it (`skipped=True`), so the history of the slot stays in view.
SKIPPED = "skipped"
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
    clock_note: str = (
        ""  # a clock change moved or lengthened it (scheduling/times.py), said out loud
    )

    @property
    def minutes(self) -> int:
        """The planned length in minutes that really pass (10 hours for 22:00-07:00 the night
        the clocks go back)."""
        return clock.elapsed_minutes(self.planned_start, self.planned_end)

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


@dataclass(frozen=True)
class DayVisit:
    """A line of the Today list: the visit plus what the carer needs at the door."""

    occurrence: Occurrence
    address: str
    phone: str
    access_notes: str
    staff_names: tuple[str, ...]


class PlanLike(Protocol):
    """What the merge reads of a plan (a VisitPlan, or a plain row with the same names)."""

    @property
    def id(self) -> int: ...

    @property
    def client_id(self) -> int: ...

    @property
    def rrule(self) -> str: ...

    @property
    def start_date(self) -> date: ...

    @property
    def end_date(self) -> date | None: ...

    @property
    def start_time(self) -> time: ...

    @property
    def end_time(self) -> time: ...

    @property
    def service_type(self) -> str: ...

    @property
    def tasks(self) -> Any: ...

    @property
    def staff_required(self) -> int: ...


class ExceptionLike(Protocol):
    @property
    def plan_id(self) -> int: ...

    @property
    def occurrence_date(self) -> date: ...

    @property
    def action(self) -> str: ...

    @property
    def new_date(self) -> date | None: ...

    @property
    def new_start_time(self) -> time | None: ...

    @property
    def new_duration_minutes(self) -> int | None: ...


@dataclass(frozen=True)
class PlanRow:
    """A plan read without the ORM (quicklook); attribute names match VisitPlan."""

    id: int
    client_id: int
    rrule: str
    start_date: date
    end_date: date | None
    start_time: time
    end_time: time
    service_type: str
    tasks: Any
    staff_required: int


@dataclass(frozen=True)
class ExceptionRow:
    plan_id: int
    occurrence_date: date
    action: str
    new_date: date | None
    new_start_time: time | None
    new_duration_minutes: int | None


@dataclass(frozen=True)
class VisitRow:
    """A real visit read from the database, with its client's name parts."""

    id: int
    client_id: int
    plan_id: int | None
    occurrence_date: date | None
    service_type: str
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    status: str
    staff_required: int
    tasks: Any
    first_name: str
    preferred_name: str
    last_name: str
    plan_start_time: time | None = None  # the plan's times, to say when a clock change moved it
    plan_end_time: time | None = None


@dataclass
class Exceptions:
    by_plan: dict[int, dict[date, ExceptionLike]] = field(default_factory=dict)
    moved_in: dict[int, list[ExceptionLike]] = field(default_factory=dict)  # landing inside

    @classmethod
    def of(cls, rows: Iterable[ExceptionLike], start: date, end: date) -> Exceptions:
        result = cls()
        for exc in rows:
            if start <= exc.occurrence_date <= end:
                result.by_plan.setdefault(exc.plan_id, {})[exc.occurrence_date] = exc
            elif exc.action == "move":
                result.moved_in.setdefault(exc.plan_id, []).append(exc)
        return result


@lru_cache(maxsize=65536)
def to_utc(day: date, wall: time) -> datetime:
    return clock.to_utc(day, wall)


def window_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC instants covering London days start..end inclusive."""
    return to_utc(start, time.min), to_utc(end + timedelta(days=1), time.min)


def _in_pause(day: date, pauses: list[tuple[date, date | None]]) -> bool:
    return any(s <= day and (e is None or day <= e) for s, e in pauses)


def merge(
    plans: Sequence[tuple[PlanLike, str, date | None]],
    plan_staff: dict[int, tuple[int, ...]],
    exceptions: Exceptions,
    pauses: dict[int, list[tuple[date, date | None]]],
    visits: list[Occurrence],
    visit_keys: set[tuple[int, date]],
    start: date,
    end: date,
    staff_id: int | None = None,
    skipped: bool = False,
) -> list[Occurrence]:
    """Every visit between London dates start and end inclusive, in time order.

    plans: (plan, client display name, client's end date); visits: real visits already turned
    into Occurrences; visit_keys: (plan, date) of every real visit replacing a generated one.
    skipped: also the plan's skipped visits, where they would have been, with status SKIPPED.
    """
    out: list[Occurrence] = list(visits)
    for plan, name, client_end in plans:
        pid, cid = plan.id, plan.client_id
        staff = plan_staff.get(pid, ())
        if staff_id is not None and staff_id not in staff:
            continue  # none of this plan's generated visits can be this person's
        at, until = plan.start_time, plan.end_time
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
            if exc is not None and exc.action == "move":
                candidates.append(exc)
                continue
            if exc is not None and not skipped:
                continue
            if (pid, day) in visit_keys or (client_pauses and _in_pause(day, client_pauses)):
                continue
            begin, finish, note = span(day, at, until)
            out.append(
                Occurrence(
                    cid, name, pid, day, day, begin, finish, service, tasks, staff, needed,
                    PLANNED if exc is None else SKIPPED, clock_note=note,
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


def _valid_origin(plan: PlanLike, day: date, client_end: date | None) -> bool:
    if plan.end_date is not None and day > plan.end_date:
        return False
    if client_end is not None and day > client_end:
        return False
    return bool(expand_dates(plan.rrule, plan.start_date, plan.start_time, day, day))


def _moved(
    plan: PlanLike,
    exc: ExceptionLike,
    name: str,
    staff: tuple[int, ...],
    tasks: tuple[str, ...],
    start: date,
    end: date,
) -> Occurrence | None:
    day = exc.new_date or exc.occurrence_date
    if not start <= day <= end:
        return None
    begin, finish, note = moved_span(
        day,
        exc.new_start_time or plan.start_time,
        plan.start_time,
        plan.end_time,
        exc.new_duration_minutes,
    )
    return Occurrence(
        plan.client_id,
        name,
        plan.id,
        exc.occurrence_date,
        day,
        begin,
        finish,
        plan.service_type,
        tasks,
        staff,
        plan.staff_required,
        PLANNED,
        moved=True,
        clock_note=note,
    )


def from_visit(row: Any, staff: tuple[int, ...]) -> Occurrence:
    """A real visit (ORM result row or VisitRow) as an Occurrence."""
    day = clock.to_local(row.planned_start).date()
    note = ""
    plan_start = getattr(row, "plan_start_time", None)
    if plan_start is not None and row.occurrence_date == day:
        begin, _, said = span(day, plan_start, row.plan_end_time)
        note = said if begin == row.planned_start else ""
    return Occurrence(
        client_id=row.client_id,
        client_name=display_name(row.first_name, row.preferred_name, row.last_name),
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
        clock_note=note,
    )


def day_visit(
    occ: Occurrence,
    address_lines: Sequence[str],
    phone: str,
    access_notes: str,
    names: dict[int, str],
) -> DayVisit:
    return DayVisit(
        occurrence=occ,
        address=", ".join(p for p in address_lines if p),
        phone=phone,
        access_notes=access_notes,
        staff_names=tuple(names.get(s, "?") for s in occ.staff_ids),
    )
