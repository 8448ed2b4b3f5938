"""A member of staff's visits as an .ics calendar file for their phone.

Each event's UID comes from the plan and the occurrence date (or the visit id for a one-off),
never from a row id that appears when a visit is confirmed, so importing an updated file changes
events instead of duplicating them. Times carry TZID=Europe/London with a VTIMEZONE, so phones
show the wall-clock time the visit was planned at on both sides of a clock change. The VTIMEZONE
states the UK rule as yearly RRULEs (as Outlook and Google write it) rather than a list of dates:
some readers (vobject, and the calendars built on it) keep only the first date of such a list and
then put every winter visit an hour early. Cancelled
visits are kept with STATUS:CANCELLED so a re-import removes them from the phone's day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.clients import Client
from microoffice.core.models.enums import ServiceType
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.times import sentence
from microoffice.core.services.staff import get_staff

PRODID = "-//microoffice//visits//EN"


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    start: datetime  # London wall-clock, aware
    end: datetime
    summary: str
    location: str
    description: str
    cancelled: bool


@needs(Right.OWN_VISITS, staff="staff_id")
def collect(session: Session, staff_id: int, start: date, end: date) -> list[IcsEvent]:
    get_staff(session, staff_id)
    found = occurrences(session, start, end, staff_id=staff_id)
    clients = {
        c.id: c
        for c in session.scalars(select(Client).where(Client.id.in_({o.client_id for o in found})))
    }
    events = []
    for occ in found:
        client = clients[occ.client_id]
        details = [ServiceType(occ.service_type).label]
        if occ.clock_note:
            details.append(sentence(occ.clock_note))
        if occ.tasks:
            details.append("Tasks: " + ", ".join(occ.tasks))
        if client.access_notes:
            details.append("Access: " + client.access_notes)
        if client.phone:
            details.append("Phone: " + client.phone)
        events.append(
            IcsEvent(
                uid=occ.uid,
                start=clock.to_local(occ.planned_start),
                end=clock.to_local(occ.planned_end),
                summary=f"{client.display_name} ({ServiceType(occ.service_type).label})",
                location=", ".join(client.address_lines),
                description="\n".join(details),
                cancelled=not occ.active,
            )
        )
    return events


def to_ics(events: list[IcsEvent], calendar_name: str) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", "Europe/London")
    if events:
        cal.add_component(london_timezone())  # before the events that name it, as readers expect
    stamp = clock.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        event.add("description", item.description)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def london_timezone() -> Any:
    """Europe/London as the rule in force since 1996: BST from 01:00 UTC on the last Sunday of
    March to 01:00 UTC on the last Sunday of October (the EU rule the UK kept)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1996, 3, 31, 1, 0))
    summer.add("tzoffsetfrom", timedelta(hours=0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1996, 10, 27, 2, 0))
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(hours=0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


@needs(Right.OWN_VISITS, staff="staff_id")
def export_staff_calendar(session: Session, staff_id: int, start: date, end: date) -> bytes:
    staff = get_staff(session, staff_id)
    return to_ics(collect(session, staff_id, start, end), f"Visits: {staff.display_name}")
