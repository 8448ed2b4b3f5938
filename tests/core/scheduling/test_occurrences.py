"""Exceptions, pauses and real visits change the expansion exactly as a person would expect."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microoffice.core.db.database import Database
from microoffice.core.models.clients import Client
from microoffice.core.models.visits import ClientPause, PlanException, VisitPlan
from microoffice.core.scheduling import plans, visits
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.pauses import add_pause

from .conftest import World

MON = date(2026, 12, 7)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    weekdays=st.lists(st.integers(0, 6), min_size=1, max_size=4, unique=True),
    every=st.integers(1, 3),
    skip_picks=st.lists(st.integers(0, 40), max_size=5),
    move_picks=st.lists(st.tuples(st.integers(0, 40), st.integers(-3, 3)), max_size=3),
    pause=st.one_of(st.none(), st.tuples(st.integers(0, 80), st.integers(0, 20))),
)
def test_exceptions_and_pauses_respected(
    db: Database,
    weekdays: list[int],
    every: int,
    skip_picks: list[int],
    move_picks: list[tuple[int, int]],
    pause: tuple[int, int] | None,
) -> None:
    start, first, last = date(2026, 11, 2), date(2026, 11, 16), date(2027, 2, 5)
    codes = ",".join(["MO", "TU", "WE", "TH", "FR", "SA", "SU"][d] for d in sorted(weekdays))
    rule = f"FREQ=WEEKLY;INTERVAL={every};BYDAY={codes}"
    base = [
        dt.date()
        for dt in rrulestr(rule, dtstart=datetime.combine(start, time(9))).between(
            datetime(2026, 11, 16), datetime(2027, 2, 6), inc=True
        )
    ]
    skips = {base[i % len(base)] for i in skip_picks} if base else set()
    moves: dict[date, date] = {}
    for i, shift in move_picks:
        if base and base[i % len(base)] not in skips:
            moves[base[i % len(base)]] = base[i % len(base)] + timedelta(days=shift)
    with db.session() as s:
        client = Client(first_name="P", last_name="Q")
        s.add(client)
        s.flush()
        plan = VisitPlan(
            client_id=client.id,
            rrule=rule,
            start_date=start,
            start_time=time(9),
            end_time=time(10),
            tasks=[],
        )
        s.add(plan)
        s.flush()
        for d in skips:
            s.add(PlanException(plan_id=plan.id, occurrence_date=d, action="skip"))
        for d, new in moves.items():
            s.add(
                PlanException(
                    plan_id=plan.id,
                    occurrence_date=d,
                    action="move",
                    new_date=new,
                    new_start_time=time(14),
                )
            )
        paused: set[date] = set()
        if pause is not None:
            p0 = first + timedelta(days=pause[0])
            p1 = p0 + timedelta(days=pause[1])
            s.add(ClientPause(client_id=client.id, start_date=p0, end_date=p1))
            paused = {p0 + timedelta(days=k) for k in range(pause[1] + 1)}
        s.flush()
        got = occurrences(s, first, last, client_id=client.id)
    expected = set()
    for d in base:
        if d in skips:
            continue
        day, at = (moves[d], time(14)) if d in moves else (d, time(9))
        if day in paused or not first <= day <= last:
            continue
        expected.add((d, day, at))
    assert {
        (o.occurrence_date, o.day, o.planned_start.astimezone(_london()).time()) for o in got
    } == expected
    assert len(got) == len(expected)


def _london():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


def test_real_visit_replaces_the_generated_one_even_when_moved_out_of_the_window(
    db: Database, world: World
) -> None:
    cid = world.client("Ada", "Lovelace")
    pid = world.plan(cid, weekdays=(0, 2))  # Mon and Wed at 08:00
    with db.session() as s:
        wed = date(2026, 12, 9)
        occ = next(o for o in occurrences(s, MON, MON + timedelta(days=6)) if o.day == wed)
        v = visits.materialise(s, occ)
        visits.reschedule_visit(s, v, date(2026, 12, 15), time(10), 45)
    with db.session() as s:
        week1 = occurrences(s, MON, MON + timedelta(days=6))
        week2 = occurrences(s, date(2026, 12, 14), date(2026, 12, 20))
    assert [(o.day, o.visit_id is None) for o in week1] == [(MON, True)]
    assert [(o.day, o.occurrence_date, o.visit_id is not None, o.moved) for o in week2] == [
        (date(2026, 12, 14), date(2026, 12, 14), False, False),
        (date(2026, 12, 15), wed, True, True),
        (date(2026, 12, 16), date(2026, 12, 16), False, False),
    ]
    # the calendar UID of the slot survives being saved and moved
    assert week2[1].uid == f"plan-{pid}-20261209@microoffice"


def test_pause_hides_planned_visits_but_not_recorded_ones(db: Database, world: World) -> None:
    cid = world.client("Bob", "Hope")
    world.plan(cid, weekdays=(0, 1, 2, 3, 4))
    with db.session() as s:
        monday = occurrences(s, MON, MON)[0]
        visits.materialise(s, monday)
        add_pause(s, cid, MON, date(2026, 12, 9), reason="hospital")
    with db.session() as s:
        days = [(o.day, o.visit_id is not None) for o in occurrences(s, MON, date(2026, 12, 11))]
    assert days == [(MON, True), (date(2026, 12, 10), False), (date(2026, 12, 11), False)]


def test_staff_filter_follows_the_visit_not_the_plan(db: Database, world: World) -> None:
    cid = world.client("Cy", "Twombly")
    anna, ben = world.staff("Anna", "Ames"), world.staff("Ben", "Bell")
    world.plan(cid, weekdays=(0, 1), staff_ids=[anna])
    with db.session() as s:
        tuesday = occurrences(s, date(2026, 12, 8), date(2026, 12, 8))[0]
        visits.assign_staff(s, tuesday, [ben])
    with db.session() as s:
        annas = occurrences(s, MON, date(2026, 12, 13), staff_id=anna)
        bens = occurrences(s, MON, date(2026, 12, 13), staff_id=ben)
    assert [o.day for o in annas] == [MON]
    assert [o.day for o in bens] == [date(2026, 12, 8)]


def test_plan_stops_at_its_end_date_and_the_clients_end(db: Database, world: World) -> None:
    cid = world.client("Di", "Fossey")
    world.plan(cid, weekdays=(0,), end_date=date(2026, 12, 14))
    other = world.client("Ed", "Sheeran")
    world.plan(other, weekdays=(0,))
    with db.session() as s:
        s.get(Client, other).end_date = date(2026, 12, 20)
    with db.session() as s:
        got = [(o.client_name, o.day) for o in occurrences(s, MON, date(2027, 1, 4))]
    assert got == [
        ("Di Fossey", MON),
        ("Ed Sheeran", MON),
        ("Di Fossey", date(2026, 12, 14)),
        ("Ed Sheeran", date(2026, 12, 14)),
    ]


def test_one_off_appears_and_has_its_own_uid(db: Database, world: World) -> None:
    cid = world.client("Fay", "Weldon")
    with db.session() as s:
        v = visits.add_one_off(
            s,
            visits.OneOffData(
                client_id=cid, day=MON, start_time=time(15), end_time=time(16), tasks=["shopping"]
            ),
        )
        vid = v.id
    with db.session() as s:
        (occ,) = occurrences(s, MON, MON)
    assert occ.plan_id is None and occ.visit_id == vid
    assert occ.planned_start == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    assert occ.tasks == ("shopping",)
    assert occ.uid == f"visit-{vid}@microoffice"


def test_archived_plan_disappears(db: Database, world: World) -> None:
    cid = world.client("Gus", "Grissom")
    pid = world.plan(cid, weekdays=(0,))
    with db.session() as s:
        plans.archive_plan(s, pid)
    with db.session() as s:
        assert occurrences(s, MON, MON) == []
