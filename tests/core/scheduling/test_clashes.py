"""One test per clash rule, each with a near-miss that must NOT warn."""

from __future__ import annotations

from datetime import date, time

import pytest

from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.models.staff import TrainingCourse, TrainingRecord
from microoffice.core.scheduling import clashes, pairings, visits
from microoffice.core.scheduling.clashes import assignment_warnings
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.services import staff as staff_service

from .conftest import World

TUE = date(2026, 12, 8)


def _occ(db: Database, client_id: int, day: date = TUE):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return next(o for o in occurrences(s, day, day, client_id=client_id))


def _warn(db: Database, occ, staff_id: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return [(w.kind, w.message) for w in assignment_warnings(s, occ, staff_id)]


def test_no_warnings_for_a_free_person(db: Database, world: World) -> None:
    cid = world.client("Amy", "Adams")
    world.plan(cid, weekdays=(1,), at=time(9))
    anna = world.staff("Anna", "Ames")
    assert _warn(db, _occ(db, cid), anna) == []


def test_double_booking(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    busy = world.client("Bea", "Brown")
    world.plan(busy, weekdays=(1,), at=time(9), minutes=60, staff_ids=[anna])
    overlapping = world.client("Cal", "Cole")
    world.plan(overlapping, weekdays=(1,), at=time(9, 30), minutes=30)
    touching = world.client("Dot", "Dunn")
    world.plan(touching, weekdays=(1,), at=time(12), minutes=30)
    assert _warn(db, _occ(db, overlapping), anna) == [
        (clashes.DOUBLE_BOOKED, "Anna Ames is already with Bea Brown from 09:00 to 10:00.")
    ]
    assert [k for k, _ in _warn(db, _occ(db, touching), anna)] == []


def test_travel_gap_uses_the_pair_then_the_default(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    first = world.client("Eve", "Ellis")
    world.plan(first, weekdays=(1,), at=time(9), minutes=60, staff_ids=[anna])  # ends 10:00
    near = world.client("Fox", "Ford")
    world.plan(near, weekdays=(1,), at=time(10, 10), minutes=30)  # 10 min gap
    far = world.client("Gil", "Gray")
    world.plan(far, weekdays=(1,), at=time(10, 20), minutes=30)  # 20 min gap
    with db.session() as s:
        pairings.set_travel_time(s, first, near, 15)
        pairings.set_travel_time(s, far, first, 25)  # set the other way round: used both ways
    assert _warn(db, _occ(db, near), anna) == [
        (
            clashes.TRAVEL,
            "Anna Ames leaves Eve Ellis at 10:00: 10 min to get here, "
            "but the journey takes 15 min.",
        )
    ]
    assert _warn(db, _occ(db, far), anna) == [
        (
            clashes.TRAVEL,
            "Anna Ames leaves Eve Ellis at 10:00: 20 min to get here, "
            "but the journey takes 25 min.",
        )
    ]
    # a pair with no travel time set falls back to the default (15 minutes unless changed)
    other = world.client("Hal", "Hill")
    world.plan(other, weekdays=(1,), at=time(8, 50), minutes=5)  # ends 08:55, 5 min before 09:00
    assert [m for _, m in _warn(db, _occ(db, other), anna)] == [
        "Anna Ames is due at Eve Ellis at 09:00: 5 min after this visit ends, "
        "but the journey takes 15 min."
    ]
    with db.session() as s:
        pairings.set_default_travel_minutes(s, 5)
    assert _warn(db, _occ(db, other), anna) == []


def test_outside_availability(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    with db.session() as s:
        staff_service.set_availability(s, anna, [(1, time(7), time(13))])  # Tuesdays 07:00-13:00
    inside = world.client("Ian", "Irons")
    world.plan(inside, weekdays=(1,), at=time(12), minutes=60)  # 12:00-13:00 fits exactly
    outside = world.client("Jay", "Jones")
    world.plan(outside, weekdays=(1,), at=time(12, 30), minutes=60)
    wednesday = world.client("Kay", "King")
    world.plan(wednesday, weekdays=(2,), at=time(9), minutes=30)
    assert _warn(db, _occ(db, inside), anna) == []
    assert _warn(db, _occ(db, outside), anna) == [
        (clashes.AVAILABILITY, "Anna Ames is not usually available on Tuesday 12:30-13:30.")
    ]
    assert _warn(db, _occ(db, wednesday, date(2026, 12, 9)), anna) == [
        (clashes.AVAILABILITY, "Anna Ames is not usually available on Wednesday 09:00-09:30.")
    ]


def test_overnight_visit_needs_cover_on_both_days(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    with db.session() as s:
        staff_service.set_availability(
            s, anna, [(1, time(20), time(23, 59)), (2, time(0), time(8))]
        )
    cid = world.client("Lee", "Lamb")
    world.plan(cid, weekdays=(1,), at=time(22), minutes=600, service_type="waking_night")
    assert _warn(db, _occ(db, cid), anna) == []
    with db.session() as s:
        staff_service.set_availability(s, anna, [(1, time(20), time(23, 59))])
    assert _warn(db, _occ(db, cid), anna) == [
        (clashes.AVAILABILITY, "Anna Ames is not usually available on Wednesday 00:00-08:00.")
    ]


def test_on_leave(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    cid = world.client("May", "Moss")
    world.plan(cid, weekdays=(1, 3), at=time(9))
    with db.session() as s:
        staff_service.add_leave(s, anna, date(2026, 12, 8), date(2026, 12, 9), kind="holiday")
    assert _warn(db, _occ(db, cid), anna) == [
        (clashes.LEAVE, "Anna Ames is on holiday from 08/12/2026 to 09/12/2026.")
    ]
    assert _warn(db, _occ(db, cid, date(2026, 12, 10)), anna) == []


def test_do_not_send_warns_and_blocks_the_save(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    cid = world.client("Ned", "North")
    world.plan(cid, weekdays=(1,), at=time(9))
    with db.session() as s:
        pairings.add_do_not_send(s, cid, anna, "asked for female carers only")
    occ = _occ(db, cid)
    with db.session() as s:
        (w,) = assignment_warnings(s, occ, anna)
    assert (w.kind, w.blocking) == (clashes.DO_NOT_SEND, True)
    assert w.message == "Anna Ames must not be sent to Ned North (asked for female carers only)."
    with pytest.raises(ValidationError), db.session() as s:
        visits.assign_staff(s, occ, [anna])
    with db.session() as s:
        assert occurrences(s, TUE, TUE)[0].visit_id is None  # nothing half-saved


def test_missing_or_expired_training_for_a_task(db: Database, world: World) -> None:
    anna, ben, cat = (
        world.staff("Anna", "Ames"),
        world.staff("Ben", "Bell"),
        world.staff("Cat", "Cox"),
    )
    cid = world.client("Oz", "Owen")
    world.plan(cid, weekdays=(1,), at=time(9), tasks=["Medication", "breakfast"])
    with db.session() as s:
        course = TrainingCourse(
            name="Medicines administration", renewal_months=12, required_for_tasks=["medication"]
        )
        s.add(course)
        s.add(TrainingCourse(name="Moving and handling", required_for_tasks=["hoist"]))
        s.flush()
        s.add(
            TrainingRecord(
                staff_id=ben,
                course_id=course.id,
                completed_on=date(2026, 1, 5),
                expires_on=date(2027, 1, 5),
            )
        )
        s.add(
            TrainingRecord(
                staff_id=cat,
                course_id=course.id,
                completed_on=date(2025, 11, 1),
                expires_on=date(2026, 11, 30),
            )
        )
    occ = _occ(db, cid)
    expected = (
        "has no valid 'Medicines administration' training on 08/12/2026, needed for: medication."
    )
    assert _warn(db, occ, anna) == [(clashes.TRAINING, f"Anna Ames {expected}")]
    assert _warn(db, occ, ben) == []
    assert _warn(db, occ, cat) == [(clashes.TRAINING, f"Cat Cox {expected}")]


def test_someone_who_has_left(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    cid = world.client("Pat", "Penn")
    world.plan(cid, weekdays=(1,), at=time(9))
    with db.session() as s:
        staff_service.archive_staff(s, anna)
    assert _warn(db, _occ(db, cid), anna) == [
        (clashes.EMPLOYMENT, "Anna Ames no longer works here.")
    ]


def test_warnings_for_a_saved_visit_ignore_the_visit_itself(db: Database, world: World) -> None:
    anna = world.staff("Anna", "Ames")
    cid = world.client("Quin", "Quay")
    world.plan(cid, weekdays=(1,), at=time(9), staff_ids=[anna])
    with db.session() as s:
        vid = visits.materialise(s, occurrences(s, TUE, TUE)[0]).id
    with db.session() as s:
        assert assignment_warnings(s, vid, anna) == []
