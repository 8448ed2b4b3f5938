"""Continuity of care, and day-activity groups with capacity, register and attendance."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.scheduling import groups, today, visits
from microoffice.core.scheduling.continuity import continuity
from microoffice.core.scheduling.occurrences import occurrences

from .conftest import World


def test_share_of_visits_done_by_regular_staff(db: Database, world: World) -> None:
    anna, ben = world.staff("Anna", "Ames"), world.staff("Ben", "Bell")
    cid = world.client("Cora", "Cole")
    world.plan(cid, weekdays=(0, 1, 2, 3, 4, 5, 6), at=time(8), staff_ids=[anna])
    other = world.client("Dan", "Dale")
    world.plan(other, weekdays=(0,), at=time(12))  # no regular carer named
    with db.session() as s:
        # Week of 30 Nov - 6 Dec: 7 visits for Cora; Ben covers two of them.
        for occ in occurrences(s, date(2026, 12, 2), date(2026, 12, 3), client_id=cid):
            visits.assign_staff(s, occ, [ben])
        for day in range(30, 31):
            today.confirm_day(s, date(2026, 11, day))
        for day in range(1, 7):
            today.confirm_day(s, date(2026, 12, day))
    with db.session() as s:
        rows = continuity(s, date(2026, 11, 30), date(2026, 12, 6))
        ahead = continuity(s, date(2026, 12, 7), date(2026, 12, 13), include_planned=True)
    assert [(r.client_name, r.visits, r.by_regular, r.percent) for r in rows] == [
        ("Cora Cole", 7, 5, Decimal("71.4")),  # 5/7 = 71.43 %
        ("Dan Dale", 1, 0, Decimal("0.0")),
    ]
    # next week nothing is done yet; counting planned visits shows the rota's intent
    assert [(r.client_name, r.visits, r.by_regular) for r in ahead] == [
        ("Cora Cole", 7, 7),
        ("Dan Dale", 1, 0),
    ]


def test_group_capacity_register_and_attendance(db: Database, world: World) -> None:
    people = [world.client(n, "Group") for n in ("Al", "Bea", "Cas", "Dee")]
    with db.session() as s:
        g = groups.create_group(s, "Thursday lunch club", capacity=3, location="Village hall")
        made = groups.add_sessions(s, g.id, date(2026, 12, 10), time(11), time(14), weeks=3)
        sid = made[0].id
        assert [m.day for m in made] == [date(2026, 12, 10), date(2026, 12, 17), date(2026, 12, 24)]
        groups.book(s, sid, people[:2])
    with pytest.raises(ValidationError) as info, db.session() as s:
        groups.book(s, sid, people[2:])  # 2 more but 1 place left: none are booked
    assert info.value.errors["capacity"] == (
        "The session on 10/12/2026 has 1 place left, not enough for 2 more people; "
        "nobody was booked."
    )
    with db.session() as s:
        groups.book(s, sid, [people[2]])
        groups.mark(s, sid, people[1], groups.ABSENT)
        assert groups.mark_all_attended(s, sid) == 2
        reg = groups.register(s, sid)
    assert [(line.name, line.status) for line in reg.lines] == [
        ("Al Group", "attended"),
        ("Bea Group", "absent"),
        ("Cas Group", "attended"),
    ]
    assert (reg.places_left, reg.attended, reg.group_name) == (0, 2, "Thursday lunch club")
    with db.session() as s:
        billed = groups.attendance_for_client(s, people[0], date(2026, 12, 1), date(2026, 12, 31))
    assert [(gs.day, status) for gs, status in billed] == [(date(2026, 12, 10), "attended")]


def test_group_session_times_are_checked(db: Database) -> None:
    with db.session() as s:
        g = groups.create_group(s, "Art", capacity=6)
    with pytest.raises(ValidationError) as info, db.session() as s:
        groups.add_sessions(s, g.id, date(2026, 12, 10), time(14), time(11))
    assert info.value.errors == {"end_time": "A session must end after it starts"}


def test_groups_and_sessions_are_listed_with_places_left(db: Database, world: World) -> None:
    people = [world.client(n, "Row") for n in ("Al", "Bea")]
    with db.session() as s:
        lunch = groups.create_group(s, "Lunch club", capacity=4, location="Village hall")
        art = groups.create_group(s, "Art", capacity=2)
        first = groups.add_sessions(s, lunch.id, date(2026, 12, 10), time(11), time(14), weeks=2)
        groups.add_sessions(s, art.id, date(2026, 12, 10), time(10), time(12))
        groups.book(s, first[0].id, people)
    with db.session() as s:
        assert [(g.name, g.location, g.capacity) for g in groups.list_groups(s)] == [
            ("Art", "", 2),
            ("Lunch club", "Village hall", 4),
        ]
        rows = groups.session_rows(s, date(2026, 12, 7), date(2026, 12, 31))
        only_lunch = groups.session_rows(s, date(2026, 12, 7), date(2026, 12, 31), lunch.id)
    assert [(r.group_name, r.day, r.start_time, r.booked, r.places_left) for r in rows] == [
        ("Art", date(2026, 12, 10), time(10), 0, 2),
        ("Lunch club", date(2026, 12, 10), time(11), 2, 2),
        ("Lunch club", date(2026, 12, 17), time(11), 0, 4),
    ]
    assert [r.day for r in only_lunch] == [date(2026, 12, 10), date(2026, 12, 17)]


def test_a_client_who_no_longer_receives_care_cannot_be_booked(db: Database, world: World) -> None:
    from sqlalchemy import func, select

    from microoffice.core.models.visits import Attendance
    from microoffice.core.services import clients

    current, former = world.client("Al", "Group"), world.client("Bea", "Gone")
    with db.session() as s:
        clients.archive_client(s, former, "Moved away")
        g = groups.create_group(s, "Art", capacity=6)
        sid = groups.add_sessions(s, g.id, date(2026, 12, 10), time(11), time(14))[0].id
    with pytest.raises(ValidationError) as info, db.session() as s:
        groups.book(s, sid, [current, former])
    assert info.value.errors == {
        "client_id": "Bea Gone no longer receives care (archived); nobody was booked."
    }
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Attendance)) == 0
