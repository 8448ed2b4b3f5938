"""Text -> value for every kind of field a person types, written once (docs/readers.md).

A reader takes the text as it was typed (in a form, on the command line, in a spreadsheet cell)
and returns the value, or raises ValueError with a message a person can act on. The forms (through
the services' `from_text`), the command line (commands/readers.py) and the spreadsheet import
(importing/columns.py) all call these, so '7:30' or '£1,200' means one thing wherever it is typed;
tests/test_readers_agree.py feeds the same text through all three.

- dates.py        dates with a plausible window per kind of field; months, weeks, periods
- times.py        times of day, lengths in minutes, contracted hours a week
- numbers.py      money (pence), whole numbers, percentages, multipliers, miles
- identifiers.py  postcodes, NHS numbers, phone numbers, email addresses, CQC IDs
- choices.py      yes/no and the words people use for each coded choice

This package imports nothing itself, so a command can import one reader cheaply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def optional(reader: Callable[[str], T]) -> Callable[[str], T | None]:
    """The reader for a field that may be left blank: blank text is None (not given)."""

    def read(text: str) -> T | None:
        return reader(text) if text.strip() else None

    read.__name__ = f"optional_{getattr(reader, '__name__', 'reader')}"
    read.__doc__ = reader.__doc__
    return read
