"""Plans as a manager makes them: patterns, templates, one-off changes, this-and-following."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.models import AuditLog
from microoffice.core.models.visits import PlanException, VisitPlan
from microoffice.core.scheduling import pairings, plan_list, plans, visits
from microoffice.core.scheduling.occurrences import occurrences

from .conftest import World

MON = date(2026, 12, 7)


def _local(occ) -> tuple[date, str, int]:  # type: ignore[no-untyped-def]
    return occ.day, f"{clock.to_local(occ.planned_start):%H:%M}", occ.minutes


def test_times_that_differ_by_day_become_one_plan_per_time(db: Database, world: World) -> None:
    cid = world.client("Hana", "Kato")
    base = plans.PlanData(client_id=cid, start_date=MON, start_time=time(0), end_time=time(0, 30))
    slots = [
        plans.Slot(0, time(8), time(8, 45)),
        plans.Slot(2, time(8), time(8, 45)),  # Mon, Wed 08:00
        plans.Slot(4, time(10, 30), time(11, 30)),  # Fri 10:30 for an hour
    ]
    with db.session() as s:
        made = plans.create_pattern(s, base, slots)
        rules = sorted(p.rrule for p in made)
    assert rules == ["FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;BYDAY=MO,WE"]
    with db.session() as s:
        got = [_local(o) for o in occurrences(s, MON, MON + timedelta(days=6))]
    assert got == [
        (MON, "08:00", 45),
        (date(2026, 12, 9), "08:00", 45),
        (date(2026, 12, 11), "10:30", 60),
    ]


def test_two_week_template_alternates(db: Database, world: World) -> None:
    cid = world.client("Ivo", "Andric")
    base = plans.PlanData(
        client_id=cid, start_date=date(2026, 12, 8), start_time=time(0), end_time=time(0, 30)
    )
    slots = [
        plans.Slot(0, time(9), time(9, 30), week=0),
        plans.Slot(1, time(9), time(9, 30), week=0),
        plans.Slot(3, time(14), time(15), week=1),
    ]
    with db.session() as s:
        plans.create_pattern(s, base, slots, weeks=2)
    with db.session() as s:
        got = [_local(o) for o in occurrences(s, MON, date(2027, 1, 3))]
    # Week A starts on Tuesday 8 Dec (Monday 7th is before the start): Mon+Tue 09:00.
    # Week B: Thursday 14:00. Then A, B, A...
    assert got == [
        (date(2026, 12, 8), "09:00", 30),
        (date(2026, 12, 17), "14:00", 60),
        (date(2026, 12, 21), "09:00", 30),
        (date(2026, 12, 22), "09:00", 30),
        (date(2026, 12, 31), "14:00", 60),
    ]


def test_change_this_and_all_following_splits_the_plan(db: Database, world: World) -> None:
    cid = world.client("Jo", "March")
    anna = world.staff("Anna", "Ames")
    pid = world.plan(cid, weekdays=(0, 3), at=time(8), staff_ids=[anna])
    with db.session() as s:
        plans.skip_occurrence(s, pid, date(2026, 12, 24), "family visiting")  # Thu, kept
        plans.skip_occurrence(s, pid, date(2026, 12, 21), "")  # Mon, no longer in new rule
        old = plans.get_plan(s, pid)
        data = plans.PlanData.from_plan(s, old)
        data.weekdays, data.start_time, data.end_time = (1, 3), time(9, 30), time(10, 15)
        new = plans.split_plan(s, pid, date(2026, 12, 14), data, expected_version=old.version)
        new_id = new.id
    with db.session() as s:
        assert plans.get_plan(s, pid).end_date == date(2026, 12, 13)
        got = [_local(o) for o in occurrences(s, MON, date(2026, 12, 27))]
        moved = s.scalars(
            select(PlanException.plan_id).where(PlanException.occurrence_date == date(2026, 12, 24))
        ).all()
        dropped = s.scalar(
            select(func.count())
            .select_from(PlanException)
            .where(PlanException.occurrence_date == date(2026, 12, 21))
        )
        assert visits.plan_staff(s, new_id) == [anna]
    assert got == [
        (MON, "08:00", 45),
        (date(2026, 12, 10), "08:00", 45),
        (date(2026, 12, 15), "09:30", 45),
        (date(2026, 12, 17), "09:30", 45),
        (date(2026, 12, 22), "09:30", 45),  # Thursday 24th stays skipped on the new plan
    ]
    assert moved == [new_id]
    assert dropped == 0


def test_skip_move_and_restore_one_visit(db: Database, world: World) -> None:
    cid = world.client("Kit", "Harington")
    pid = world.plan(cid, weekdays=(0,))
    with db.session() as s:
        plans.move_occurrence(s, pid, MON, date(2026, 12, 8), time(11), 60, "GP appointment")
        plans.skip_occurrence(s, pid, date(2026, 12, 14))
    with db.session() as s:
        got = [_local(o) for o in occurrences(s, MON, date(2026, 12, 21))]
        assert got == [(date(2026, 12, 8), "11:00", 60), (date(2026, 12, 21), "08:00", 45)]
        plans.restore_occurrence(s, pid, date(2026, 12, 14))
        plans.restore_occurrence(s, pid, MON)
    with db.session() as s:
        assert [o.day for o in occurrences(s, MON, date(2026, 12, 21))] == [
            MON,
            date(2026, 12, 14),
            date(2026, 12, 21),
        ]


def test_skipping_a_day_the_plan_does_not_visit_is_refused(db: Database, world: World) -> None:
    cid = world.client("Lou", "Reed")
    pid = world.plan(cid, weekdays=(0,))
    with pytest.raises(ValidationError) as info, db.session() as s:
        plans.skip_occurrence(s, pid, date(2026, 12, 8))
    assert info.value.errors == {"occurrence_date": "The plan has no visit on 08/12/2026"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weekdays": ()}, "weekdays"),
        ({"end_time": time(8, 2)}, "end_time"),
        ({"every_weeks": 9}, "every_weeks"),
        ({"end_date": date(2026, 1, 1)}, "end_date"),
        ({"staff_required": 3}, "staff_required"),
        ({"service_type": "gardening"}, "service_type"),
        ({"rule": "FREQ=HOURLY"}, "rule"),
        ({"rule": "FREQ=WEEKLY;BYHOUR=9"}, "rule"),
    ],
)
def test_bad_plans_are_refused_with_field_messages(
    db: Database, world: World, change: dict[str, object], field: str
) -> None:
    cid = world.client("Max", "Bruch")
    data = plans.PlanData(
        client_id=cid, start_date=MON, start_time=time(8), end_time=time(8, 30), weekdays=(0,)
    )
    for k, v in change.items():
        setattr(data, k, v)
    with db.session() as s:
        before = s.scalar(select(func.count(VisitPlan.id)))
    with pytest.raises(ValidationError) as info, db.session() as s:
        plans.create_plan(s, data)
    assert info.value.errors.get(field)
    with db.session() as s:
        assert s.scalar(select(func.count(VisitPlan.id))) == before


def test_too_many_or_barred_staff_refused(db: Database, world: World) -> None:
    cid = world.client("Ned", "Kelly")
    anna, ben = world.staff("Anna", "Ames"), world.staff("Ben", "Bell")
    with db.session() as s:
        pairings.add_do_not_send(s, cid, ben, "client's request")
    data = plans.PlanData(
        client_id=cid,
        start_date=MON,
        start_time=time(8),
        end_time=time(8, 30),
        weekdays=(0,),
        staff_ids=[anna, ben],
    )
    with pytest.raises(ValidationError) as info, db.session() as s:
        plans.create_plan(s, data)
    assert "needs 1 member(s) of staff but 2" in info.value.errors["staff_ids"]
    data.staff_ids = [ben]
    with pytest.raises(ValidationError) as info, db.session() as s:
        plans.create_plan(s, data)
    assert info.value.errors["staff_ids"] == (
        "Ben Bell must not be sent to this client (do-not-send list)."
    )


def test_short_visit_warning_until_a_reason_is_written() -> None:
    data = plans.PlanData(
        client_id=1, start_date=MON, start_time=time(8), end_time=time(8, 15), weekdays=(0,)
    )
    assert "under 30 minutes" in plans.plan_warnings(data)[0]
    data.notes = "Medicines prompt only; agreed with Mrs K and her daughter"
    assert plans.plan_warnings(data) == []
    data.end_time, data.notes = time(8, 30), ""
    assert plans.plan_warnings(data) == []


def test_plan_staff_changes_are_audited(db: Database, world: World) -> None:
    cid = world.client("Olu", "Dara")
    anna = world.staff("Anna", "Ames")
    pid = world.plan(cid, weekdays=(0,), staff_ids=[anna])
    with db.session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.entity == "visit_plan_staff")).all()
    assert [(r.entity_id, r.changes) for r in rows] == [(str(pid), {"staff_ids": [[], [anna]]})]


def test_plan_list_summary(db: Database, world: World) -> None:
    cid = world.client("Pam", "Ayres")
    world.plan(cid, weekdays=(0, 3), every_weeks=2, at=time(8, 15), minutes=45)
    with db.session() as s:
        (row,) = plan_list.list_plans(s, cid)
    assert row.summary == "Every 2 weeks on Monday and Thursday, 08:15 to 09:00 (45 minutes)"
    world.plan(cid, weekdays=(5,), at=time(22), minutes=9 * 60)
    with db.session() as s:
        night = [r.summary for r in plan_list.list_plans(s, cid) if r.id != row.id]
    assert night == ["Every week on Saturday, 22:00 to 07:00 (overnight, ends next day)"]
    assert row.service == "Personal care"
