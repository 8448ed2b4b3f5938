"""The rota, the client's schedule and the phone calendar say when a clock change moved or
lengthened a visit (issue 16): the PDFs read back with pypdf, the .ics with icalendar."""

from __future__ import annotations

from datetime import date, time

from icalendar import Calendar

from microoffice.core.db.database import Database
from microoffice.core.exports import ics
from microoffice.core.reports import rota, schedule
from microoffice.core.scheduling import plans

from .conftest import World
from .test_reports import pdf_text

SPRING = date(2027, 3, 28)
MOVED = "01:30 does not exist on 28/03 (clocks go forward): visit at 02:30"


def _world(world: World) -> tuple[int, int, int]:
    """Gil: a night check at 01:30 every day; Nora: an overnight every Saturday; Anna goes."""
    anna = world.staff("Anna", "Ames")
    gil = world.client("Gil", "Gap", address_line1="3 Elm Row")
    nora = world.client("Nora", "Night")
    with world.db.session() as s:
        for cid, start, end, days in (
            (gil, time(1, 30), time(2), tuple(range(7))),
            (nora, time(22), time(7), (5,)),
        ):
            plans.create_plan(
                s,
                plans.PlanData(
                    client_id=cid,
                    start_date=date(2027, 3, 1),
                    start_time=start,
                    end_time=end,
                    weekdays=days,
                    staff_ids=[anna],
                ),
            )
    return anna, gil, nora


def test_the_rota_notes_a_moved_and_a_longer_or_shorter_visit(db: Database, world: World) -> None:
    anna, _, _ = _world(world)
    with db.session() as s:
        data = rota.collect(s, SPRING, staff_id=anna)
    (mine,) = data.rotas
    sunday = [line for line in mine.lines if line.day == SPRING]
    saturday = [line for line in mine.lines if line.client == "Nora Night"]
    assert [(x.start, x.end, x.minutes, x.clock_note) for x in sunday] == [
        ("02:30", "03:00", 30, MOVED)
    ]
    assert [(x.start, x.end, x.minutes, x.clock_note) for x in saturday] == [
        ("22:00", "07:00", 480, "clocks go forward during this visit: it lasts 8 hours")
    ]
    text = rota.as_text(data)
    assert f"  Sun 28/03 02:30-03:00  Gil Gap, Personal care  ({MOVED})" in text.splitlines()
    # 6 night checks of 30 min + one of 30 + the overnight of 8 hours (not the 9 on the clock)
    assert mine.visit_minutes == 7 * 30 + 480
    pdf = pdf_text(rota.render, data)
    assert f"{MOVED[0].upper()}{MOVED[1:]}." in pdf
    assert "Clocks go forward during this visit: it lasts 8 hours." in pdf
    assert "8 visits 11 h 30 min" in pdf  # the week's visit time: 7 x 30 min + 8 hours


def test_the_clients_schedule_notes_the_moved_visit(db: Database, world: World) -> None:
    _, gil, _ = _world(world)
    with db.session() as s:
        data = schedule.collect(s, gil, SPRING)
    (line,) = [x for x in data.lines if x.day == SPRING]
    assert (line.start, line.end, line.note) == (
        "02:30",
        "03:00",
        f"{MOVED[0].upper()}{MOVED[1:]}.",
    )
    others = {x.note for x in data.lines if x.day != SPRING}
    assert others == {""}
    text = pdf_text(schedule.render, data)
    assert f"Sunday 28 March 02:30 to 03:00 30 minutes Anna {MOVED[0].upper()}{MOVED[1:]}." in text


def test_the_phone_calendar_says_so_too(db: Database, world: World) -> None:
    anna, _, _ = _world(world)
    with db.session() as s:
        events = ics.collect(s, anna, SPRING, SPRING)
    calendar = Calendar.from_ical(ics.to_ics(events, "Anna"))
    (event,) = [e for e in calendar.walk("VEVENT") if "Gil Gap" in str(e.get("summary"))]
    assert f"{MOVED[0].upper()}{MOVED[1:]}." in str(event.get("description")).splitlines()
    assert event.decoded("dtstart").strftime("%H:%M %Z") == "02:30 BST"
