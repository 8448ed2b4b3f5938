"""Recording the day: confirm all as planned, then the exceptions, notes, tasks and miles."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from sqlalchemy import select

from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import Visit
from microoffice.core.scheduling import today
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.scheduling.visits import OneOffData

from .conftest import World

MON = date(2026, 12, 7)  # the frozen "today", 09:30


def _day(db: Database, day: date = MON) -> list[tuple[str, str, datetime | None]]:
    with db.session() as s:
        return [(o.client_name, o.status, o.actual_start) for o in occurrences(s, day, day)]


def test_today_lists_visits_in_order_with_address_and_tasks(db: Database, world: World) -> None:
    a = world.client("Ann", "Able", address_line1="1 High St", town="Leeds", postcode="LS1 1AA")
    b = world.client("Bo", "Best", address_line1="2 Low Rd", town="Leeds")
    anna = world.staff("Anna", "Ames")
    world.plan(b, weekdays=(0,), at=time(11), tasks=["lunch"])
    world.plan(a, weekdays=(0,), at=time(8), tasks=["wash", "breakfast"], staff_ids=[anna])
    with db.session() as s:
        rows = today.day_visits(s, MON)
    assert [
        (r.occurrence.client_name, r.address, r.occurrence.tasks, r.staff_names) for r in rows
    ] == [
        ("Ann Able", "1 High St, Leeds, LS1 1AA", ("wash", "breakfast"), ("Anna Ames",)),
        ("Bo Best", "2 Low Rd, Leeds", ("lunch",), ()),
    ]


def test_confirm_all_as_planned_in_one_action(db: Database, world: World) -> None:
    a, b = world.client("Ann", "Able"), world.client("Bo", "Best")
    world.plan(a, weekdays=(0,), at=time(8), minutes=45, tasks=["wash"])
    world.plan(b, weekdays=(0,), at=time(9, 30), minutes=30)
    later = world.client("Cy", "Later")
    world.plan(later, weekdays=(0,), at=time(9, 45), minutes=30)
    with db.session() as s:
        confirmed = today.confirm_day(s, MON)
        assert len(confirmed) == 2
    ann = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert _day(db) == [
        ("Ann Able", "completed", ann),
        ("Bo Best", "completed", datetime(2026, 12, 7, 9, 30, tzinfo=UTC)),
        ("Cy Later", "planned", None),
    ]
    with db.session() as s:
        v = s.scalars(select(Visit).order_by(Visit.planned_start)).first()
        assert v is not None
        assert (v.actual_end, v.tasks_done) == (datetime(2026, 12, 7, 8, 45, tzinfo=UTC), ["wash"])
        assert v.confirmed_at == datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
        # a second confirm changes nothing and makes no new rows
        assert today.confirm_day(s, MON) == []


def test_exceptions_are_kept_when_the_rest_are_confirmed(db: Database, world: World) -> None:
    ids = [world.client(n, "Test") for n in ("Ann", "Bo", "Cy", "Di")]
    for i, cid in enumerate(ids):
        world.plan(cid, weekdays=(0,), at=time(7 + i), minutes=30)
    with db.session() as s:
        occ = {o.client_name: o for o in occurrences(s, MON, MON)}
        today.record_actual_times(s, occ["Ann Test"], time(7, 20), time(7, 40))  # late and short
        today.record_missed(s, occ["Bo Test"], "carer's car broke down")
        notice = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)
        v = today.record_cancelled_by_client(s, occ["Cy Test"], notice, "daughter visiting")
        assert today.notice_hours(v) == Decimal("15.0")  # 18:00 GMT Sunday -> 09:00 Monday
        today.confirm_day(s, MON)
    assert _day(db) == [
        ("Ann Test", "completed", datetime(2026, 12, 7, 7, 20, tzinfo=UTC)),
        ("Bo Test", "missed", None),
        ("Cy Test", "cancelled_client", None),
        ("Di Test", "planned", None),  # 10:00 has not come yet (it is 09:30)
    ]


def test_provider_cancellation_needs_a_reason(db: Database, world: World) -> None:
    cid = world.client("Ed", "Ever")
    world.plan(cid, weekdays=(1,), at=time(9))
    with db.session() as s:
        occ = occurrences(s, date(2026, 12, 8), date(2026, 12, 8))[0]
    with pytest.raises(ValidationError) as info, db.session() as s:
        today.record_cancelled_by_provider(s, occ, "  ")
    assert "reason" in info.value.errors
    with db.session() as s:
        assert s.scalar(select(Visit.id)) is None  # nothing half-saved
        today.record_cancelled_by_provider(s, occ, "snow: roads closed")
    assert _day(db, date(2026, 12, 8)) == [("Ed Ever", "cancelled_provider", None)]


def test_future_days_cannot_be_confirmed_or_missed(db: Database, world: World) -> None:
    cid = world.client("Fi", "Future")
    world.plan(cid, weekdays=(0, 1), at=time(9))
    with pytest.raises(ValidationError) as info, db.session() as s:
        today.confirm_day(s, date(2026, 12, 8))
    assert "has not happened yet" in info.value.errors["day"]
    with db.session() as s:
        tomorrow = occurrences(s, date(2026, 12, 8), date(2026, 12, 8))[0]
    with pytest.raises(ValidationError), db.session() as s:
        today.record_missed(s, tomorrow, "no carer")


def test_note_tasks_and_mileage_on_a_completed_visit(db: Database, world: World) -> None:
    cid = world.client("Gee", "Good")
    anna = world.staff("Anna", "Ames")
    world.plan(
        cid, weekdays=(0,), at=time(8), tasks=["wash", "breakfast", "medication"], staff_ids=[anna]
    )
    with db.session() as s:
        today.confirm_day(s, MON)
        occ = occurrences(s, MON, MON)[0]
        today.complete_visit(
            s,
            occ,
            note="Cheerful; ate all her porridge.",
            tasks_done=["wash", "breakfast"],
            mileage_tenths=34,
        )
    with db.session() as s:
        v = s.scalars(select(Visit)).one()
        note = s.scalars(select(DailyNote)).one()
    assert (v.tasks_done, v.mileage_tenths, v.status) == (["wash", "breakfast"], 34, "completed")
    assert (note.visit_id, note.client_id, note.staff_id, note.text) == (
        v.id,
        cid,
        anna,
        "Cheerful; ate all her porridge.",
    )
    assert note.occurred_at == datetime(2026, 12, 7, 8, 45, tzinfo=UTC)
    with pytest.raises(ValidationError) as info, db.session() as s:
        today.complete_visit(s, v.id, mileage_tenths=-1)
    assert info.value.errors == {"mileage_tenths": "Mileage is between 0 and 500 miles"}


def test_extra_visit_is_recorded_as_done(db: Database, world: World) -> None:
    cid = world.client("Hal", "Help")
    with db.session() as s:
        today.record_extra_visit(
            s,
            OneOffData(
                client_id=cid,
                day=MON,
                start_time=time(6, 30),
                end_time=time(7),
                tasks=["fall: check"],
            ),
        )
    assert _day(db) == [("Hal Help", "completed", datetime(2026, 12, 7, 6, 30, tzinfo=UTC))]
    with pytest.raises(ValidationError), db.session() as s:
        today.record_extra_visit(
            s, OneOffData(client_id=cid, day=MON, start_time=time(18), end_time=time(18, 30))
        )
