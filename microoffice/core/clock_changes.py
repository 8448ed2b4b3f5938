"""The nights the UK clocks change, and the wall-clock times they skip or repeat.

On the last Sunday of March the clocks go forward from 01:00 to 02:00, so 01:00-01:59 does not
happen that night; on the last Sunday of October they go back from 02:00 to 01:00, so 01:00-01:59
happens twice. The dates and times come from the time zone database (zoneinfo), never from a rule
written here, so a change in the law is a change in tzdata.

Why a module of its own: a time a person types or a plan holds is a London wall-clock time, and
at these two moments a wall-clock time is not one instant. Everything that turns one into the
other asks here, so the refusal a person reads and the note on the rota use the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from microoffice.core import clock
from microoffice.core.clock import LONDON


@dataclass(frozen=True)
class ClockChange:
    """One change: on `day` at wall time `at` the clocks go to `to`."""

    day: date
    forward: bool
    at: time  # 01:00 in spring, 02:00 in autumn
    to: time  # 02:00 in spring, 01:00 in autumn
    instant: datetime  # when it happens, aware UTC

    @property
    def words(self) -> str:
        """ "go forward from 01:00 to 02:00" (present tense; see `went`)."""
        way = "forward" if self.forward else "back"
        return f"go {way} from {self.at:%H:%M} to {self.to:%H:%M}"

    @property
    def went(self) -> str:
        way = "forward" if self.forward else "back"
        return f"went {way} from {self.at:%H:%M} to {self.to:%H:%M}"

    @property
    def way(self) -> str:
        return "forward" if self.forward else "back"

    def skips(self, wall: time) -> bool:
        return self.forward and self.at <= wall < self.to

    def repeats(self, wall: time) -> bool:
        return not self.forward and self.to <= wall < self.at


def _offset(instant: datetime) -> timedelta:
    offset = instant.astimezone(LONDON).utcoffset()
    assert offset is not None
    return offset


@lru_cache(maxsize=4096)
def change_on(day: date) -> ClockChange | None:
    """The clock change on this London date, or None (nearly every day)."""
    lo = datetime.combine(day, time.min, LONDON).astimezone(UTC)
    hi = datetime.combine(day + timedelta(days=1), time.min, LONDON).astimezone(UTC)
    before, after = _offset(lo), _offset(hi)
    if before == after:
        return None
    while hi - lo > timedelta(minutes=1):  # the first minute with the new offset
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid <= lo:
            break
        if _offset(mid) == before:
            lo = mid
        else:
            hi = mid
    return ClockChange(
        day=day,
        forward=after > before,
        at=(hi + before).time(),
        to=(hi + after).time(),
        instant=hi,
    )


def skipped(day: date, wall: time) -> ClockChange | None:
    """The change that makes `wall` on `day` not happen, if it does not."""
    change = change_on(day)
    return change if change is not None and change.skips(wall) else None


def repeated(day: date, wall: time) -> ClockChange | None:
    """The change that makes `wall` on `day` happen twice, if it does."""
    change = change_on(day)
    return change if change is not None and change.repeats(wall) else None


def long_day(day: date) -> str:
    """ "Sunday 28 March 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def did_not_happen(day: date, wall: time) -> str:
    """The refusal of a time that was typed as having happened, in the clock-change gap."""
    change = skipped(day, wall)
    assert change is not None
    return (
        f"{wall:%H:%M} on {long_day(day)} did not happen in the UK: the clocks "
        f"{change.went}. Check the time."
    )


def does_not_exist(day: date, wall: time) -> str:
    """The refusal of a time chosen for a visit to come, in the clock-change gap."""
    change = skipped(day, wall)
    assert change is not None
    if change.instant <= clock.now():
        return did_not_happen(day, wall)
    return (
        f"{wall:%H:%M} does not exist on {long_day(day)} in the UK: the clocks "
        f"{change.words}. Choose another time."
    )


class TimeSkipped(ValueError):
    """A wall-clock time that the clocks going forward skipped; the message says so plainly."""


def exact_instant(
    day: date, wall: time, second: bool = False, *, happened: bool = True
) -> datetime:
    """A London wall-clock time as an aware UTC instant, refusing a time that does not exist.

    In the hour that happens twice the first time round is meant unless `second` says otherwise;
    `second` means nothing on any other night (there is only one). `happened` picks the wording
    of the refusal: a record of the past, or a visit still to come.
    """
    if skipped(day, wall) is not None:
        raise TimeSkipped(did_not_happen(day, wall) if happened else does_not_exist(day, wall))
    fold = 1 if second and repeated(day, wall) is not None else 0
    return datetime.combine(day, wall, LONDON).replace(fold=fold).astimezone(UTC)


def wall_text(instant: datetime) -> str:
    """ "08:30", or "01:30 BST" / "01:30 GMT" in the hour that happens twice, so the time a
    person reads (and may type back) says which of the two it is."""
    local = clock.to_local(instant)
    if repeated(local.date(), local.time()) is not None:
        return f"{local:%H:%M} {local.tzname()}"
    return f"{local:%H:%M}"


def changes_between(first: date, last: date) -> list[ClockChange]:
    """Every change from first to last inclusive (two a year)."""
    found = []
    day = first
    while day <= last:
        change = change_on(day)
        if change is not None:
            found.append(change)
        day += timedelta(days=1)
    return found
