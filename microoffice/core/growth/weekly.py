"""The times a new client could have every week, for the referral profile.

For each person and weekday, what is free on *every* date of that weekday in the stretch (so a
week of leave or a one-off visit takes the time away), at least a minimum length; then merged
across people. The free time of a day comes from slots.py, under the same rules as the finder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ValidationError
from microoffice.core.growth.slots import Rota
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.recurrence import WEEKDAY_NAMES


@dataclass(frozen=True)
class WeeklySlot:
    """A time free every week of the stretch, for at least one person."""

    weekday: int
    start: time
    end: time
    staff_ids: tuple[int, ...]

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def describe(self) -> str:
        return f"{WEEKDAY_NAMES[self.weekday]} {self.start:%H:%M}-{self.end:%H:%M}"


@needs(Right.GOVERNANCE)
def weekly_slots(
    session: Session,
    first: date | None = None,
    weeks: int = 4,
    min_minutes: int = 30,
) -> list[WeeklySlot]:
    """The times a new client could have every week: for each person, what is free on every
    date of that weekday in the stretch; then merged across people."""
    if not 1 <= weeks <= 12:
        raise ValidationError({"weeks": "Look between 1 and 12 weeks ahead"})
    first = first or clock.today() + timedelta(days=1)
    last = first + timedelta(days=7 * weeks - 1)
    rota = Rota(session, first, last)
    travel = rota.travel()
    per_day: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # weekday -> (from, to, sid)
    for person in rota.people:
        for weekday in range(7):
            dates = [d for d in rota.days() if d.weekday() == weekday]
            common: list[tuple[int, int]] | None = None
            for day in dates:
                spans = [_wall(s, e, day) for s, e in rota.staff_day(person, day).free(travel)]
                common = spans if common is None else _intersect(common, spans)
                if not common:
                    break
            for lo, hi in common or []:
                if hi - lo >= min_minutes:
                    per_day[weekday].append((lo, hi, person.id))
    return _merge(per_day)


def _wall(start: datetime, end: datetime, day: date) -> tuple[int, int]:
    """Minutes after local midnight on `day`, clipped to that day."""
    midnight = clock.to_utc(day, time.min)
    next_midnight = clock.to_utc(day + timedelta(days=1), time.min)
    s, e = max(start, midnight), min(end, next_midnight)
    base = clock.to_local(midnight)

    def minute(at: datetime) -> int:
        if at >= next_midnight:
            return 24 * 60
        local = clock.to_local(at)
        return (local.date() - base.date()).days * 1440 + local.hour * 60 + local.minute

    return minute(s), minute(e)


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return sorted(out)


def _merge(per_day: dict[int, list[tuple[int, int, int]]]) -> list[WeeklySlot]:
    slots = []
    for weekday in sorted(per_day):
        spans = sorted(per_day[weekday])
        current: list[int] | None = None
        staff: set[int] = set()
        for lo, hi, sid in spans:
            if current is not None and lo <= current[1]:
                current[1] = max(current[1], hi)
                staff.add(sid)
                continue
            if current is not None:
                slots.append(_slot(weekday, current, staff))
            current, staff = [lo, hi], {sid}
        if current is not None:
            slots.append(_slot(weekday, current, staff))
    return slots


def _slot(weekday: int, span: list[int], staff: set[int]) -> WeeklySlot:
    lo, hi = span
    end = time.max.replace(second=0, microsecond=0) if hi >= 1440 else time(hi // 60, hi % 60)
    return WeeklySlot(weekday, time(lo // 60, lo % 60), end, tuple(sorted(staff)))
