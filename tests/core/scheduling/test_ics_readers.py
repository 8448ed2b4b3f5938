"""The rota's .ics read by two independent parsers gives the same instants as Europe/London.

vobject works out each event's offset from the file's own VTIMEZONE (not from the system's time
zone database), so a VTIMEZONE that is wrong for some dates shows up here as visits an hour out.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from microoffice.core.exports.ics import IcsEvent, to_ics

LONDON = ZoneInfo("Europe/London")

# winter, summer, the spring-forward and fall-back days (after the change), the hour that repeats
# in October (its first, summer-time occurrence, as RFC 5545 3.3.5 says), and years far apart.
CASES = [
    datetime(2026, 12, 7, 8, 0),
    datetime(2027, 1, 15, 18, 30),
    datetime(2027, 7, 7, 8, 0),
    datetime(2027, 3, 28, 3, 0),
    datetime(2027, 3, 28, 0, 30),
    datetime(2027, 10, 31, 8, 0),
    datetime(2027, 10, 31, 0, 30),
    datetime(2027, 10, 31, 1, 30),
    datetime(2030, 11, 1, 9, 0),
    datetime(2035, 6, 1, 22, 0),
]


def _events() -> list[IcsEvent]:
    return [
        IcsEvent(
            uid=f"case-{i}",
            start=wall.replace(tzinfo=LONDON),
            end=wall.replace(tzinfo=LONDON) + timedelta(minutes=45),
            summary="Visit",
            location="",
            description="",
            cancelled=False,
        )
        for i, wall in enumerate(CASES)
    ]


def _expected() -> dict[str, datetime]:
    return {f"case-{i}": wall.replace(tzinfo=LONDON) for i, wall in enumerate(CASES)}


def _as_utc(value: datetime) -> datetime:
    assert value.tzinfo is not None, "every time in the file must carry its zone"
    return value.astimezone(ZoneInfo("UTC"))


def test_vobject_reads_every_event_at_the_london_instant() -> None:
    calendar = vobject.readOne(to_ics(_events(), "Rota").decode())
    seen = {ev.uid.value: _as_utc(ev.dtstart.value) for ev in calendar.vevent_list}
    assert seen == {uid: _as_utc(when) for uid, when in _expected().items()}


def test_icalendar_reads_every_event_at_the_london_instant_from_the_files_own_zone() -> None:
    calendar = icalendar.Calendar.from_ical(to_ics(_events(), "Rota"))
    (zone,) = calendar.walk("VTIMEZONE")
    # the offsets the file itself states, not the system's time zone database
    from_file = zone.to_tz(lookup_tzid=False)
    seen = {}
    for event in calendar.walk("VEVENT"):
        wall = event.decoded("dtstart").replace(tzinfo=None)
        seen[str(event["uid"])] = _as_utc(wall.replace(tzinfo=from_file))
    assert seen == {uid: _as_utc(when) for uid, when in _expected().items()}


@pytest.mark.parametrize("reader", ["vobject", "icalendar"])
def test_both_readers_agree_on_winter_being_gmt(reader: str) -> None:
    data = to_ics(_events()[:1], "Rota")
    if reader == "vobject":
        start = vobject.readOne(data.decode()).vevent.dtstart.value
    else:
        start = icalendar.Calendar.from_ical(data).walk("VEVENT")[0].decoded("dtstart")
    assert start.utcoffset() == timedelta(0)
