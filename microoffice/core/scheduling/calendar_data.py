"""Calendar data for day and week views, and the bank-holiday review list.

Bank holidays depend on where the client lives (DOMAIN.md 9.7: Scotland has 2 January, Northern
Ireland St Patrick's Day...), so a client's calendar uses the client's nation, and team or staff
views use the business's nation while each visit is still checked against its own client's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.calendar.bank_holidays import bank_holidays
from microoffice.core.errors import NotFoundError
from microoffice.core.models.business import Business
from microoffice.core.models.clients import Client
from microoffice.core.models.enums import Nation
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.occurrences import Occurrence, occurrences


@dataclass(frozen=True)
class CalendarDay:
    day: date
    holiday: str | None
    visits: tuple[Occurrence, ...]


@needs(Right.ANYONE)
def business_nation(session: Session) -> str:
    nation = session.scalar(select(Business.nation).limit(1))
    return nation or Nation.ENGLAND.value


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@needs(Right.OWN_VISITS, staff="staff_id")
def calendar_days(
    session: Session,
    start: date,
    end: date,
    client_id: int | None = None,
    staff_id: int | None = None,
    *,
    skipped: bool = False,
) -> list[CalendarDay]:
    """Each day start..end with its bank holiday (client's nation if one client) and visits
    (with `skipped`, the plans' skipped visits too, marked as skipped)."""
    if client_id is not None:
        client = session.get(Client, client_id)
        if client is None:
            raise NotFoundError(f"There is no client with id {client_id}.")
        nation = client.nation
    else:
        nation = business_nation(session)
    holidays = bank_holidays(nation, start, end, session)
    by_day: dict[date, list[Occurrence]] = defaultdict(list)
    found = occurrences(
        session, start, end, client_id=client_id, staff_id=staff_id, skipped=skipped
    )
    for occ in found:
        by_day[occ.day].append(occ)
    days = []
    day = start
    while day <= end:
        holiday = holidays.get(day)
        days.append(CalendarDay(day, holiday.name if holiday else None, tuple(by_day[day])))
        day += timedelta(days=1)
    return days


@needs(Right.OWN_VISITS, staff="staff_id")
def week(
    session: Session,
    any_day: date,
    client_id: int | None = None,
    staff_id: int | None = None,
    *,
    skipped: bool = False,
) -> list[CalendarDay]:
    start = monday_of(any_day)
    end = start + timedelta(days=6)
    return calendar_days(session, start, end, client_id, staff_id, skipped=skipped)


@dataclass(frozen=True)
class HolidayVisit:
    occurrence: Occurrence
    holiday: str
    nation: str


@needs(Right.ROTA)
def bank_holiday_review(
    session: Session, start: date | None = None, days: int = 42
) -> list[HolidayVisit]:
    """Upcoming visits that fall on a bank holiday where the client lives, to agree or move them
    (and to check staff cover and the enhanced rate) before the day.

    Only the stretch from the first to the last holiday in the period is expanded (usually a few
    days around Christmas, or none at all), not the whole period.
    """
    first = start or clock.today()
    last = first + timedelta(days=days - 1)
    rows = session.execute(select(Client.id, Client.nation).where(Client.archived_at.is_(None)))
    nations: dict[int, str] = {cid: nation for cid, nation in rows}
    calendars = {n: bank_holidays(n, first, last, session) for n in set(nations.values())}
    holiday_days = [d for calendar in calendars.values() for d in calendar]
    if not holiday_days:
        return []
    out = []
    for occ in occurrences(session, min(holiday_days), max(holiday_days)):
        nation = nations.get(occ.client_id)
        holiday = calendars[nation].get(occ.day) if nation is not None else None
        if holiday is not None and occ.active:
            out.append(HolidayVisit(occ, holiday.name, nation or ""))
    return out
