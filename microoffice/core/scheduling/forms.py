"""What people type for plans and visit outcomes, read into values, with errors named by field.

The window's dialogs and any other front end share these; each field is read by its kind's
reader (core/readers), so "8.30", "08:30" and "8:30am" are read the same everywhere and every
message says how to type it instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from microoffice.core import clock
from microoffice.core.clock_changes import changes_between, long_day
from microoffice.core.readers.dates import parse_date
from microoffice.core.readers.times import ClockTime, parse_time, read_clock_time
from microoffice.core.scheduling import times
from microoffice.core.scheduling.plans import PlanData, plan_warnings
from microoffice.core.scheduling.visits import OneOffData
from microoffice.core.services.forms import Checker


def split_tasks(text: str) -> list[str]:
    """'Wash, breakfast; medication' as a list; commas, semicolons or new lines separate."""
    return [t.strip() for t in re.split(r"[,;\n]", text) if t.strip()]


def plan_from_text(values: Mapping[str, Any]) -> PlanData:
    """A PlanData from a form: client_id (int), weekdays (ints), every_weeks, start_time and
    end_time text, start_date/end_date text, service_type, tasks text, staff_required,
    staff_ids (ints, blanks ignored), notes."""
    c = Checker()
    start_time = c.check("start_time", parse_time, str(values.get("start_time", "")))
    end_time = c.check("end_time", parse_time, str(values.get("end_time", "")))
    start_date = c.date_text("start_date", str(values.get("start_date", "")))
    if start_date is None and "start_date" not in c.errors:
        c.fail("start_date", "Choose the date of the first visit")
    end_date = c.date_text("end_date", str(values.get("end_date", "")))
    client_id = values.get("client_id")
    if not client_id:
        c.fail("client_id", "Choose a client for the plan")
    c.done()
    assert start_time is not None and end_time is not None and start_date is not None
    staff: Sequence[Any] = values.get("staff_ids", ())
    return PlanData(
        client_id=int(client_id),  # type: ignore[arg-type]
        start_date=start_date,
        start_time=start_time,
        end_time=end_time,
        weekdays=tuple(int(d) for d in values.get("weekdays", ())),
        every_weeks=int(values.get("every_weeks", 1)),
        end_date=end_date,
        service_type=str(values.get("service_type", "personal_care")),
        tasks=split_tasks(str(values.get("tasks", ""))),
        staff_required=int(values.get("staff_required", 1)),
        staff_ids=[int(s) for s in staff if s],
        notes=str(values.get("notes", "")),
    )


def plan_advice(values: Mapping[str, Any]) -> list[str]:
    """The advice for a plan form as typed so far (`plans.plan_warnings`), before it is saved:
    what cannot be read yet gives no advice rather than an error."""
    try:
        start = parse_time(str(values.get("start_time", "")))
        end = parse_time(str(values.get("end_time", "")))
        first = parse_date(str(values.get("start_date", ""))) or clock.today()
        last = parse_date(str(values.get("end_date", "")))
    except ValueError:
        return []
    draft = PlanData(
        client_id=0,
        start_date=first,
        start_time=start,
        end_time=end,
        weekdays=tuple(int(d) for d in values.get("weekdays", ())),
        every_weeks=int(values.get("every_weeks", 1)),
        end_date=last,
        notes=str(values.get("notes", "")),
    )
    return plan_warnings(draft)


def times_summary(start: str, end: str) -> str:
    """What a start and end typed on a form mean, shown beside them as they are typed:
    "22:00 to 07:00 (overnight, ends next day)"; '' until both can be read."""
    try:
        return times.describe(parse_time(start), parse_time(end))
    except ValueError:
        return ""


def one_off_from_text(values: Mapping[str, Any]) -> OneOffData:
    """A OneOffData from a form: client_id, day text, start_time and end_time text,
    service_type, tasks text, staff_ids (ints, blanks ignored)."""
    c = Checker()
    day = c.date_text("day", str(values.get("day", "")))
    start = c.check("start_time", parse_time, str(values.get("start_time", "")))
    end = c.check("end_time", parse_time, str(values.get("end_time", "")))
    if not values.get("client_id"):
        c.fail("client_id", "Choose a client")
    if day is None and "day" not in c.errors:
        c.fail("day", "Type the date of the visit")
    c.done()
    assert day is not None and start is not None and end is not None
    staff: Sequence[Any] = values.get("staff_ids", ())
    return OneOffData(
        client_id=int(values["client_id"]),
        day=day,
        start_time=start,
        end_time=end,
        service_type=str(values.get("service_type", "personal_care")),
        tasks=split_tasks(str(values.get("tasks", ""))),
        staff_ids=[int(s) for s in staff if s],
        notes=str(values.get("notes", "")),
    )


def clock_change_hint(planned_start: datetime, planned_end: datetime) -> str:
    """How to type actual times for a visit on a night the clocks changed ('' on other days)."""
    first = clock.to_local(planned_start).date()
    last = clock.to_local(planned_end).date()
    for change in changes_between(first, last):
        hour = f"{min(change.at, change.to):%H}"
        if change.forward:
            return (
                f"The clocks went forward at {change.at:%H:%M} on {long_day(change.day)}: "
                f"no time from {hour}:00 to {hour}:59 happened that night."
            )
        return (
            f"The clocks went back at {change.at:%H:%M} on {long_day(change.day)}, so "
            f"{hour}:00 to {hour}:59 happened twice. A time in that hour means the first "
            f"(BST); type GMT after it for the second, like {hour}:30 GMT."
        )
    return ""


def times_from_text(start: str, end: str) -> tuple[ClockTime, ClockTime]:
    """Actual start and end of a visit typed as clock times ('01:30 GMT' for the second 01:30
    on the night the clocks go back; '00:15 next day')."""
    c = Checker()
    begin = c.check("actual_start", read_clock_time, start)
    finish = c.check("actual_end", read_clock_time, end)
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
