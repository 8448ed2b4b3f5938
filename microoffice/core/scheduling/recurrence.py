"""Recurrence rules over London wall-clock dates: build, check and expand them.

A plan's rule (RFC 5545 RRULE text, without DTSTART) is read with the plan's start date at its
start time as a *naive* dtstart, exactly as `dateutil.rrule.rrulestr` would read it. The time of
day always comes from the plan, so a rule yields at most one visit per date and a date is the
occurrence's key. Converting a (date, wall-clock time) pair to UTC happens afterwards
(`clock.to_utc`), which is why 08:00 stays 08:00 across the clock changes.

Weekly and daily rules, which are nearly all real care plans, are expanded by date arithmetic
straight into the requested window instead of iterating from the plan's first day; every other
rule goes to dateutil, parsed once and cached. The hypothesis tests check both paths against plain
dateutil.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Parts a care plan may use; the time of day comes from the plan, never from the rule.
_ALLOWED_PARTS = frozenset(
    {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST", "BYMONTHDAY", "BYMONTH", "BYSETPOS"}
)
_ALLOWED_FREQ = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_FAST_PARTS = frozenset({"FREQ", "INTERVAL", "BYDAY", "UNTIL", "WKST"})


def weekly_rule(weekdays: Sequence[int], every_weeks: int = 1) -> str:
    """The rule for "these weekdays (0 = Monday), every N weeks"."""
    days = ",".join(WEEKDAY_CODES[d] for d in sorted(set(weekdays)))
    interval = f";INTERVAL={every_weeks}" if every_weeks != 1 else ""
    return f"FREQ=WEEKLY{interval};BYDAY={days}"


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        if not chunk.strip():
            continue
        key, sep, value = chunk.partition("=")
        if not sep:
            raise ValueError(f"'{chunk}' is not a rule part (expected NAME=VALUE)")
        parts[key.strip().upper()] = value.strip().upper()
    return parts


def check_rule(rule: str, start: date, start_time: time) -> str:
    """Return the rule in normal form, or raise ValueError with a message a person can act on."""
    try:
        parts = _parts(rule)
    except ValueError as exc:
        raise ValueError(f"The repeat rule cannot be read: {exc}") from exc
    unknown = sorted(set(parts) - _ALLOWED_PARTS)
    if unknown:
        raise ValueError(
            "The repeat rule uses " + ", ".join(unknown) + ", which visit plans do not support "
            "(the time of day is set on the plan itself)"
        )
    if parts.get("FREQ") not in _ALLOWED_FREQ:
        raise ValueError("The repeat rule must repeat daily, weekly, monthly or yearly")
    if "UNTIL" in parts and parts["UNTIL"].endswith("Z"):
        raise ValueError("Use the plan's end date instead of an UTC end time in the rule")
    normal = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        _parsed(normal, datetime.combine(start, start_time))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"The repeat rule cannot be read: {exc}") from exc
    return normal


@lru_cache(maxsize=4096)
def _parsed(rule: str, dtstart: datetime) -> Any:
    from dateutil.rrule import rrulestr

    return rrulestr(rule, dtstart=dtstart, cache=True)


@dataclass(frozen=True)
class _Fast:
    """A weekly or daily rule reduced to the numbers needed to enumerate it by arithmetic."""

    daily: bool
    interval: int
    offsets: tuple[int, ...]  # days after the week start (weekly) ; unused for daily
    wkst: int
    until: datetime | None


def _until(value: str) -> datetime:
    if "T" in value:
        return datetime.strptime(value, "%Y%m%dT%H%M%S")
    return datetime.strptime(value, "%Y%m%d")


@lru_cache(maxsize=4096)
def _fast(rule: str, start: date) -> _Fast | None:
    try:
        parts = _parts(rule)
    except ValueError:
        return None
    if not set(parts) <= _FAST_PARTS or parts.get("FREQ") not in ("WEEKLY", "DAILY"):
        return None
    interval = int(parts.get("INTERVAL", "1"))
    wkst = WEEKDAY_CODES.index(parts.get("WKST", "MO"))
    until = _until(parts["UNTIL"]) if "UNTIL" in parts else None
    if parts["FREQ"] == "DAILY":
        if "BYDAY" in parts:
            return None
        return _Fast(True, interval, (), wkst, until)
    codes = parts["BYDAY"].split(",") if "BYDAY" in parts else [WEEKDAY_CODES[start.weekday()]]
    if any(code not in WEEKDAY_CODES for code in codes):
        return None  # "1MO" style positions are not weekly-simple
    offsets = sorted({(WEEKDAY_CODES.index(c) - wkst) % 7 for c in codes})
    return _Fast(False, interval, tuple(offsets), wkst, until)


def expand_dates(
    rule: str, start: date, start_time: time, window_start: date, window_end: date
) -> list[date]:
    """Dates (inclusive window) on which the rule, begun at start/start_time, has a visit."""
    first = max(window_start, start)
    if window_end < first:
        return []
    fast = _fast(rule, start)
    if fast is None:
        return _expand_dateutil(rule, start, start_time, first, window_end)
    if fast.daily:
        days = _daily(start, fast.interval, first, window_end)
    else:
        days = _weekly(start, fast, first, window_end)
    if fast.until is not None:
        until = fast.until
        days = [d for d in days if datetime.combine(d, start_time) <= until]
    return days


def _daily(start: date, interval: int, first: date, last: date) -> list[date]:
    lag = (first - start).days % interval
    day0 = first.toordinal() + ((interval - lag) % interval)
    return [date.fromordinal(n) for n in range(day0, last.toordinal() + 1, interval)]


def _weekly(start: date, fast: _Fast, first: date, last: date) -> list[date]:
    base = start.toordinal() - (start.weekday() - fast.wkst) % 7  # week containing the start
    week_of_first = first.toordinal() - (first.weekday() - fast.wkst) % 7
    weeks = (week_of_first - base) // 7
    week = base + 7 * (weeks + (-weeks) % fast.interval)
    lo, hi = first.toordinal(), last.toordinal()
    step = 7 * fast.interval
    out: list[date] = []
    while week <= hi:
        for offset in fast.offsets:
            n = week + offset
            if lo <= n <= hi:
                out.append(date.fromordinal(n))
        week += step
    return out


def _expand_dateutil(
    rule: str, start: date, start_time: time, first: date, last: date
) -> list[date]:
    parsed = _parsed(rule, datetime.combine(start, start_time))
    lo = datetime.combine(first, time.min)
    hi = datetime.combine(last + timedelta(days=1), time.min)
    return [dt.date() for dt in parsed.between(lo, hi, inc=True) if dt < hi]


def occurs_on(rule: str, start: date, start_time: time, day: date) -> bool:
    return bool(expand_dates(rule, start, start_time, day, day))


def describe(rule: str) -> str:
    """A plain-English summary ("Every 2 weeks on Monday and Thursday") for lists and PDFs."""
    try:
        parts = _parts(rule)
    except ValueError:
        return rule
    interval = int(parts.get("INTERVAL", "1"))
    freq = parts.get("FREQ", "")
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}.get(freq, "")
    every = f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"
    if "BYDAY" in parts and freq == "WEEKLY":
        names = [
            WEEKDAY_NAMES[WEEKDAY_CODES.index(c)]
            for c in parts["BYDAY"].split(",")
            if c in WEEKDAY_CODES
        ]
        if len(names) > 1:
            every += " on " + ", ".join(names[:-1]) + " and " + names[-1]
        elif names:
            every += " on " + names[0]
    if "BYMONTHDAY" in parts:
        every += f" on day {parts['BYMONTHDAY']}"
    return every
