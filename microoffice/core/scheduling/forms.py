"""What people type for plans and visit outcomes, read into values, with errors named by field.

The window's dialogs and any other front end share these; each field is read by its kind's
reader (core/readers), so "8.30", "08:30" and "8:30am" are read the same everywhere and every
message says how to type it instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, time
from typing import Any

from microoffice.core import clock
from microoffice.core.readers.times import parse_time
from microoffice.core.scheduling.plans import PlanData
from microoffice.core.services.forms import Checker


def split_tasks(text: str) -> list[str]:
    """'Wash, breakfast; medication' as a list; commas, semicolons or new lines separate."""
    return [t.strip() for t in re.split(r"[,;\n]", text) if t.strip()]


def plan_from_text(values: Mapping[str, Any]) -> PlanData:
    """A PlanData from a form: client_id (int), weekdays (ints), every_weeks, start_time
    text, duration_minutes, start_date/end_date text, service_type, tasks text, staff_required,
    staff_ids (ints, blanks ignored), notes."""
    c = Checker()
    start_time = c.check("start_time", parse_time, str(values.get("start_time", "")))
    start_date = c.date_text("start_date", str(values.get("start_date", "")))
    if start_date is None and "start_date" not in c.errors:
        c.fail("start_date", "Choose the date of the first visit")
    end_date = c.date_text("end_date", str(values.get("end_date", "")))
    client_id = values.get("client_id")
    if not client_id:
        c.fail("client_id", "Choose a client for the plan")
    c.done()
    assert start_time is not None and start_date is not None
    staff: Sequence[Any] = values.get("staff_ids", ())
    return PlanData(
        client_id=int(client_id),  # type: ignore[arg-type]
        start_date=start_date,
        start_time=start_time,
        duration_minutes=int(values.get("duration_minutes", 0)),
        weekdays=tuple(int(d) for d in values.get("weekdays", ())),
        every_weeks=int(values.get("every_weeks", 1)),
        end_date=end_date,
        service_type=str(values.get("service_type", "personal_care")),
        tasks=split_tasks(str(values.get("tasks", ""))),
        staff_required=int(values.get("staff_required", 1)),
        staff_ids=[int(s) for s in staff if s],
        notes=str(values.get("notes", "")),
    )


def times_from_text(start: str, end: str) -> tuple[time, time]:
    """Actual start and end of a visit typed as clock times."""
    c = Checker()
    begin = c.check("actual_start", parse_time, start)
    finish = c.check("actual_end", parse_time, end)
    c.done()
    assert begin is not None and finish is not None
    return begin, finish


def notice_from_text(day_text: str, time_text: str) -> datetime:
    """When the client told us (for the cancellation charge): a date and a time, London."""
    c = Checker()
    day = c.date_text("notice_date", day_text)
    at = c.check("notice_time", parse_time, time_text)
    if day is None and "notice_date" not in c.errors:
        c.fail("notice_date", "Type the date the client told you, like 06/12/2026")
    c.done()
    assert day is not None and at is not None
    return clock.to_utc(day, at)
