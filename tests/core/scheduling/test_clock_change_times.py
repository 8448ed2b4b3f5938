"""Start and end times across the UK clock changes (issue 16, "Times right").

The nights: the clocks go back at 02:00 on Sunday 25 October 2026 and Sunday 31 October 2027, and
forward at 01:00 on Sunday 28 March 2027. An overnight visit 22:00-07:00 lasts 10 hours, 8 hours
and 10 hours of real time on those nights, 9 on any other; a time the clocks skipped is refused
when it is a record of what happened and shown moved, with a note, when it is planned.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microoffice.core import clock
from microoffice.core.clock import LONDON
from microoffice.core.clock_changes import change_on, wall_text
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import ValidationError
from microoffice.core.models.visits import Visit
from microoffice.core.readers.times import ClockTime
from microoffice.core.scheduling import plans, today, visits
from microoffice.core.scheduling.occurrences import Occurrence, occurrences
from microoffice.core.scheduling.times import span
from microoffice.core.services.integrity import check_database
from microoffice.core.services.transfer import export_data, import_json_file

from .conftest import World

BACK_2026 = date(2026, 10, 24)  # Saturday night into Sunday 25 October 2026: clocks go back
FORWARD_2027 = date(2027, 3, 27)  # Saturday night into Sunday 28 March 2027: clocks go forward
BACK_2027 = date(2027, 10, 30)  # Saturday night into Sunday 31 October 2027: clocks go back
ORDINARY = date(2026, 11, 7)  # a Saturday night with no change
NIGHTS = [(BACK_2026, 600), (FORWARD_2027, 480), (BACK_2027, 600), (ORDINARY, 540)]


def _night_plan(world: World, cid: int, start: date = date(2026, 10, 3)) -> int:
    with world.db.session() as s:
        data = plans.PlanData(
            client_id=cid,
            start_date=start,
            start_time=time(22),
            end_time=time(7),
            weekdays=(5,),
        )
        return plans.create_plan(s, data).id


def _on(db: Database, cid: int, day: date) -> Occurrence:
    with db.session() as s:
        (occ,) = occurrences(s, day, day, client_id=cid)
    return occ


def _local(instant: datetime | None) -> str:
    assert instant is not None
    return f"{clock.to_local(instant):%d/%m %H:%M %Z}"


def test_the_three_clock_changes_are_where_the_law_puts_them() -> None:
    back, forward, again = change_on(date(2026, 10, 25)), change_on(date(2027, 3, 28)), None
    again = change_on(date(2027, 10, 31))
    assert back is not None and forward is not None and again is not None
    assert (back.forward, back.at, back.to) == (False, time(2), time(1))
    assert (forward.forward, forward.at, forward.to) == (True, time(1), time(2))
    assert again.instant == datetime(2027, 10, 31, 1, 0, tzinfo=UTC)
    assert change_on(date(2026, 10, 24)) is None and change_on(date(2027, 3, 29)) is None


@pytest.mark.parametrize(("night", "minutes"), NIGHTS)
def test_an_overnight_plan_runs_22_to_07_on_the_clock_and_lasts_real_minutes(
    db: Database, world: World, night: date, minutes: int
) -> None:
    cid = world.client("Nora", "Night")
    _night_plan(world, cid)
    occ = _on(db, cid, night)
    assert (_local(occ.planned_start)[6:11], _local(occ.planned_end)[6:11]) == ("22:00", "07:00")
    assert clock.to_local(occ.planned_end).date() == night + timedelta(days=1)
    assert occ.minutes == minutes
    if minutes == 600:
        assert occ.clock_note == "clocks go back during this visit: it lasts 10 hours"
    elif minutes == 480:
        assert occ.clock_note == "clocks go forward during this visit: it lasts 8 hours"
    else:
        assert occ.clock_note == ""


@pytest.mark.parametrize(("night", "minutes"), NIGHTS)
def test_an_overnight_one_off_lasts_real_minutes(
    db: Database, world: World, night: date, minutes: int
) -> None:
    cid = world.client("Olive", "Once")
    with db.session() as s:
        visit = visits.add_one_off(
            s, visits.OneOffData(client_id=cid, day=night, start_time=time(22), end_time=time(7))
        )
        start, end = visit.planned_start, visit.planned_end
    assert clock.elapsed_minutes(start, end) == minutes
    assert (_local(start)[6:11], _local(end)[6:11]) == ("22:00", "07:00")
    assert _on(db, cid, night).minutes == minutes


@pytest.mark.parametrize(("night", "minutes"), NIGHTS)
def test_actual_times_of_an_overnight_visit_are_real_minutes(
    db: Database, world: World, night: date, minutes: int
) -> None:
    cid = world.client("Nora", "Night")
    _night_plan(world, cid)
    with clock.frozen(datetime.combine(night + timedelta(days=1), time(9), LONDON)):
        with db.session() as s:
            (occ,) = occurrences(s, night, night, client_id=cid)
            today.record_actual_times(s, occ, time(22), time(7))
        done = _on(db, cid, night)
    assert done.status == "completed"
    assert done.actual_start is not None and done.actual_end is not None
    assert clock.elapsed_minutes(done.actual_start, done.actual_end) == minutes
    assert _local(done.actual_end)[:11] == f"{night + timedelta(days=1):%d/%m} 07:00"


def test_a_start_just_after_midnight_on_an_overnight_visit_is_the_next_morning(
    db: Database, world: World
) -> None:
    cid = world.client("Nora", "Night")
    _night_plan(world, cid)
    with clock.frozen(datetime(2026, 10, 25, 9, 0, tzinfo=LONDON)):
        with db.session() as s:
            (occ,) = occurrences(s, BACK_2026, BACK_2026, client_id=cid)
            today.record_actual_times(s, occ, time(0, 10), time(7))  # the carer came late
        done = _on(db, cid, BACK_2026)
    assert _local(done.actual_start) == "25/10 00:10 BST"
    assert clock.elapsed_minutes(done.actual_start, done.actual_end) == 7 * 60 + 50


# -- actual times the clocks skipped, repeated, or an end not after the start ---------------------

GAP_MESSAGE = (
    "01:30 on Sunday 28 March 2027 did not happen in the UK: the clocks went forward from 01:00 "
    "to 02:00. Check the time."
)


def _visits_and_audit(db: Database) -> tuple[int, int]:
    from microoffice.core.models.audit import AuditLog

    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Visit)) or 0,
            s.scalar(select(func.count()).select_from(AuditLog)) or 0,
        )


def test_actual_times_in_the_spring_gap_are_refused_and_nothing_is_saved(
    db: Database, world: World
) -> None:
    cid = world.client("Gail", "Gap")
    with db.session() as s:
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=cid,
                start_date=date(2027, 3, 1),
                start_time=time(1),
                end_time=time(3),
                weekdays=(6,),
            ),
        )
    before = _visits_and_audit(db)
    with (
        clock.frozen(datetime(2027, 3, 28, 9, 0, tzinfo=LONDON)),
        pytest.raises(ValidationError) as refused,
        db.session() as s,
    ):
        (occ,) = occurrences(s, date(2027, 3, 28), date(2027, 3, 28), client_id=cid)
        today.record_actual_times(s, occ, time(1, 30), time(2, 30))
    assert refused.value.errors == {"actual_start": GAP_MESSAGE}
    assert _visits_and_audit(db) == before
    with (
        clock.frozen(datetime(2027, 3, 28, 9, 0, tzinfo=LONDON)),
        pytest.raises(ValidationError) as end_refused,
        db.session() as s,
    ):
        (occ,) = occurrences(s, date(2027, 3, 28), date(2027, 3, 28), client_id=cid)
        today.record_actual_times(s, occ, time(0, 50), time(1, 15))
    assert end_refused.value.errors == {"actual_end": GAP_MESSAGE.replace("01:30", "01:15", 1)}
    assert _visits_and_audit(db) == before


def test_an_end_not_after_the_start_of_a_same_day_visit_is_refused(
    db: Database, world: World
) -> None:
    cid = world.client("Sam", "Sameday")
    world.plan(cid, weekdays=(0,), at=time(8), minutes=45)
    before = _visits_and_audit(db)
    for end in (time(7, 50), time(8)):
        with pytest.raises(ValidationError) as refused, db.session() as s:
            (occ,) = occurrences(s, date(2026, 12, 7), date(2026, 12, 7), client_id=cid)
            today.record_actual_times(s, occ, time(8), end)
        assert refused.value.errors == {
            "actual_end": f"The visit cannot end at {end:%H:%M}: that is not after it started "
            f"(08:00). Check the times. If they left after midnight, type {end:%H:%M} next day."
        }
    assert _visits_and_audit(db) == before
    with db.session() as s:  # said with "next day", it is the next morning
        (occ,) = occurrences(s, date(2026, 11, 30), date(2026, 11, 30), client_id=cid)
        v = today.record_actual_times(s, occ, time(8), ClockTime(time(0, 15), next_day=True))
        assert clock.elapsed_minutes(v.actual_start, v.actual_end) == 16 * 60 + 15


def test_the_repeated_hour_is_the_first_unless_the_second_is_said(
    db: Database, world: World
) -> None:
    """01:30 happens twice on 25 October 2026: plain 01:30 is the first (BST), '01:30 GMT' the
    second, and both are stored as the instant meant, shown back with their zone."""
    cid = world.client("Rita", "Repeat")
    with db.session() as s:
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=cid,
                start_date=date(2026, 10, 1),
                start_time=time(1),
                end_time=time(3),
                weekdays=(6,),
            ),
        )
    sunday = date(2026, 10, 25)
    with clock.frozen(datetime(2026, 10, 25, 9, 0, tzinfo=LONDON)):
        with db.session() as s:
            (occ,) = occurrences(s, sunday, sunday, client_id=cid)
            v = today.record_actual_times(
                s, occ, ClockTime(time(1, 45)), ClockTime(time(1, 15), second=True)
            )
            first, second = v.actual_start, v.actual_end
        assert (first, second) == (
            datetime(2026, 10, 25, 0, 45, tzinfo=UTC),
            datetime(2026, 10, 25, 1, 15, tzinfo=UTC),
        )
        assert (wall_text(first), wall_text(second)) == ("01:45 BST", "01:15 GMT")
        with pytest.raises(ValidationError) as refused, db.session() as s:
            (occ,) = occurrences(s, sunday, sunday, client_id=cid)
            today.record_actual_times(s, occ, time(1, 45), time(1, 15))
    assert refused.value.errors == {
        "actual_end": "The visit cannot end at 01:15: that is not after it started (01:45). "
        "Check the times. 01:15 happened twice on Sunday 25 October 2026 (the clocks went "
        "back): if they left at the second 01:15, type 01:15 GMT."
    }


# -- a planned time that does not exist, or happens twice ----------------------------------------


def test_a_planned_time_the_clocks_skip_is_shown_moved_with_a_note(
    db: Database, world: World
) -> None:
    cid = world.client("Mo", "Moved")
    with db.session() as s:
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=cid,
                start_date=date(2027, 3, 20),
                start_time=time(1, 30),
                end_time=time(2),
                weekdays=tuple(range(7)),
            ),
        )
    with db.session() as s:
        got = occurrences(s, date(2027, 3, 27), date(2027, 3, 29), client_id=cid)
    assert [(_local(o.planned_start), _local(o.planned_end), o.clock_note) for o in got] == [
        ("27/03 01:30 GMT", "27/03 02:00 GMT", ""),
        (
            "28/03 02:30 BST",
            "28/03 03:00 BST",
            "01:30 does not exist on 28/03 (clocks go forward): visit at 02:30",
        ),
        ("29/03 01:30 BST", "29/03 02:00 BST", ""),
    ]
    assert [o.minutes for o in got] == [30, 30, 30]
    with clock.frozen(datetime(2027, 3, 28, 9, 0, tzinfo=LONDON)), db.session() as s:
        visit = visits.assign_staff(s, got[1], [])  # the slot becomes a row: the note stays
    with db.session() as s:
        (row,) = occurrences(s, date(2027, 3, 28), date(2027, 3, 28), client_id=cid)
    assert (row.visit_id, row.clock_note) == (visit.id, got[1].clock_note)


def test_a_planned_time_that_happens_twice_is_the_first_and_says_so(
    db: Database, world: World
) -> None:
    cid = world.client("Rita", "Repeat")
    world.plan(cid, weekdays=(6,), at=time(1, 30), minutes=30, start=date(2026, 10, 4))
    occ = _on(db, cid, date(2026, 10, 25))
    assert (_local(occ.planned_start), _local(occ.planned_end)) == (
        "25/10 01:30 BST",
        "25/10 02:00 GMT",
    )
    assert occ.minutes == 90  # 01:30 BST to 02:00 GMT really is an hour and a half
    assert occ.clock_note == (
        "01:30 happens twice on 25/10 (clocks go back): visit at the first 01:30 (BST)"
    )


def test_a_one_off_at_a_time_that_does_not_exist_is_refused(db: Database, world: World) -> None:
    cid = world.client("Olive", "Once")
    before = _visits_and_audit(db)
    with pytest.raises(ValidationError) as refused, db.session() as s:
        visits.add_one_off(
            s,
            visits.OneOffData(
                client_id=cid, day=date(2027, 3, 28), start_time=time(1, 30), end_time=time(3)
            ),
        )
    assert refused.value.errors == {
        "start_time": "01:30 does not exist on Sunday 28 March 2027 in the UK: the clocks go "
        "forward from 01:00 to 02:00. Choose another time."
    }
    assert _visits_and_audit(db) == before


def test_plan_advice_says_what_the_clock_changes_do_before_saving() -> None:
    night = plans.PlanData(
        client_id=1,
        start_date=date(2026, 10, 1),
        start_time=time(22),
        end_time=time(7),
        weekdays=(5,),
    )
    assert plans.plan_warnings(night) == [
        "Saturday 24 October 2026: clocks go back during this visit: it lasts 10 hours.",
        "Saturday 27 March 2027: clocks go forward during this visit: it lasts 8 hours.",
    ]
    early = plans.PlanData(
        client_id=1,
        start_date=date(2027, 1, 4),
        start_time=time(1, 30),
        end_time=time(2, 15),
        weekdays=(6,),
        end_date=date(2027, 6, 30),
    )
    assert plans.plan_warnings(early) == [
        "Sunday 28 March 2027: 01:30 does not exist on 28/03 (clocks go forward): visit at 02:30."
    ]
    weekdays_only = plans.PlanData(
        client_id=1,
        start_date=date(2027, 1, 4),
        start_time=time(1, 30),
        end_time=time(2, 15),
        weekdays=(0, 1, 2, 3, 4),
    )
    assert plans.plan_warnings(weekdays_only) == []  # no visit on a change night


def test_instants_are_the_same_whichever_way_they_are_read() -> None:
    """span() agrees with zoneinfo for every overnight visit ending at 07:00 after a change."""
    for night in (date(2026, 10, 24), date(2027, 3, 27)):
        for minute in range(7 * 60 + 15, 24 * 60, 15):
            start = time(minute // 60, minute % 60)
            begin, finish, _ = span(night, start, time(7))
            local = clock.to_local(begin)
            assert local.date() == night
            assert local.time() == start
            end_local = datetime.combine(night + timedelta(days=1), time(7), LONDON)
            assert finish == end_local.astimezone(UTC)


def test_an_overnight_plan_and_its_visits_export_and_import_exactly(
    db: Database, world: World, tmp_path: Path
) -> None:
    """End times (and a visit in the repeated hour) go through the JSON export losslessly."""
    cid = world.client("Nora", "Night")
    _night_plan(world, cid)
    with clock.frozen(datetime(2026, 10, 25, 9, 0, tzinfo=LONDON)), db.session() as s:
        (occ,) = occurrences(s, BACK_2026, BACK_2026, client_id=cid)
        today.record_actual_times(s, occ, time(22), ClockTime(time(1, 30), second=True))
    first = export_data(db)
    plan_rows = first["tables"]["visit_plan"]
    assert plan_rows["rows"][0][plan_rows["columns"].index("end_time")] == "07:00:00"
    source = tmp_path / "office.json"
    source.write_text(json.dumps(first), encoding="utf-8")
    import_json_file(source, str(tmp_path / "copy.sqlite"))
    copy = open_database(str(tmp_path / "copy.sqlite"))
    try:
        assert json.dumps(export_data(copy), sort_keys=True) == json.dumps(first, sort_keys=True)
        with copy.session() as s:
            (night,) = occurrences(s, BACK_2026, BACK_2026, client_id=cid)
            (later,) = occurrences(s, date(2026, 10, 31), date(2026, 10, 31), client_id=cid)
        assert (wall_text(night.actual_end), later.minutes) == ("01:30 GMT", 540)
        assert check_database(copy) == []
    finally:
        copy.close()


def test_an_overnight_visit_starting_on_the_spring_sunday_ends_on_monday(
    db: Database, world: World
) -> None:
    """Sunday 28 March 2027 22:00 to Monday 07:00: a carer leaving at 01:30 left on Monday (01:30
    exists then), not in Sunday's missing hour."""
    cid = world.client("Sue", "Sunday")
    with db.session() as s:
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=cid,
                start_date=date(2027, 3, 1),
                start_time=time(22),
                end_time=time(7),
                weekdays=(6,),
            ),
        )
    with clock.frozen(datetime(2027, 3, 29, 9, 0, tzinfo=LONDON)), db.session() as s:
        (occ,) = occurrences(s, date(2027, 3, 28), date(2027, 3, 28), client_id=cid)
        v = today.record_actual_times(s, occ, time(22), time(1, 30))
        assert (_local(v.actual_start), _local(v.actual_end)) == (
            "28/03 22:00 BST",
            "29/03 01:30 BST",
        )
