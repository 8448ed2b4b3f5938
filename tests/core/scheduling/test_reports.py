"""Rota, client schedule and visit log PDFs read back with pypdf; the .ics read back with icalendar."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar
from pypdf import PdfReader

from microoffice.core.db.database import Database
from microoffice.core.exports import ics
from microoffice.core.reports import rota, schedule, visit_log
from microoffice.core.scheduling import pairings, plans, today
from microoffice.core.scheduling.occurrences import occurrences

from .conftest import World

MON = date(2026, 12, 7)
LONDON = ZoneInfo("Europe/London")


def pdf_text(render, data) -> str:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    render(data, buf)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    text = "\n".join(p.extract_text() for p in reader.pages).replace("\xa0", " ")
    return " ".join(text.split())  # table cells come back on separate lines


def _team(world: World) -> dict[str, int]:
    ids = {
        "anna": world.staff("Anna", "Ames"),
        "ben": world.staff("Ben", "Bell"),
        "a": world.client("Ann", "Able", address_line1="1 Oak Lane", postcode="LS1 1AA"),
        "b": world.client("Bo", "Best"),
        "c": world.client("Cy", "Cole"),
        "d": world.client("Di", "Dunn"),
    }
    world.plan(
        ids["a"],
        weekdays=(0, 2),
        at=time(8),
        minutes=45,
        staff_ids=[ids["anna"]],
        tasks=["wash", "breakfast"],
    )
    world.plan(ids["b"], weekdays=(0,), at=time(9), minutes=30, staff_ids=[ids["anna"]])
    world.plan(ids["c"], weekdays=(0,), at=time(10), minutes=60, staff_ids=[ids["anna"]])
    world.plan(ids["c"], weekdays=(3,), at=time(14), minutes=60, staff_ids=[ids["ben"]])
    world.plan(ids["d"], weekdays=(3,), at=time(15, 30), minutes=30, staff_ids=[ids["ben"]])
    world.plan(ids["d"], weekdays=(4,), at=time(11), minutes=30)  # nobody yet
    with world.db.session() as s:
        pairings.set_travel_time(s, ids["a"], ids["b"], 10)
        pairings.set_travel_time(s, ids["d"], ids["c"], 20)  # used C -> D too
    return ids


def test_team_rota_lists_visits_and_totals_with_travel(db: Database, world: World) -> None:
    _team(world)
    with db.session() as s:
        data = rota.collect(s, date(2026, 12, 9))
    # By hand. Anna: 45+30+60+45 = 180 min visits; travel Mon A->B 10, B->C 15 (default) = 25.
    # Ben: 60+30 = 90 min; travel C->D 20.
    assert [(r.name, r.visit_minutes, r.travel_minutes, r.total_minutes) for r in data.rotas] == [
        ("Anna Ames", 180, 25, 205),
        ("Ben Bell", 90, 20, 110),
    ]
    assert [(line.client, line.day) for line in data.unassigned.lines] == [
        ("Di Dunn", date(2026, 12, 11))
    ]
    text = pdf_text(rota.render, data)
    assert "Team rota, week 2026-W50" in text
    assert "Anna Ames 4 3 h 00 min 25 min 3 h 25 min" in text
    assert "Ben Bell 2 1 h 30 min 20 min 1 h 50 min" in text
    assert "Team total 6 4 h 30 min 45 min 5 h 15 min" in text
    assert "08:00 to 08:45" in text and "1 Oak Lane, LS1 1AA" in text
    assert "Wash, breakfast" not in text and "wash, breakfast" in text
    assert "Visits not yet assigned" in text and "11:00 to 11:30" in text
    assert "Page 1 of" in text


def test_one_persons_rota_has_only_their_visits(db: Database, world: World) -> None:
    ids = _team(world)
    with db.session() as s:
        data = rota.collect(s, MON, staff_id=ids["ben"])
    text = pdf_text(rota.render, data)
    assert "Ben Bell: rota for week 2026-W50" in text
    assert "Cy Cole" in text and "Di Dunn" in text
    assert "Ann Able" not in text and "Bo Best" not in text and "Team rota" not in text
    assert "Total working time 1 h 50 min" in text
    assert rota.as_text(data).splitlines()[-1] == "  Visits 1 h 30 min + travel 20 min = 1 h 50 min"


def test_bank_holiday_is_marked_on_the_rota(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    scot = world.client("Sue", "Scot", nation="scotland")
    world.plan(scot, weekdays=(0,), at=time(9), staff_ids=[anna])
    with db.session() as s:
        text = pdf_text(rota.render, rota.collect(s, date(2027, 1, 4), staff_id=anna))
    assert "Bank holiday: New Year Holiday (observed)" in text


def test_client_schedule_for_the_month(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    cid = world.client("Ann", "Able", address_line1="1 Oak Lane", town="Leeds")
    pid = world.plan(
        cid, weekdays=(4,), at=time(10), minutes=90, staff_ids=[anna], start=date(2026, 12, 4)
    )
    with db.session() as s:
        friday = occurrences(s, date(2026, 12, 11), date(2026, 12, 11))[0]
        today.record_cancelled_by_client(s, friday, datetime(2026, 12, 7, 9, tzinfo=LONDON))
        plans.move_occurrence(s, pid, date(2026, 12, 18), date(2026, 12, 17), time(14))
        data = schedule.collect(s, cid, date(2026, 12, 1))
    text = pdf_text(schedule.render, data)
    assert "Your visits in December 2026" in text
    assert "Ann Able, 1 Oak Lane, Leeds" in text
    # Fridays 4, 11 (cancelled), 25 (Christmas); the 18th moved to Thursday 17th at 14:00
    assert [(line.day.day, line.start, line.note) for line in data.lines] == [
        (4, "10:00", ""),
        (11, "10:00", "Cancelled (at your request)"),
        (17, "14:00", "Moved from the usual time"),
        (25, "10:00", ""),
    ]
    assert "Friday 25 December 10:00 to 11:30 1 hour 30 min Anna Bank holiday: Christmas Day" in (
        " ".join(text.split())
    )
    assert "please ring us" in text


def test_visit_log_sheet_has_a_signature_column(db: Database, world: World) -> None:
    cid = world.client("Ann", "Able")
    world.plan(cid, weekdays=(0, 3), at=time(8), tasks=["wash"])
    with db.session() as s:
        data = visit_log.collect(s, cid, MON, date(2026, 12, 13))
    assert [(line.day, line.planned) for line in data.lines] == [
        (MON, "08:00-08:45"),
        (date(2026, 12, 10), "08:00-08:45"),
    ]
    text = pdf_text(visit_log.render, data)
    assert "Client signature" in text and "Visit log: Ann Able" in text
    assert "Mon 07 Dec" in text and "Thu 10 Dec" in text


def _parse(blob: bytes) -> list[tuple[str, datetime, datetime, str, str]]:
    cal = Calendar.from_ical(blob)
    return [
        (
            str(e["UID"]),
            e.decoded("DTSTART"),
            e.decoded("DTEND"),
            str(e["SUMMARY"]),
            str(e["STATUS"]),
        )
        for e in cal.walk("VEVENT")
    ]


def test_ics_round_trip_in_london_time_and_stable_uids(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    cid = world.client("Ann", "Able", address_line1="1 Oak Lane")
    pid = world.plan(
        cid, weekdays=(6,), at=time(8), minutes=30, staff_ids=[anna], start=date(2027, 3, 21)
    )  # Sundays, across the March clock change
    with db.session() as s:
        first = ics.export_staff_calendar(s, anna, date(2027, 3, 21), date(2027, 4, 4))
    events = _parse(first)
    assert [(u, st, en.time()) for u, st, en, _, _ in events] == [
        (f"plan-{pid}-20270321@microoffice", datetime(2027, 3, 21, 8, tzinfo=LONDON), time(8, 30)),
        (f"plan-{pid}-20270328@microoffice", datetime(2027, 3, 28, 8, tzinfo=LONDON), time(8, 30)),
        (f"plan-{pid}-20270404@microoffice", datetime(2027, 4, 4, 8, tzinfo=LONDON), time(8, 30)),
    ]
    assert all(str(st.tzinfo) == "Europe/London" for _, st, _, _, _ in events)
    assert b"TZID=Europe/London" in first and b"BEGIN:VTIMEZONE" in first
    assert events[0][3] == "Ann Able (Personal care)"
    # Change one visit (materialise and cancel it) and move another: same UIDs on re-export.
    with db.session() as s:
        occ = occurrences(s, date(2027, 3, 28), date(2027, 3, 28))[0]
        today.record_cancelled_by_client(s, occ, datetime(2026, 12, 7, 9, tzinfo=LONDON))
        plans.move_occurrence(s, pid, date(2027, 4, 4), date(2027, 4, 4), time(9, 15))
        second = ics.export_staff_calendar(s, anna, date(2027, 3, 21), date(2027, 4, 4))
    again = _parse(second)
    assert [e[0] for e in again] == [e[0] for e in events]
    assert [e[4] for e in again] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert again[2][1] == datetime(2027, 4, 4, 9, 15, tzinfo=LONDON)
