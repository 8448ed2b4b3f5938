"""How the command line reads its arguments: one reader per kind of value, each the core's own
(core/readers), so '7:30', '£1,200' or '31/12/1950' means on the command line what it means in
a form or a spreadsheet cell.

Each is an argparse `type=`: a value that cannot be read stops the command before the office is
opened, with the reader's own message after the argument's name ("argument --date: '31/02/2026'
is not a date; type it like 31/12/1950") and exit status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, time
from typing import TypeVar

from microoffice.core.readers import choices, dates, identifiers, numbers, times

T = TypeVar("T")


def argument(read: Callable[[str], T], name: str) -> Callable[[str], T]:
    """`read` as an argparse type: its ValueError becomes argparse's error, message intact."""

    def convert(text: str) -> T:
        try:
            return read(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = name  # argparse names the type in some of its own messages
    return convert


def _required(read: Callable[[str], T | None], wanted: str) -> Callable[[str], T]:
    def required(text: str) -> T:
        value = read(text)
        if value is None:
            raise ValueError(wanted)
        return value

    return required


def day_of(kind: dates.DateKind) -> Callable[[str], date]:
    """A date that must be given, plausible for its kind (by default a day things happen on)."""
    read = _required(
        lambda text: dates.read_date(text, kind), "A date is needed; write it like 01/12/2026"
    )
    return argument(read, "date")


def optional_day_of(kind: dates.DateKind) -> Callable[[str], date | None]:
    """A date that may be left blank ('' is not recorded), plausible for its kind."""
    return argument(lambda text: dates.read_date(text, kind), "date")


def minutes(least: int = 1, most: int = 24 * 60) -> Callable[[str], int]:
    return argument(lambda text: times.read_minutes(text, least, most), "minutes")


def whole(least: int, most: int, what: str) -> Callable[[str], int]:
    return argument(lambda text: numbers.read_whole(text, least, most, what), "number")


day = day_of(dates.DAY)
month = argument(dates.read_month, "month")
week = argument(dates.read_week, "week")
period = argument(dates.read_period, "period")
time_of_day: Callable[[str], time] = argument(times.parse_time, "time")
weekdays = argument(times.read_weekdays, "days")
weekly_hours = argument(times.read_weekly_hours, "hours")
money = argument(numbers.read_money, "money")
yes_no = argument(choices.read_yes_no, "yes or no")
role = argument(choices.read_role, "role")
employment = argument(choices.read_employment, "employment")
nation = argument(choices.read_nation, "nation")
postcode = argument(identifiers.read_postcode, "postcode")
nhs_number = argument(identifiers.read_nhs_number, "NHS number")
phone = argument(identifiers.read_phone, "phone")
email = argument(identifiers.read_email, "email")
