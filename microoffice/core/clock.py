"""One source of "now" and "today", so tests, demos and screenshots can freeze time.

Stored instants are UTC; what a person sees and plans in is Europe/London wall-clock time.
Set MICROOFFICE_NOW (ISO 8601, e.g. 2026-12-07T09:00) to freeze the clock for a whole process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

_frozen: datetime | None = None


def _parse_env() -> datetime | None:
    raw = os.environ.get("MICROOFFICE_NOW")
    if not raw:
        return None
    return _parse_frozen(raw)


@lru_cache(maxsize=8)
def _parse_frozen(raw: str) -> datetime:
    """Parsed once per value: "now" is asked for in tight loops (imports check every row)."""
    value = datetime.fromisoformat(raw)
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value.astimezone(UTC)


def now() -> datetime:
    """The current instant, aware, in UTC."""
    if _frozen is not None:
        return _frozen
    env = _parse_env()
    if env is not None:
        return env
    return datetime.now(UTC)


def local_now() -> datetime:
    """The current wall-clock time in Europe/London."""
    return now().astimezone(LONDON)


def today() -> date:
    """Today's date as the business sees it (Europe/London)."""
    return local_now().date()


def freeze(at: datetime | None) -> None:
    """Freeze (or with None, release) the clock; naive values are read as London wall-clock."""
    global _frozen
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=LONDON)
    _frozen = at.astimezone(UTC) if at is not None else None


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    previous = _frozen
    freeze(at)
    try:
        yield
    finally:
        freeze(previous)


def to_utc(day: date, wall: time) -> datetime:
    """A London wall-clock time on a day as a UTC instant.

    In the autumn fold the first (BST) occurrence is taken; in the spring gap the time is moved
    forward by the gap, which is what a person setting an alarm would expect.
    """
    local = datetime.combine(day, wall).replace(tzinfo=LONDON, fold=0)
    roundtrip = local.astimezone(UTC).astimezone(LONDON)
    if roundtrip.replace(tzinfo=None) != local.replace(tzinfo=None):
        local = local + timedelta(hours=1)
    return local.astimezone(UTC)


def to_local(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("naive datetime: stored instants must be aware UTC")
    return instant.astimezone(LONDON)


def elapsed_minutes(start: datetime, end: datetime) -> int:
    """Whole minutes really elapsed from start to end (0 if end is not after start).

    Both are taken to UTC first: Python subtracts two datetimes that share a tzinfo as wall-clock
    times, so 22:00 to 07:00 London across the night the clocks go back would come out as 9 hours
    instead of the 10 that passed."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("naive datetime: elapsed time needs aware instants")
    seconds = (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()
    return max(0, int(seconds // 60))
