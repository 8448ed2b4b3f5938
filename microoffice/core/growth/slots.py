"""When each member of staff could take one more visit: their usual hours on a day, minus leave,
minus the visits already on the rota and the journeys to and from them.

The rules are the clash check's (scheduling/clashes.py), so the capacity finder never offers a
time the rota would then warn about: only the visit just before and the visit just after matter
for travel, and a visit that overlaps another is a double booking. One difference on purpose: a
person with no usual hours recorded offers no capacity here (the clash check treats that as "not
recorded"; promising a stranger's free time would be worse).

A new client has no travel times yet. The journey between them and a client on the rota is the
longest journey recorded between that client and anyone already living in the new client's
postcode district (a cautious guess), else the business's default travel time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.clients import Client
from microoffice.core.models.staff import Staff, StaffAvailability, StaffLeave
from microoffice.core.readers.identifiers import postcode_district
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.pairings import TravelTable
from microoffice.core.vocabulary import format_date

Interval = tuple[datetime, datetime]
ONE_DAY = timedelta(days=1)
LEAVE_WORDS = {"holiday": "on holiday", "sick": "off sick", "training": "on training"}


@dataclass(frozen=True)
class Busy:
    """A visit already on someone's rota (aware UTC instants)."""

    start: datetime
    end: datetime
    client_id: int
    client_name: str


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    start_date: date | None
    end_date: date | None
    contracted_minutes: int | None
    hourly_pay_pence: int | None


class ProspectTravel:
    """Minutes between a client on the rota and a new client in `district` (see module doc)."""

    def __init__(self, table: TravelTable, districts: dict[int, str], district: str = "") -> None:
        self.table = table
        self.district = district.strip().upper()
        self.neighbours = [c for c, d in districts.items() if d and d == self.district]
        self._cache: dict[int, int] = {}

    def minutes(self, client_id: int) -> int:
        found = self._cache.get(client_id)
        if found is not None:
            return found
        known = [
            m
            for other in self.neighbours
            if other != client_id
            for m in (
                self.table.pairs.get((client_id, other)),
                self.table.pairs.get((other, client_id)),
            )
            if m is not None
        ]
        found = max(known) if known else self.table.default
        self._cache[client_id] = found
        return found


@dataclass(frozen=True)
class StaffDay:
    """One person's day as the finder sees it: hours, leave and visits (with the day either side,
    so a visit across midnight still counts)."""

    person: Person
    day: date
    employed: bool
    leave: str  # "" or "on holiday"...
    windows: tuple[Interval, ...]
    busy: tuple[Busy, ...]
    has_hours: bool

    def free(self, travel: ProspectTravel) -> list[Interval]:
        """Spans in which a new visit (start and end) fits without breaking any rule."""
        if not self.employed or self.leave or not self.windows:
            return []
        gaps = _gaps(self.busy, travel)
        out = []
        for ws, we in self.windows:
            for gs, ge in gaps:
                s, e = max(ws, gs), min(we, ge)
                if s < e:
                    out.append((s, e))
        return sorted(out)

    def fits(self, start: datetime, end: datetime, travel: ProspectTravel) -> bool:
        return any(s <= start and end <= e for s, e in self.free(travel))

    def why_not(self, start: datetime, end: datetime, travel: ProspectTravel) -> str:
        """The first reason, in plain words, that this person cannot do a visit then ('' if they can)."""
        name = self.person.name
        if not self.employed:
            return f"{name} is not working here on {format_date(self.day)}"
        if self.leave:
            return f"{name} is {self.leave}"
        if not self.has_hours:
            return f"{name} has no usual working hours recorded"
        if not any(ws <= start and end <= we for ws, we in self.windows):
            return f"{name} does not usually work {_hm(start)}-{_hm(end)} on {self.day:%A}s"
        for b in self.busy:
            if b.start < end and start < b.end:
                return f"{name} is with {b.client_name} {_hm(b.start)}-{_hm(b.end)}"
        before = [b for b in self.busy if b.end <= start]
        if before:
            prev = max(before, key=lambda b: b.end)
            need = travel.minutes(prev.client_id)
            if prev.end + timedelta(minutes=need) > start:
                return (
                    f"{name} leaves {prev.client_name} at {_hm(prev.end)} and needs {need} min "
                    "to get there"
                )
        after = [b for b in self.busy if b.start >= end]
        if after:
            nxt = min(after, key=lambda b: b.start)
            need = travel.minutes(nxt.client_id)
            if end + timedelta(minutes=need) > nxt.start:
                return f"{name} is due at {nxt.client_name} at {_hm(nxt.start)}, {need} min away"
        return ""


def _hm(instant: datetime) -> str:
    return f"{clock.to_local(instant):%H:%M}"


def _gaps(busy: tuple[Busy, ...], travel: ProspectTravel) -> list[Interval]:
    """Time between visits once the journeys from the one before and to the one after are
    taken off; visits that overlap count as one block (the last to finish is left from)."""
    lo = datetime.min.replace(tzinfo=UTC)
    hi = datetime.max.replace(tzinfo=UTC)
    out: list[Interval] = []
    cursor, leave_from = lo, None
    for b in sorted(busy, key=lambda b: (b.start, b.end)):
        if b.start < cursor:  # overlaps the block so far: extend it
            if b.end > cursor:
                cursor, leave_from = b.end, b
            continue
        start = cursor if leave_from is None else cursor + _mins(travel, leave_from)
        end = b.start - _mins(travel, b)
        if start < end:
            out.append((start, end))
        cursor, leave_from = b.end, b
    start = cursor if leave_from is None else cursor + _mins(travel, leave_from)
    out.append((start, hi))
    return out


def _mins(travel: ProspectTravel, b: Busy) -> timedelta:
    return timedelta(minutes=travel.minutes(b.client_id))


class Rota:
    """Everything the finder needs for a run of days, read in a handful of queries."""

    def __init__(self, session: Session, first: date, last: date) -> None:
        self.first, self.last = first, last
        self.people = _people(session, first, last)
        self.hours = _hours(session)
        self.leave = _leave(session, first, last)
        self.busy: dict[int, list[Busy]] = defaultdict(list)
        for occ in occurrences(session, first - ONE_DAY, last + ONE_DAY):
            if not occ.active:
                continue
            for sid in occ.staff_ids:
                self.busy[sid].append(
                    Busy(occ.planned_start, occ.planned_end, occ.client_id, occ.client_name)
                )
        self.districts = {
            cid: postcode_district(pc)
            for cid, pc in session.execute(
                select(Client.id, Client.postcode).where(Client.archived_at.is_(None))
            )
        }
        self.travel_table = TravelTable(session)

    def travel(self, district: str = "") -> ProspectTravel:
        return ProspectTravel(self.travel_table, self.districts, district)

    def days(self) -> list[date]:
        count = (self.last - self.first).days + 1
        return [self.first + timedelta(days=n) for n in range(count)]

    def staff_day(self, person: Person, day: date) -> StaffDay:
        employed = (person.start_date is None or person.start_date <= day) and (
            person.end_date is None or day <= person.end_date
        )
        leave = next(
            (
                LEAVE_WORDS.get(k, "on leave")
                for s, e, k in self.leave.get(person.id, [])
                if s <= day <= e
            ),
            "",
        )
        own = self.hours.get(person.id, {})
        windows = tuple(
            (
                clock.to_utc(day, s),
                clock.to_utc(day + ONE_DAY, time.min)
                if e >= time(23, 59)
                else clock.to_utc(day, e),
            )
            for s, e in own.get(day.weekday(), [])
        )
        lo, hi = clock.to_utc(day - ONE_DAY, time.min), clock.to_utc(day + 2 * ONE_DAY, time.min)
        busy = tuple(b for b in self.busy.get(person.id, []) if b.end > lo and b.start < hi)
        return StaffDay(person, day, employed, leave, windows, busy, bool(own))

    def minutes_on_rota(self, staff_id: int) -> int:
        """Visit minutes booked for a person between first and last (London days)."""
        lo = clock.to_utc(self.first, time.min)
        hi = clock.to_utc(self.last + ONE_DAY, time.min)
        return sum(
            clock.elapsed_minutes(b.start, b.end)
            for b in self.busy.get(staff_id, [])
            if lo <= b.start < hi
        )

    def clients_of(self, staff_id: int) -> set[int]:
        return {b.client_id for b in self.busy.get(staff_id, [])}


def _people(session: Session, first: date, last: date) -> list[Person]:
    rows = session.scalars(
        select(Staff)
        .where(
            Staff.archived_at.is_(None),
            or_(Staff.end_date.is_(None), Staff.end_date >= first),
            or_(Staff.start_date.is_(None), Staff.start_date <= last),
        )
        .order_by(Staff.last_name, Staff.first_name, Staff.id)
    )
    return [
        Person(
            s.id,
            s.display_name,
            s.role,
            s.start_date,
            s.end_date,
            s.contracted_minutes_per_week,
            s.hourly_pay_pence,
        )
        for s in rows
    ]


def _hours(session: Session) -> dict[int, dict[int, list[tuple[time, time]]]]:
    found: dict[int, dict[int, list[tuple[time, time]]]] = defaultdict(lambda: defaultdict(list))
    for sid, weekday, s, e in session.execute(
        select(
            StaffAvailability.staff_id,
            StaffAvailability.weekday,
            StaffAvailability.start_time,
            StaffAvailability.end_time,
        ).order_by(StaffAvailability.start_time)
    ):
        found[sid][weekday].append((s, e))
    return found


def _leave(session: Session, first: date, last: date) -> dict[int, list[tuple[date, date, str]]]:
    found: dict[int, list[tuple[date, date, str]]] = defaultdict(list)
    for sid, s, e, kind in session.execute(
        select(
            StaffLeave.staff_id, StaffLeave.start_date, StaffLeave.end_date, StaffLeave.kind
        ).where(StaffLeave.start_date <= last, StaffLeave.end_date >= first)
    ):
        found[sid].append((s, e, kind))
    return found
