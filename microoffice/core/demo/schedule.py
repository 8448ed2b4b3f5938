"""Fitting visit plans into carers' weeks so the demo rota is one a real person could work.

A greedy search, good enough for demo data: each plan takes the earliest start in its window at
which enough carers are available on every one of its weekdays and no earlier booking of theirs
(in an overlapping date range) comes within the travel gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time

from microoffice.core.errors import MicroofficeError

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekly_rule(weekdays: Sequence[int], every_weeks: int = 1) -> str:
    days = ",".join(WEEKDAY_CODES[d] for d in sorted(set(weekdays)))
    interval = f";INTERVAL={every_weeks}" if every_weeks != 1 else ""
    return f"FREQ=WEEKLY{interval};BYDAY={days}"


def minutes_of(value: time) -> int:
    return value.hour * 60 + value.minute


def time_of(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@dataclass(frozen=True)
class Need:
    """A visit pattern a client needs, with the window its start may fall in."""

    client: int
    weekdays: tuple[int, ...]
    earliest: time
    latest: time
    minutes: int
    service_type: str
    tasks: tuple[str, ...]
    start: date
    end: date | None = None
    every_weeks: int = 1
    staff_required: int = 1
    funding: str = ""


@dataclass(frozen=True)
class Placement:
    need: Need
    start_time: time
    staff: tuple[int, ...]

    @property
    def rrule(self) -> str:
        return weekly_rule(self.need.weekdays, self.need.every_weeks)


def _tightness(need: Need) -> tuple[int, int]:
    width = minutes_of(need.latest) - minutes_of(need.earliest)
    return (width, -need.minutes * len(need.weekdays))


@dataclass(frozen=True)
class _Booking:
    start: int
    end: int
    first: date
    last: date | None


def _dates_overlap(a: _Booking, first: date, last: date | None) -> bool:
    return (a.last is None or first <= a.last) and (last is None or a.first <= last)


@dataclass
class Rota:
    """Weekly availability per carer (weekday -> [(start minute, end minute)]) and bookings."""

    availability: dict[int, dict[int, list[tuple[int, int]]]]
    gap_minutes: int = 15
    step_minutes: int = 15
    _bookings: dict[tuple[int, int], list[_Booking]] = field(default_factory=dict)
    _load: dict[int, int] = field(default_factory=dict)

    def _available(self, staff: int, weekday: int, start: int, end: int) -> bool:
        windows = self.availability.get(staff, {}).get(weekday, [])
        return any(lo <= start and end <= hi for lo, hi in windows)

    def is_free(self, staff: int, need: Need, start: int) -> bool:
        end = start + need.minutes
        for weekday in need.weekdays:
            if not self._available(staff, weekday, start, end):
                return False
            for booked in self._bookings.get((staff, weekday), ()):
                if (
                    start < booked.end + self.gap_minutes
                    and booked.start < end + self.gap_minutes
                    and _dates_overlap(booked, need.start, need.end)
                ):
                    return False
        return True

    def place(self, need: Need, prefer: Sequence[int] = ()) -> Placement | None:
        """Book the need at its earliest workable start, or return None if nothing fits."""
        staff_ids = sorted(
            self.availability, key=lambda s: (s not in prefer, self._load.get(s, 0), s)
        )
        start = minutes_of(need.earliest)
        while start <= minutes_of(need.latest):
            free = [s for s in staff_ids if self.is_free(s, need, start)]
            if len(free) >= need.staff_required:
                chosen = tuple(free[: need.staff_required])
                self._book(need, start, chosen)
                return Placement(need, time_of(start), chosen)
            start += self.step_minutes
        return None

    def place_flexibly(self, need: Need) -> list[Placement]:
        """Whole if possible, otherwise day by day (a different carer or time on some days),
        days with the same start and carers sharing one plan; days that fit nowhere are left out.
        """
        whole = self.place(need)
        if whole is not None:
            return [whole]
        by_slot: dict[tuple[time, tuple[int, ...]], list[int]] = {}
        for day in need.weekdays:
            one = self.place(replace(need, weekdays=(day,)))
            if one is not None:
                by_slot.setdefault((one.start_time, one.staff), []).append(day)
        return [
            Placement(replace(need, weekdays=tuple(days)), start, staff)
            for (start, staff), days in by_slot.items()
        ]

    def place_all(self, needs: Sequence[Need]) -> list[Placement]:
        """Place every need or fail loudly: a demo whose rota cannot be worked is a bug.

        The most constrained needs (narrow window, long visit) go first; the result keeps the
        order the needs were given in.
        """
        placed: dict[int, Placement] = {}
        order = sorted(range(len(needs)), key=lambda i: _tightness(needs[i]))
        for i in order:
            need = needs[i]
            placement = self.place(need)
            if placement is None:
                raise MicroofficeError(f"demo rota: no room for {need}")
            placed[i] = placement
        return [placed[i] for i in range(len(needs))]

    def _book(self, need: Need, start: int, staff: tuple[int, ...]) -> None:
        booking = _Booking(start, start + need.minutes, need.start, need.end)
        for s in staff:
            for weekday in need.weekdays:
                self._bookings.setdefault((s, weekday), []).append(booking)
            self._load[s] = self._load.get(s, 0) + need.minutes * len(need.weekdays)
