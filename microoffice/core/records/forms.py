"""What people type on record forms (a day and a time, a list of dose times), read into values
with errors named by field, so the window and any other front end read them the same way."""

from __future__ import annotations

from datetime import datetime

from microoffice.core import clock
from microoffice.core.readers.times import parse_time
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date, format_time


def when_from_text(c: Checker, field: str, day_text: str, time_text: str) -> datetime | None:
    """A London day ('07/12/2026') and time ('08:45') as an aware UTC instant."""
    day = c.date_text(field, day_text)
    if day is None:
        if field not in c.errors:
            c.fail(field, "Enter the date, e.g. 07/12/2026")
        return None
    at = c.check(field, parse_time, time_text)
    if at is None:
        return None
    return clock.to_utc(day, at)


def times_from_text(c: Checker, field: str, text: str) -> list[str]:
    """'8am, 13:00; 18.30' as ['08:00', '13:00', '18:30']."""
    out = []
    for part in text.replace(";", ",").split(","):
        if part.strip():
            parsed = c.check(field, parse_time, part)
            if parsed is not None:
                out.append(parsed.strftime("%H:%M"))
    return out


def now_texts() -> tuple[str, str]:
    """Today's date and the time now, as a form shows them."""
    local = clock.local_now()
    return format_date(local), format_time(local)


def texts_of(instant: datetime) -> tuple[str, str]:
    local = clock.to_local(instant)
    return format_date(local), format_time(local)
