"""Dates as people in the UK type them, with a plausible window for each kind of field.

'31/12/1950', '31.12.1950', '31-12-50' and '1950-12-31' are all read; two-digit years are this
century up to this year, else the last. A date that reads but cannot be meant (06/01/0027 for
2027, an empty spreadsheet date shown as 01/01/1900) is refused by the window of its kind.
Months ('2026-12', '12/2026'), ISO weeks ('2026-W49') and invoice periods are read here too.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from microoffice.core import clock
from microoffice.core.vocabulary import format_date


@dataclass(frozen=True)
class DateKind:
    """Which dates a field can plausibly hold, as a window around today (docs/readers.md).

    A date typed with the wrong year (06/01/0027 for 2027), or an empty date a spreadsheet
    shows as 01/01/1900, reads as a real date; the window is what tells it is not one."""

    label: str  # "date of birth", "service date" ...
    years_back: int | None  # None: from `earliest`
    years_ahead: int  # 0: not after today
    earliest: date = date(1, 1, 1)


BIRTH = DateKind("date of birth", None, 0, date(1901, 1, 1))
SERVICE = DateKind("date of a service or job starting or ending", 30, 2)
DAY = DateKind("date", 7, 2)  # payments, invoices, visits, report periods
REVIEW = DateKind("date to look at a record again", 0, 30)  # keeping a record for longer


def date_window(kind: DateKind, today: date | None = None) -> tuple[date, date]:
    day = today or clock.today()
    first = kind.earliest
    if kind.years_back is not None:
        first = max(first, date(day.year - kind.years_back, 1, 1))
    last = date(day.year + kind.years_ahead, 12, 31) if kind.years_ahead else day
    return first, last


def check_date(value: date | None, kind: DateKind, today: date | None = None) -> date | None:
    """`value` when it is plausible for its kind of field, else ValueError saying which dates
    are. `today` can be given once for many checks (an import asks once, not per row)."""
    if value is None:
        return None
    first, last = date_window(kind, today)
    if first <= value <= last:
        return value
    if kind is BIRTH:
        if value > last:
            raise ValueError("The date of birth is in the future; please check it")
        raise ValueError(
            f"A date of birth must be after 1900, not {format_date(value)} (01/01/1900 is "
            "often an empty date from a spreadsheet); please check it"
        )
    side = "too long ago" if value < first else "too far ahead"
    raise ValueError(
        f"{format_date(value)} is {side} to be a {kind.label}: dates from "
        f"{format_date(first)} to {format_date(last)} are accepted. Check the year"
    )


def check_birth_date(value: date | None, today: date | None = None) -> date | None:
    return check_date(value, BIRTH, today)


def check_service_date(value: date | None, today: date | None = None) -> date | None:
    return check_date(value, SERVICE, today)


def read_date(text: str, kind: DateKind, today: date | None = None) -> date | None:
    """The one reader of a typed date for a field of `kind` (blank is None): the form, the
    command line and the import all call it (an import as parse_date then check_date, a column
    at a time)."""
    return check_date(parse_date(text), kind, today)


def parse_date(text: str) -> date | None:
    """Dates as people in the UK write them (dd/mm/yyyy) or ISO (yyyy-mm-dd); blank is None."""
    value = text.strip()
    if not value:
        return None
    for sep in ("/", ".", "-"):
        parts = value.split(sep)
        if len(parts) == 3 and all(p.isascii() and p.isdigit() for p in parts):
            try:
                if len(parts[0]) == 4:
                    return date(int(parts[0]), int(parts[1]), int(parts[2]))
                year = int(parts[2])
                if len(parts[2]) == 2:
                    year += 2000 if year <= clock.today().year % 100 else 1900
                return date(year, int(parts[1]), int(parts[0]))
            except ValueError:
                break
    raise ValueError(f"'{value}' is not a date; type it like 31/12/1950")


_MONTH = re.compile(r"^(?:(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4}))$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$")


def read_month(text: str, today: date | None = None) -> date:
    """'2026-12' or '12/2026' as the first of that month, within the window of a DAY."""
    value = text.strip()
    match = _MONTH.match(value)
    try:
        if match is None:
            raise ValueError
        year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
        first = date(int(year), int(month), 1)
    except ValueError:
        raise ValueError(f"'{value}' is not a month; write it like 2026-12") from None
    _in_window(first, month_end(first), today)
    return first


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def read_week(text: str, today: date | None = None) -> date:
    """An ISO week written like 2026-W49, as its Monday."""
    value = text.strip()
    match = _WEEK.match(value.upper())
    try:
        if match is None:
            raise ValueError
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError(f"'{value}' is not a week; write it like 2026-W49") from None
    _in_window(monday, monday, today)
    return monday


def read_period(text: str, today: date | None = None) -> tuple[date, date]:
    """A month (2026-12), an ISO week (2026-W49) or a span of days (30/11/2026..27/12/2026,
    either end written as any date is), as its first and last day."""
    value = text.strip()
    if ".." in value:
        first_text, _, last_text = value.partition("..")
        try:
            start, end = parse_date(first_text), parse_date(last_text)
        except ValueError:
            start = end = None
        if start is None or end is None:
            raise ValueError(_PERIOD_HELP.format(value))
        if end < start:
            raise ValueError("The period ends before it starts")
        check_date(start, DAY, today)
        check_date(end, DAY, today)
        return start, end
    if _WEEK.match(value.upper()):
        monday = read_week(value, today)
        return monday, date.fromordinal(monday.toordinal() + 6)
    if _MONTH.match(value):
        first = read_month(value, today)
        return first, month_end(first)
    raise ValueError(_PERIOD_HELP.format(value))


_PERIOD_HELP = (
    "'{}' is not a period; write a month (2026-12), a week (2026-W49) "
    "or a span (2026-11-30..2026-12-27)"
)


def _in_window(first: date, last: date, today: date | None) -> None:
    low, high = date_window(DAY, today)
    if last < low or first > high:
        side = "too long ago" if last < low else "too far ahead"
        raise ValueError(
            f"{format_date(first)} is {side}: dates from {format_date(low)} to "
            f"{format_date(high)} are accepted. Check the year"
        )
