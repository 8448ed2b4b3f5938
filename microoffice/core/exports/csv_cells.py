"""Every CSV microoffice writes goes through here, so none can carry a live formula.

A spreadsheet program opening a CSV runs a cell that starts with = + - or @ as a formula (and
tab or carriage return can hide such a start), so a client or payer named
`=HYPERLINK("http://...","Click")` would become a link, or worse, on the accountant's screen.
OWASP's advice is followed: such a text cell is written with an apostrophe in front, which
spreadsheets show as text. A number stays a number: -12.50 for a credit note is written as it
is, since a plain number cannot be a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?\Z")


def safe_cell(value: object) -> str:
    """The text to write for one cell: numbers as they are, dangerous text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(TRIGGERS) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """A whole CSV file (header, then one line per row, CRLF as spreadsheets expect) with every
    cell, the header's too, made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c, "")) for c in columns])
    return buffer.getvalue()
