"""Validators that return messages a person can act on; forms show them at the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from operator import mul

from microoffice.core import clock

# Royal Mail format: outward code (area, district) + inward code (sector digit, unit letters).
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")
_NHS_WEIGHTS = range(10, 1, -1)


def normalise_postcode(text: str) -> str:
    """'b11aa' -> 'B1 1AA'; raises ValueError with a helpful message if it cannot be a postcode."""
    compact = re.sub(r"\s+", "", text).upper()
    if not compact:
        return ""
    if len(compact) < 5 or len(compact) > 7:
        raise ValueError(f"'{text.strip()}' is not a UK postcode; it should look like B15 2TT")
    formatted = f"{compact[:-3]} {compact[-3:]}"
    if not _POSTCODE.match(formatted):
        raise ValueError(f"'{text.strip()}' is not a UK postcode; it should look like B15 2TT")
    return formatted


def postcode_district(postcode: str) -> str:
    return postcode.split(" ")[0] if postcode else ""


def normalise_nhs_number(text: str) -> str:
    """Ten digits whose last is the modulus-11 check digit of the first nine."""
    digits = "".join(text.split()).replace("-", "")
    if not digits:
        return ""
    if not digits.isascii() or not digits.isdigit() or len(digits) != 10:
        raise ValueError("An NHS number has 10 digits, like 943 476 5919")
    total = sum(map(mul, map(int, digits[:9]), _NHS_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValueError(
            "This NHS number is not valid (its check digit is wrong); please re-check it"
        )
    return digits


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def check_email(text: str) -> str:
    value = text.strip()
    if value and not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an email address; it should look like name@example.com")
    return value


def check_phone(text: str) -> str:
    value = text.strip()
    if value and not _PHONE.match(value):
        raise ValueError(f"'{value}' is not a phone number; use digits, spaces and an optional +")
    return value


@dataclass(frozen=True)
class DateKind:
    """Which dates a field can plausibly hold, as a window around today (docs/importing.md).

    A date typed with the wrong year (06/01/0027 for 2027), or an empty date a spreadsheet
    shows as 01/01/1900, reads as a real date; the window is what tells it is not one."""

    label: str  # "date of birth", "service date" ...
    years_back: int | None  # None: from `earliest`
    years_ahead: int  # 0: not after today
    earliest: date = date(1, 1, 1)


BIRTH = DateKind("date of birth", None, 0, date(1901, 1, 1))
SERVICE = DateKind("date of a service or job starting or ending", 30, 2)
DAY = DateKind("date", 7, 2)  # payments, invoices, visits, report periods


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
    """The one reader of a typed date for a field of `kind`: the form, the command line and the
    import all call it (or parse_date then check_date, as an import does a column at a time)."""
    return check_date(parse_date(text), kind, today)


def parse_date(text: str) -> date | None:
    """Dates as people in the UK write them (dd/mm/yyyy) or ISO (yyyy-mm-dd)."""
    value = text.strip()
    if not value:
        return None
    for sep in ("/", ".", "-"):
        parts = value.split(sep)
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit() and parts[2].isdigit():
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


def format_date(value: date | None) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


_CQC_ID = re.compile(r"^1-[0-9]{9,11}$")


def normalise_cqc_id(text: str) -> str:
    """CQC provider and location IDs are '1-' and then 9 to 11 digits, as on the register
    (e.g. 1-101641385, 1-1097342218); a typo here puts a wrong ID on every invoice and pack."""
    compact = "".join(text.split())
    if not compact:
        return ""
    if not _CQC_ID.match(compact):
        raise ValueError(
            f"'{text.strip()}' is not a CQC ID; it looks like 1-123456789 "
            "(1, a dash, then 9 to 11 digits, as on your registration certificate)"
        )
    return compact


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")
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
    """A time as `read_time` reads it, optionally followed by 'GMT' or 'second' (the second
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
        at = read_time(rest)
    except ValueError:
        raise ValueError(
            f"'{text.strip()}' is not a time; type it like 08:30"
            if rest.strip()
            else "Type the time, like 08:30"
        ) from None
    return ClockTime(at, bool(second), next_day)
