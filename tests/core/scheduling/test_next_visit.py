"""What Today says on a day with no visits: the next visit still to come, or that none is planned."""

from __future__ import annotations

from datetime import date, datetime, time

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.scheduling import next_visit
from microoffice.core.scheduling.next_visit import NONE_PLANNED, describe
from tests.core.scheduling.conftest import World

MONDAY = date(2026, 12, 7)  # the frozen clock's day (09:30)


def said(db: Database, staff_id: int | None = None) -> str:
    with db.session() as s:
        return describe(next_visit.next_visit(s, staff_id), clock.today())


def test_nothing_planned_says_so_and_what_to_do(db: Database) -> None:
    assert said(db) == NONE_PLANNED == "No visits planned yet: add a visit plan on the Calendar."


def test_the_next_planned_visit_after_now_by_weekday(db: Database, world: World) -> None:
    peggy = world.client("Peggy", "Henshaw")
    dennis = world.client("Dennis", "Kowalski")
    world.plan(peggy, weekdays=(3,), at=time(7, 30), start=date(2026, 12, 8))  # Thursdays
    world.plan(dennis, weekdays=(4,), at=time(8, 0), start=date(2026, 12, 8))  # Fridays
    assert said(db) == "Next visit: Thursday 07:30, Peggy Henshaw"


def test_a_visit_earlier_today_is_not_next_but_one_later_today_is(
    db: Database, world: World
) -> None:
    peggy = world.client("Peggy", "Henshaw")
    ken = world.client("Ken", "Walsh")
    world.plan(peggy, weekdays=(0,), at=time(7, 30), start=MONDAY)  # before 09:30: gone
    assert said(db) == "Next visit: Monday 14 December 07:30, Peggy Henshaw"
    world.plan(ken, weekdays=(0,), at=time(17, 45), start=MONDAY)
    assert said(db) == "Next visit: today 17:45, Ken Walsh"
    with clock.frozen(datetime(2026, 12, 7, 18, 0)):
        assert said(db) == "Next visit: Monday 14 December 07:30, Peggy Henshaw"


def test_a_plan_months_ahead_is_found_with_its_date(db: Database, world: World) -> None:
    peggy = world.client("Peggy", "Henshaw")
    world.plan(peggy, weekdays=(2,), at=time(10, 0), start=date(2027, 3, 1))
    assert said(db) == "Next visit: Wednesday 3 March 10:00, Peggy Henshaw"


def test_a_carer_is_told_their_own_next_visit(db: Database, world: World) -> None:
    ann = world.staff("Ann", "Avery")
    bea = world.staff("Bea", "Bond")
    peggy = world.client("Peggy", "Henshaw")
    ken = world.client("Ken", "Walsh")
    world.plan(peggy, weekdays=(1,), at=time(9, 0), start=MONDAY, staff_ids=[ann])
    world.plan(ken, weekdays=(2,), at=time(9, 0), start=MONDAY, staff_ids=[bea])
    assert said(db, ann) == "Next visit: Tuesday 09:00, Peggy Henshaw"
    assert said(db, bea) == "Next visit: Wednesday 09:00, Ken Walsh"
