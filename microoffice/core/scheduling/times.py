"""A visit's start and end as London wall-clock times, turned into the instants it really runs.

A plan (or a one-off) says "22:00 to 07:00": an end earlier on the clock than the start is the
next morning. The instants are worked out per date, so the visit always starts and ends at the
times on the clock, and its length is the time that really passes: 22:00 to 07:00 is 10 hours the
night the clocks go back and 8 the night they go forward (docs/scheduling.md, "Clock changes").

A start the clocks skip (01:30 on the last Sunday of March) moves the visit on by the hour the
clocks skipped, as an alarm clock would, keeping its length (01:30-02:00 becomes 02:30-03:00); an
end the clocks skip moves on the same way, and a time that happens twice (01:30 on the last Sunday
of October) is the first. Either way the occurrence carries a note that says so, which the rota, the
client's schedule and the calendar show.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from microoffice.core import clock
from microoffice.core.clock_changes import change_on, repeated, skipped

DAY_MINUTES = 24 * 60
MIN_MINUTES = 5


def clock_minutes(start: time, end: time) -> int:
    """Minutes from start to end on the clock face; an end not after the start is the next day
    (so the same time twice is 24 hours)."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + DAY_MINUTES


def overnight(start: time, end: time) -> bool:
    return end <= start


def end_date(day: date, start: time, end: time) -> date:
    return day + timedelta(days=1) if overnight(start, end) else day


def length_words(minutes: int) -> str:
    """ "45 minutes", "9 hours", "1 hour 30 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def describe(start: time, end: time) -> str:
    """ "08:00 to 08:45 (45 minutes)" or "22:00 to 07:00 (overnight, ends next day)"."""
    span = f"{start:%H:%M} to {end:%H:%M}"
    if overnight(start, end):
        return f"{span} (overnight, ends next day)"
    return f"{span} ({length_words(clock_minutes(start, end))})"


def check_times(start: time, end: time) -> str | None:
    """What is wrong with a visit's times, or None. Any end is possible (earlier is next day),
    but a visit of a few minutes is a typing mistake."""
    if clock_minutes(start, end) < MIN_MINUTES:
        return f"A visit lasts at least {MIN_MINUTES} minutes: check the end time"
    return None


@lru_cache(maxsize=65536)
def span(day: date, start: time, end: time) -> tuple[datetime, datetime, str]:
    """(start, end) as aware UTC instants for a visit starting on London date `day`, and the
    note to show when a clock change moved or lengthened it ('' on every other day)."""
    finish_day = end_date(day, start, end)
    begin = clock.to_utc(day, start)
    finish = clock.to_utc(finish_day, end)
    if change_on(day) is None and change_on(finish_day) is None:
        return begin, finish, ""
    if skipped(day, start) is not None:  # the whole visit moves on by the hour, keeping its length
        finish = begin + timedelta(minutes=clock_minutes(start, end))
        return begin, finish, _start_note(day, start, begin)
    return begin, finish, _note(day, start, finish_day, end, begin, finish)


def _start_note(day: date, start: time, begin: datetime) -> str:
    if skipped(day, start) is not None:
        return (
            f"{start:%H:%M} does not exist on {day:%d/%m} (clocks go forward): "
            f"visit at {clock.to_local(begin):%H:%M}"
        )
    if repeated(day, start) is not None:
        return (
            f"{start:%H:%M} happens twice on {day:%d/%m} (clocks go back): "
            f"visit at the first {start:%H:%M} (BST)"
        )
    return ""


def _end_note(day: date, end: time, finish: datetime) -> str:
    if skipped(day, end) is not None:
        return (
            f"{end:%H:%M} does not exist on {day:%d/%m} (clocks go forward): "
            f"visit ends at {clock.to_local(finish):%H:%M}"
        )
    if repeated(day, end) is not None:
        return (
            f"{end:%H:%M} happens twice on {day:%d/%m} (clocks go back): "
            f"visit ends at the first {end:%H:%M} (BST)"
        )
    return ""


def _note(
    day: date, start: time, finish_day: date, end: time, begin: datetime, finish: datetime
) -> str:
    notes = [n for n in (_start_note(day, start, begin), _end_note(finish_day, end, finish)) if n]
    real = clock.elapsed_minutes(begin, finish)
    if not notes and real != clock_minutes(start, end):
        change = change_on(finish_day) or change_on(day)
        assert change is not None
        notes.append(f"clocks go {change.way} during this visit: it lasts {length_words(real)}")
    return "; ".join(notes)


def moved_span(
    day: date, start: time, plan_start: time, plan_end: time, minutes: int | None
) -> tuple[datetime, datetime, str]:
    """One visit of a plan moved to `day` at `start`: for `minutes` (real minutes, as a drag on
    the calendar's time axis gives), or keeping the plan's length on the clock."""
    if minutes is not None:
        begin = clock.to_utc(day, start)
        note = _start_note(day, start, begin) if change_on(day) is not None else ""
        return begin, begin + timedelta(minutes=minutes), note
    shifted = datetime.combine(day, start) + timedelta(minutes=clock_minutes(plan_start, plan_end))
    return span(day, start, shifted.time())


def sentence(note: str) -> str:
    """A note as a sentence on its own: "Clocks go back during this visit: ... ."."""
    return f"{note[:1].upper()}{note[1:]}." if note else ""
