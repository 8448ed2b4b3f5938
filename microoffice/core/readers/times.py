"""Times of day, lengths of time in minutes, and contracted hours a week.

One meaning for each, wherever it is typed:
- a time of day: '08:30', '8.30', '8:30pm', '9am', '14:00';
- a length in minutes: '45', '45 min', '1:30' and '1h30' (an hour and a half);
- hours a week: '37.5', '37:30', '37 h 30', '37h30m' and '37.5 hrs' all mean 37 hours 30
  minutes (2,250 minutes). ':' always separates hours from minutes, '.' is a decimal point;
- days of the week: 'Mon-Fri', 'Tue,Thu', 'weekends', 'every day'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from decimal import ROUND_HALF_UP, Decimal

from microoffice.core.scheduling.recurrence import WEEKDAY_NAMES

_TIME = re.compile(r"^([0-9]{1,2})(?:[:.]([0-9]{2}))?(am|pm)?$")
_HOUR_WORDS = r"(?:h|hr|hrs|hour|hours)"
_MINUTE_WORDS = r"(?:m|min|mins|minute|minutes)"
_DECIMAL_HOURS = re.compile(rf"^([0-9]{{1,3}}(?:\.[0-9]{{1,2}})?|\.[0-9]{{1,2}}){_HOUR_WORDS}?$")
_HOURS_MINUTES = re.compile(
    rf"^([0-9]{{1,3}})(?::([0-9]{{2}})|{_HOUR_WORDS}(?:([0-9]{{1,2}}){_MINUTE_WORDS}?)?)$"
)
_MINUTES = re.compile(rf"^([0-9]{{1,4}}){_MINUTE_WORDS}?$")
_A_WEEK = re.compile(r"(?:a|per|/|each)(?:week|wk)$|pw$")
MOST_HOURS_A_WEEK = 100  # a week has 168 hours; nobody is contracted for more than 100


def parse_time(text: str) -> time:
    """'08:30', '8.30', '8:30pm', '14:00' or '9am' as a clock time."""
    value = text.strip().lower().replace(" ", "")
    if not value:
        raise ValueError("Type the time, like 08:30")
    match = _TIME.match(value)
    if match is None:
        raise ValueError(f"'{text.strip()}' is not a time; type it like 08:30")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix is not None:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{text.strip()}' is not a time; type it like 08:30")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"'{text.strip()}' is not a time; type it like 08:30")
    return time(hour, minute)


# What may follow a time of something that happened: which of the two 01:30s on the night the
# clocks go back (GMT/BST, or plain words), and "next day" for a visit that ran past midnight.
_MARK = re.compile(r"[\s(,]*\b(gmt|bst|first|1st|second|2nd|next\s*day)\b[\s)]*$")
_SECOND = {"gmt": True, "second": True, "2nd": True, "bst": False, "first": False, "1st": False}


def read_time(text: str) -> time:
    """'08:30', '8.30', '8:30pm', '14:00' or '9am' as a clock time."""
    value = text.strip().lower().replace(" ", "")
    if not value:
        raise ValueError("Type the time, like 08:30")
    match = _TIME.match(value)
    if match is None:
        raise ValueError(f"'{text.strip()}' is not a time; type it like 08:30")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix is not None:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{text.strip()}' is not a time; type it like 08:30")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"'{text.strip()}' is not a time; type it like 08:30")
    return time(hour, minute)


@dataclass(frozen=True)
class ClockTime:
    """A time typed for something that happened: the clock time, whether it is the second time
    round in the hour that happens twice when the clocks go back, and whether it is on the day
    after the visit started."""

    at: time
    second: bool = False
    next_day: bool = False


def read_clock_time(text: str) -> ClockTime:
    """A time as `parse_time` reads it, optionally followed by 'GMT' or 'second' (the second
    01:30 on the night the clocks go back; 'BST' or 'first' for the first, which is also what a
    plain 01:30 means) and by 'next day'."""
    rest = text.strip().lower()
    second: bool | None = None
    next_day = False
    while (match := _MARK.search(rest)) is not None and match.start() > 0:
        word = " ".join(match.group(1).split())
        if word == "next day":
            next_day = True
        else:
            if second is not None and second != _SECOND[word]:
                raise ValueError(
                    f"'{text.strip()}' says both the first and the second time; type one of them"
                )
            second = _SECOND[word]
        rest = rest[: match.start()]
    try:
        at = parse_time(rest)
    except ValueError:
        raise ValueError(
            f"'{text.strip()}' is not a time; type it like 08:30"
            if rest.strip()
            else "Type the time, like 08:30"
        ) from None
    return ClockTime(at, bool(second), next_day)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text.strip().lower())


def _hours_and_minutes(value: str, bare: str) -> int | None:
    """Minutes for a squeezed text, or None when it is not a length of time.

    '37:30', '37h30', '37hours30minutes' are hours and minutes (minutes under 60); '37.5h' is
    decimal hours and '45min' minutes; a bare number ('37.5', '45') is read as `bare` says:
    "hours" or "minutes"."""
    match = _HOURS_MINUTES.match(value)
    if match is not None:
        minutes = int(match.group(2) or match.group(3) or 0)
        return None if minutes > 59 else int(match.group(1)) * 60 + minutes
    match = _MINUTES.match(value)
    if match is not None and (bare == "minutes" or match.group(0) != match.group(1)):
        return int(match.group(1))
    match = _DECIMAL_HOURS.match(value)
    if match is not None and (bare == "hours" or match.group(0) != match.group(1)):
        exact = Decimal(match.group(1)) * 60
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return None


def read_minutes(text: str, least: int = 1, most: int = 24 * 60) -> int:
    """A length of time: '45' or '45 min' (minutes), '1:30', '1h30' or '1.5h' (an hour and a
    half)."""
    shown = text.strip()
    value = _squeezed(text)
    if not value:
        raise ValueError("Type the length in minutes, like 45")
    minutes = _hours_and_minutes(value, bare="minutes")
    if minutes is None:
        raise ValueError(f"'{shown}' is not a length of time; type minutes, like 45 (or 1:30)")
    if not least <= minutes <= most:
        raise ValueError(f"'{shown}' is not {least} to {most} minutes; check the number")
    return minutes


def read_weekly_hours(text: str, most: int = MOST_HOURS_A_WEEK) -> int | None:
    """Hours a week as whole minutes ('37.5', '37:30', '37 h 30', '37.5 hrs': 2,250); blank is
    None (not recorded). More than `most` hours a week is refused as a slip of the keyboard."""
    shown = text.strip()
    value = _A_WEEK.sub("", _squeezed(text))
    if not value:
        return None
    if value.startswith("-"):
        raise ValueError("Hours cannot be negative")
    minutes = _hours_and_minutes(value, bare="hours")
    if minutes is None:
        raise ValueError(f"'{shown}' is not a number of hours; type it like 37.5 (or 37:30)")
    if minutes > most * 60:
        raise ValueError(
            f"'{shown}' is more than {most} hours a week, which is not possible; check the number"
        )
    return minutes


def hours_text(minutes: int | None) -> str:
    """Minutes as a form shows hours, read back to the same minutes by read_weekly_hours:
    1350 -> '22.5'; '7:20' when no short decimal is exact."""
    if minutes is None:
        return ""
    exact = Decimal(minutes) / 60
    if exact == exact.quantize(Decimal("0.01")):
        return f"{exact.normalize():f}"
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


def read_weekdays(text: str) -> tuple[int, ...]:
    """'Mon-Fri', 'Mon,Wed,Fri', 'Sat', 'weekdays', 'every day' -> weekday numbers (0 = Monday)."""
    words = text.strip().lower()
    if words in {"weekdays", "mon-fri"}:
        return (0, 1, 2, 3, 4)
    if words in {"every day", "all", "daily", "mon-sun"}:
        return tuple(range(7))
    if words in {"weekend", "weekends", "sat-sun"}:
        return (5, 6)
    days: set[int] = set()
    for part in filter(None, (p.strip() for p in re.split(r"[,\s]+", words))):
        first, sep, last = part.partition("-")
        a = _day(first, text)
        b = _day(last, text) if sep else a
        if b < a:
            raise ValueError(f"'{part}' runs backwards; write it like Mon-Fri")
        days.update(range(a, b + 1))
    if not days:
        raise ValueError("Say which days, for example Mon-Fri or Tue,Thu")
    return tuple(sorted(days))


def _day(word: str, text: str) -> int:
    found = [n for n, name in enumerate(WEEKDAY_NAMES) if name.lower().startswith(word)]
    if len(word) < 2 or len(found) != 1:
        raise ValueError(f"'{text}' is not a list of days; write it like Mon-Fri or Tue,Thu")
    return found[0]
