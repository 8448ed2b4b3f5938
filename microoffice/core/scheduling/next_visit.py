"""The next visit still to come, for a day with nothing (more) on it.

Today on a day without visits should say what comes next ("Next visit: Monday 07:30, Peggy
Henshaw"), or that nothing is planned at all, rather than only "No visits today.". The search
widens a step at a time so a busy rota answers from its first week without expanding a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.clock_changes import wall_text
from microoffice.core.models.enums import VisitStatus
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.occurrences import occurrences

# Days looked at in each step: this week, the next two months, then up to a year and a bit.
STEPS = (7, 62, 400)
NONE_PLANNED = "No visits planned yet: add a visit plan on the Calendar."


@dataclass(frozen=True)
class NextVisit:
    start: datetime  # aware UTC
    client_name: str


@needs(Right.OWN_VISITS, staff="staff_id")
def next_visit(session: Session, staff_id: int | None = None) -> NextVisit | None:
    """The first planned visit starting after now (a carer's own, given their staff id)."""
    now = clock.now()
    first = clock.today()
    looked = first - timedelta(days=1)
    for days in STEPS:
        last = first + timedelta(days=days - 1)
        found = [
            occ
            for occ in occurrences(session, looked + timedelta(days=1), last, staff_id=staff_id)
            if occ.status == VisitStatus.PLANNED.value and occ.planned_start > now
        ]
        if found:
            occ = min(found, key=lambda o: o.planned_start)
            return NextVisit(occ.planned_start, occ.client_name)
        looked = last
    return None


def describe(visit: NextVisit | None, today: date) -> str:
    """'Next visit: Monday 07:30, Peggy Henshaw' (the date too beyond the coming week)."""
    if visit is None:
        return NONE_PLANNED
    local = clock.to_local(visit.start)
    day = local.date()
    if day == today:
        when = "today"
    elif day < today + timedelta(days=7):
        when = f"{day:%A}"
    else:
        when = f"{day:%A} {day.day} {day:%B}"
    return f"Next visit: {when} {wall_text(visit.start)}, {visit.client_name}"
