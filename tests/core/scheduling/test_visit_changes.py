"""Changing one visit as the calendar and the command line do it: move it (just this one, or this
and following), change its length, skip it, put it back, cancel it, change who goes; each with
its history (where it was, who, when, why), and the office checks clean afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microoffice.core import clock
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.models import AuditLog
from microoffice.core.models.visits import PlanException, Visit, VisitChange, VisitPlan
from microoffice.core.scheduling import history, plans, visit_changes
from microoffice.core.scheduling.merge import Occurrence
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.services import staff
from microoffice.core.services.integrity import check_database

from .conftest import World

MON = date(2026, 12, 7)  # the frozen today is Monday 7 December 2026, 09:30


def at(day: date, hh_mm: str) -> datetime:
    hours, minutes = (int(p) for p in hh_mm.split(":"))
    return clock.to_utc(day, time(hours, minutes))


def visits_of(db: Database, cid: int, start: date, end: date, **kw: bool) -> list[tuple[str, ...]]:
    with db.session() as s:
        return [
            (
                f"{o.day:%a %d}",
                f"{clock.to_local(o.planned_start):%H:%M}-{clock.to_local(o.planned_end):%H:%M}",
                o.status,
            )
            for o in occurrences(s, start, end, client_id=cid, **kw)
        ]


def the_visit(db: Database, cid: int, day: date) -> Occurrence:
    with db.session() as s:
        return visit_changes.find_visit(s, cid, day)


def changes(db: Database, occ: Occurrence) -> list[str]:
    with db.session() as s:
        return [c.line() for c in history.history_of(s, visit_changes.current(s, occ))]


def test_just_this_one_moves_one_visit_and_keeps_where_it_was(db: Database, world: World) -> None:
    cid = world.client("Peggy", "Henshaw")
    world.plan(cid, weekdays=(0,), at=time(8, 30), minutes=45, start=date(2026, 11, 30))
    occ = the_visit(db, cid, date(2026, 12, 14))
    with db.session(actor="Barbara") as s:
        visit_changes.move_visit(
            s, occ, at(date(2026, 12, 15), "10:00"), at(date(2026, 12, 15), "10:45"),
            reason="GP appointment",
        )  # fmt: skip
    assert visits_of(db, cid, MON, date(2026, 12, 27)) == [
        ("Mon 07", "08:30-09:15", "planned"),
        ("Tue 15", "10:00-10:45", "planned"),
        ("Mon 21", "08:30-09:15", "planned"),
    ]
    moved = the_visit(db, cid, date(2026, 12, 15))
    assert moved.moved and moved.occurrence_date == date(2026, 12, 14)
    assert changes(db, moved) == [
        "Moved from Mon 14 Dec 08:30-09:15 to Tue 15 Dec 10:00-10:45, by Barbara on "
        "07/12/2026 09:30. Why: GP appointment"
    ]
    # Moved back to where the plan has it: no exception left, and the history says both.
    with db.session(actor="Barbara") as s:
        visit_changes.move_visit(
            s, moved, at(date(2026, 12, 14), "08:30"), at(date(2026, 12, 14), "09:15")
        )
        assert s.scalar(select(func.count(PlanException.id))) == 0
    back = the_visit(db, cid, date(2026, 12, 14))
    assert not back.moved
    assert [c.split(",")[0] for c in changes(db, back)] == [
        "Moved from Mon 14 Dec 08:30-09:15 to Tue 15 Dec 10:00-10:45",
        "Moved from Tue 15 Dec 10:00-10:45 to Mon 14 Dec 08:30-09:15",
    ]


def test_a_longer_visit_changes_only_its_end(db: Database, world: World) -> None:
    cid = world.client("Alf", "Green")
    world.plan(cid, weekdays=(0,), at=time(8, 30), minutes=45)
    occ = the_visit(db, cid, date(2026, 12, 14))
    with db.session() as s:
        visit_changes.move_visit(s, occ, occ.planned_start, at(date(2026, 12, 14), "09:30"))
    assert visits_of(db, cid, date(2026, 12, 14), date(2026, 12, 21)) == [
        ("Mon 14", "08:30-09:30", "planned"),
        ("Mon 21", "08:30-09:15", "planned"),
    ]
    assert changes(db, occ)[0].startswith(
        "Length changed from 45 to 60 minutes (Mon 14 Dec 08:30-09:15 to Mon 14 Dec 08:30-09:30)"
    )


def test_a_saved_visit_moves_with_its_carers(db: Database, world: World) -> None:
    cid = world.client("Bo", "Best")
    anna, ben = world.staff("Anna", "Ames"), world.staff("Ben", "Bell")
    world.plan(cid, weekdays=(0,), staff_ids=[anna])
    occ = the_visit(db, cid, date(2026, 12, 14))
    with db.session(actor="Barbara") as s:
        visit_changes.set_carers(s, occ, [ben], reason="Anna on training")
    saved = the_visit(db, cid, date(2026, 12, 14))
    assert saved.visit_id is not None and saved.staff_ids == (ben,)
    with db.session() as s:  # the same carer chosen again: nothing to record
        assert visit_changes.set_carers(s, saved, [ben]) is None
    with db.session() as s:
        visit_changes.move_visit(s, saved, at(date(2026, 12, 14), "11:00"), at(MON + timedelta(7), "11:45"))  # fmt: skip
        row = s.get(Visit, saved.visit_id)
        assert row is not None and row.planned_start == datetime(2026, 12, 14, 11, tzinfo=UTC)
    after = the_visit(db, cid, date(2026, 12, 14))
    assert after.staff_ids == (ben,) and after.visit_id == saved.visit_id
    lines = changes(db, after)
    assert lines[0] == (
        "Carers changed: Anna Ames to Ben Bell, by Barbara on 07/12/2026 09:30. "
        "Why: Anna on training"
    )
    assert lines[1].startswith("Moved from Mon 14 Dec 08:00-08:45 to Mon 14 Dec 11:00-11:45")


def test_a_visit_already_recorded_is_not_moved(db: Database, world: World) -> None:
    cid = world.client("Cy", "Dee")
    world.plan(cid, weekdays=(0,), at=time(7, 0), minutes=30)
    with db.session() as s:
        from microoffice.core.scheduling import today

        today.confirm_day(s, MON)
    done = the_visit(db, cid, MON)
    with pytest.raises(ValidationError) as info, db.session() as s:
        visit_changes.move_visit(s, done, at(MON, "12:00"), at(MON, "12:30"))
    assert info.value.errors == {
        "status": "This visit is already recorded as done, so it cannot be moved."
    }
    with db.session() as s:
        assert s.scalar(select(func.count(VisitChange.id))) == 0
    assert visits_of(db, cid, MON, MON) == [("Mon 07", "07:00-07:30", "completed")]


def test_this_and_following_at_a_new_time(db: Database, world: World) -> None:
    cid = world.client("Di", "Eve")
    anna, ben = world.staff("Anna", "Ames"), world.staff("Ben", "Bell")
    pid = world.plan(cid, weekdays=(0, 3), at=time(8), minutes=45, start=date(2026, 11, 30))
    with db.session() as s:
        plans.skip_occurrence(s, pid, date(2026, 12, 24), "family visiting")
        plans.move_occurrence(s, pid, date(2026, 12, 21), date(2026, 12, 21), time(13), 45)
    # Ben goes on Thursday 17th (a saved visit at the usual time)
    thursday = the_visit(db, cid, date(2026, 12, 17))
    with db.session() as s:
        visit_changes.set_carers(s, thursday, [ben])
    occ = the_visit(db, cid, date(2026, 12, 14))
    with db.session(actor="Barbara") as s:
        visit_changes.move_visit(
            s, occ, at(date(2026, 12, 14), "09:30"), at(date(2026, 12, 14), "10:30"),
            following=True, reason="Peggy asked for later mornings",
        )  # fmt: skip
    assert visits_of(db, cid, MON, date(2026, 12, 28), skipped=True) == [
        ("Mon 07", "08:00-08:45", "planned"),
        ("Thu 10", "08:00-08:45", "planned"),
        ("Mon 14", "09:30-10:30", "planned"),
        ("Thu 17", "09:30-10:30", "planned"),  # the saved visit moved with the rest
        # moved on its own before: stays where it was put, and takes the plan's new length (as
        # calendar apps do: what was changed on one visit stays, the rest follows the series)
        ("Mon 21", "13:00-14:00", "planned"),
        ("Thu 24", "09:30-10:30", "skipped"),  # still skipped
        ("Mon 28", "09:30-10:30", "planned"),
    ]
    assert the_visit(db, cid, date(2026, 12, 17)).staff_ids == (ben,)
    with db.session() as s:
        new = s.scalars(select(VisitPlan).where(VisitPlan.id != pid)).one()
        assert (new.start_date, new.start_time, new.end_time) == (
            date(2026, 12, 14), time(9, 30), time(10, 30),
        )  # fmt: skip
        assert plans.get_plan(s, pid).end_date == date(2026, 12, 13)
    assert anna
    assert changes(db, the_visit(db, cid, date(2026, 12, 14))) == [
        "Moved from Mon 14 Dec 08:00-08:45 to Mon 14 Dec 09:30-10:30, with every later visit: "
        "Every week on Monday and Thursday at 08:00 for 45 min became Every week on Monday and "
        "Thursday at 09:30 for 60 min from 14/12/2026, by Barbara on 07/12/2026 09:30. "
        "Why: Peggy asked for later mornings"
    ]


def test_this_and_following_to_another_day(db: Database, world: World) -> None:
    cid = world.client("Ed", "Fox")
    pid = world.plan(cid, weekdays=(0,), at=time(8), minutes=45, start=date(2026, 11, 30))
    with db.session() as s:
        plans.skip_occurrence(s, pid, date(2026, 12, 28), "Christmas with family")
    occ = the_visit(db, cid, date(2026, 12, 14))
    with db.session() as s:
        visit_changes.move_visit(
            s, occ, at(date(2026, 12, 16), "14:00"), at(date(2026, 12, 16), "14:45"),
            following=True,
        )  # fmt: skip
    assert visits_of(db, cid, MON, date(2027, 1, 3), skipped=True) == [
        ("Mon 07", "08:00-08:45", "planned"),
        ("Wed 16", "14:00-14:45", "planned"),
        ("Wed 23", "14:00-14:45", "planned"),
        ("Wed 30", "14:00-14:45", "skipped"),  # the skip went with its visit
    ]


def test_this_and_following_earlier_is_refused_past_another_visit(
    db: Database, world: World
) -> None:
    cid = world.client("Flo", "Gee")
    world.plan(cid, weekdays=(0, 2, 4), at=time(8), minutes=30)
    occ = the_visit(db, cid, date(2026, 12, 18))  # Friday
    before = visits_of(db, cid, MON, date(2026, 12, 27))
    with pytest.raises(ValidationError) as info, db.session() as s:
        visit_changes.move_visit(
            s, occ, at(date(2026, 12, 15), "08:00"), at(date(2026, 12, 15), "08:30"),
            following=True,
        )  # fmt: skip
    assert info.value.errors["day"].startswith(
        "The plan has a visit on Wednesday 16 December before this one"
    )
    assert visits_of(db, cid, MON, date(2026, 12, 27)) == before
    # ...and one day earlier, with nothing in between, moves every later visit.
    with db.session() as s:
        visit_changes.move_visit(
            s, occ, at(date(2026, 12, 17), "08:00"), at(date(2026, 12, 17), "08:30"),
            following=True,
        )  # fmt: skip
    assert [v[0] for v in visits_of(db, cid, date(2026, 12, 14), date(2026, 12, 27))] == [
        "Mon 14", "Wed 16", "Thu 17", "Sun 20", "Tue 22", "Thu 24", "Sun 27",
    ]  # fmt: skip


def test_a_monthly_pattern_cannot_move_days_but_can_move_time(db: Database, world: World) -> None:
    cid = world.client("Gus", "Hay")
    world.plan(cid, weekdays=(), rule="FREQ=MONTHLY;BYDAY=1MO", at=time(10), minutes=60)
    occ = the_visit(db, cid, MON)
    with pytest.raises(ValidationError) as info, db.session() as s:
        visit_changes.move_visit(
            s, occ, at(date(2026, 12, 8), "10:00"), at(date(2026, 12, 8), "11:00"), following=True
        )
    assert info.value.errors["day"].startswith("This plan repeats in a way that cannot move")
    with db.session() as s:
        visit_changes.move_visit(s, occ, at(MON, "14:00"), at(MON, "15:00"), following=True)
    assert visits_of(db, cid, MON, date(2027, 1, 31)) == [
        ("Mon 07", "14:00-15:00", "planned"),
        ("Mon 04", "14:00-15:00", "planned"),
    ]


def test_a_skipped_visit_stays_in_view_and_can_be_put_back(db: Database, world: World) -> None:
    cid = world.client("Hal", "Ive")
    anna = world.staff("Anna", "Ames")
    world.plan(cid, weekdays=(0,), at=time(8), minutes=45, staff_ids=[anna])
    occ = the_visit(db, cid, date(2026, 12, 14))
    with db.session() as s:  # saved (carers chosen), then skipped: the row goes, the skip stays
        visit_changes.set_carers(s, occ, [])
    with db.session(actor="Barbara") as s:
        visit_changes.skip_visit(s, occ, "Family visiting")
        assert s.scalar(select(func.count(Visit.id))) == 0
    span = (date(2026, 12, 14), date(2026, 12, 14))
    assert visits_of(db, cid, *span) == []  # rotas, Today and invoices do not see it
    assert visits_of(db, cid, *span, skipped=True) == [("Mon 14", "08:00-08:45", "skipped")]
    skipped = the_visit(db, cid, date(2026, 12, 14))
    assert skipped.status == "skipped"
    assert changes(db, skipped)[-1] == (
        "Skipped (was Mon 14 Dec 08:00-08:45), by Barbara on 07/12/2026 09:30. Why: Family visiting"
    )
    with pytest.raises(ValidationError, match=r"skipped\. Put it back first"), db.session() as s:
        visit_changes.move_visit(s, skipped, at(MON, "12:00"), at(MON, "12:30"))
    with db.session(actor="Barbara") as s:
        visit_changes.restore_visit(s, skipped)
    assert visits_of(db, cid, *span) == [("Mon 14", "08:00-08:45", "planned")]
    assert the_visit(db, cid, date(2026, 12, 14)).staff_ids == (anna,)  # the plan's carer
    assert changes(db, skipped)[-1].startswith(
        "Put back to the plan's time (Mon 14 Dec 08:00-08:45), from Mon 14 Dec 08:00-08:45"
    )


def test_cancelled_by_the_client_stays_on_the_calendar(db: Database, world: World) -> None:
    cid = world.client("Ida", "Jay")
    world.plan(cid, weekdays=(1,), at=time(10), minutes=60)
    occ = the_visit(db, cid, date(2026, 12, 8))
    told = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    with db.session(actor="Barbara") as s:
        visit_changes.cancel_visit(s, occ, visit_changes.BY_CLIENT, "Hospital appointment", told)
    assert visits_of(db, cid, date(2026, 12, 8), date(2026, 12, 8)) == [
        ("Tue 08", "10:00-11:00", "cancelled_client")
    ]
    assert changes(db, occ) == [
        "Cancelled by the client (told us 07/12/2026 09:00), by Barbara on 07/12/2026 09:30. "
        "Why: Hospital appointment"
    ]
    refused = "cancelled by client, so it cannot be skipped"
    with pytest.raises(ValidationError, match=refused), db.session() as s:
        visit_changes.skip_visit(s, occ)


def test_moving_onto_another_visit_or_leave_is_asked_about(db: Database, world: World) -> None:
    peggy, alf = world.client("Peggy", "Henshaw"), world.client("Alf", "Green")
    anna = world.staff("Anna", "Ames")
    world.plan(peggy, weekdays=(1,), at=time(8), minutes=45, staff_ids=[anna])
    world.plan(alf, weekdays=(1,), at=time(11), minutes=60, staff_ids=[anna])
    occ = the_visit(db, peggy, date(2026, 12, 8))
    with db.session() as s:
        onto = visit_changes.move_warnings(
            s, occ, at(date(2026, 12, 8), "11:15"), at(date(2026, 12, 8), "12:00")
        )
        clear = visit_changes.move_warnings(
            s, occ, at(date(2026, 12, 8), "14:00"), at(date(2026, 12, 8), "14:45")
        )
        staff.add_leave(s, anna, date(2026, 12, 15), date(2026, 12, 15))
    assert [w.message for w in onto] == ["Anna Ames is already with Alf Green from 11:00 to 12:00."]
    assert clear == []
    with db.session() as s:
        away = visit_changes.move_warnings(
            s, occ, at(date(2026, 12, 15), "14:00"), at(date(2026, 12, 15), "14:45")
        )
    assert [w.message for w in away] == ["Anna Ames is on holiday from 15/12/2026 to 15/12/2026."]


def test_client_away_hides_the_plans_visits_and_lists_saved_ones(
    db: Database, world: World
) -> None:
    cid = world.client("Jo", "Kay")
    anna, ben = world.staff("Anna", "Ames"), world.staff("Ben", "Bell")
    world.plan(cid, weekdays=(0, 3), at=time(8), minutes=45, staff_ids=[anna])
    thursday = the_visit(db, cid, date(2026, 12, 17))
    with db.session() as s:
        visit_changes.set_carers(s, thursday, [ben])
        visit_changes.client_away(s, cid, date(2026, 12, 14), date(2026, 12, 20), "hospital")
        saved = visit_changes.saved_visits_while_away(
            s, cid, date(2026, 12, 14), date(2026, 12, 20)
        )
    assert [o.day for o in saved] == [date(2026, 12, 17)]
    assert [v[0] for v in visits_of(db, cid, date(2026, 12, 14), date(2026, 12, 21))] == [
        "Thu 17",
        "Mon 21",
    ]
    with pytest.raises(ValidationError, match="pause ends before it starts"), db.session() as s:
        visit_changes.client_away(s, cid, date(2026, 12, 20), date(2026, 12, 14), "holiday")


def test_finding_a_visit_by_day_and_time(db: Database, world: World) -> None:
    cid = world.client("Kim", "Lee")
    world.plan(cid, weekdays=(0,), at=time(8), minutes=30)
    world.plan(cid, weekdays=(0,), at=time(18), minutes=30)
    with db.session() as s:
        with pytest.raises(UserError) as several:
            visit_changes.find_visit(s, cid, MON)
        with pytest.raises(UserError) as none:
            visit_changes.find_visit(s, cid, date(2026, 12, 8))
        evening = visit_changes.find_visit(s, cid, MON, time(18))
    assert (
        str(several.value)
        == "There are 2 visits on 07/12/2026 (08:00, 18:00); add --time to say which."
    )
    assert str(none.value) == "There is no visit on 08/12/2026 for this client."
    assert f"{clock.to_local(evening.planned_start):%H:%M}" == "18:00"


def test_every_change_is_audited_and_the_office_checks_clean(db: Database, world: World) -> None:
    cid = world.client("Lyn", "May")
    anna = world.staff("Anna", "Ames")
    world.plan(cid, weekdays=(0, 2), at=time(8), minutes=45, staff_ids=[anna])
    with db.session() as s:
        audit_before = s.scalar(select(func.count(AuditLog.id))) or 0
    with db.session(actor="Barbara") as s:
        visit_changes.move_visit(
            s, visit_changes.find_visit(s, cid, date(2026, 12, 14)),
            at(date(2026, 12, 14), "10:00"), at(date(2026, 12, 14), "10:45"),
        )  # fmt: skip
        visit_changes.skip_visit(s, visit_changes.find_visit(s, cid, date(2026, 12, 16)), "away")
        visit_changes.set_carers(s, visit_changes.find_visit(s, cid, date(2026, 12, 21)), [])
        visit_changes.skip_visit(s, visit_changes.find_visit(s, cid, date(2026, 12, 21)))
        visit_changes.move_visit(
            s, visit_changes.find_visit(s, cid, date(2026, 12, 23)),
            at(date(2026, 12, 24), "08:00"), at(date(2026, 12, 24), "09:00"), following=True,
        )  # fmt: skip
    with db.session() as s:
        logged = {
            e for (e,) in s.execute(select(AuditLog.entity).where(AuditLog.id > audit_before))
        }
        kinds = [c.action for c in s.scalars(select(VisitChange).order_by(VisitChange.id))]
    assert {"visit_change", "plan_exception", "visit", "visit_staff", "visit_plan"} <= logged
    assert kinds == ["moved", "skipped", "carers", "skipped", "following"]
    assert check_database(db) == []


def test_a_one_off_visit_moves_and_keeps_its_history(db: Database, world: World) -> None:
    cid = world.client("Max", "Nye")
    anna = world.staff("Anna", "Ames")
    with db.session() as s:
        from microoffice.core.scheduling.visits import OneOffData, add_one_off

        add_one_off(s, OneOffData(cid, date(2026, 12, 9), time(14), time(15), staff_ids=[anna]))
    occ = the_visit(db, cid, date(2026, 12, 9))
    new = (at(date(2026, 12, 10), "15:00"), at(date(2026, 12, 10), "16:00"))
    with db.session() as s:
        assert visit_changes.move_warnings(s, occ, *new) == []
        with pytest.raises(ValidationError, match="one-off visit: there are no later visits"):
            visit_changes.move_visit(s, occ, *new, following=True)
    with db.session(actor="Barbara") as s:
        visit_changes.move_visit(s, occ, *new, reason="Hospital transport changed")
    moved = the_visit(db, cid, date(2026, 12, 10))
    assert moved.visit_id == occ.visit_id
    assert changes(db, moved) == [
        "Moved from Wed 9 Dec 14:00-15:00 to Thu 10 Dec 15:00-16:00, by Barbara on "
        "07/12/2026 09:30. Why: Hospital transport changed"
    ]
    with pytest.raises(ValidationError, match="cancel it instead of skipping"), db.session() as s:
        visit_changes.skip_visit(s, moved)


def test_the_clients_schedule_shows_moves_and_skips(db: Database, world: World) -> None:
    """The schedule the client keeps at home (and `microoffice schedule`) says where a moved
    visit was and lists a skipped one, with the reason, rather than leaving a silent gap."""
    from microoffice.core.reports import schedule

    cid = world.client("Ann", "Able")
    world.plan(cid, weekdays=(0,), at=time(8, 30), minutes=45, start=date(2026, 11, 30))
    with db.session() as s:
        visit_changes.move_visit(
            s, visit_changes.find_visit(s, cid, date(2026, 12, 14)),
            at(date(2026, 12, 15), "14:00"), at(date(2026, 12, 15), "14:45"),
        )  # fmt: skip
        visit_changes.skip_visit(
            s, visit_changes.find_visit(s, cid, date(2026, 12, 21)), "Family visiting"
        )
        data = schedule.collect(s, cid, date(2026, 12, 1))
    assert [(line.day.day, line.start, line.note, line.cancelled) for line in data.lines] == [
        (7, "08:30", "", False),
        (15, "14:00", "Moved from Monday 14 December 08:30", False),
        (21, "08:30", "No visit this day (Family visiting)", True),
        (28, "08:30", "", False),
    ]


def test_the_history_survives_export_and_import(db: Database, world: World, tmp_path: Path) -> None:
    """An office moved to a new file (export, import) keeps every visit's history as it was,
    and both check clean."""
    import json

    from microoffice.core.services.transfer import export_data, import_json_file

    cid = world.client("Nia", "Owen")
    world.plan(cid, weekdays=(0, 3), at=time(8), minutes=45)
    with db.session(actor="Barbara") as s:
        visit_changes.move_visit(
            s, visit_changes.find_visit(s, cid, date(2026, 12, 14)),
            at(date(2026, 12, 14), "10:00"), at(date(2026, 12, 14), "11:00"), reason="GP",
        )  # fmt: skip
        visit_changes.skip_visit(s, visit_changes.find_visit(s, cid, date(2026, 12, 17)), "Away")
    exported = export_data(db)
    source = tmp_path / "office.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    target = tmp_path / "imported.sqlite"
    import_json_file(source, str(target))
    copy = open_database(str(target))
    try:
        assert export_data(copy)["tables"]["visit_change"] == exported["tables"]["visit_change"]
        assert len(exported["tables"]["visit_change"]["rows"]) == 2
        assert check_database(copy) == []
        with copy.session() as s:
            lines = [
                c.change.line() for c in history.client_changes(s, cid, MON, date(2026, 12, 31))
            ]
    finally:
        copy.close()
    assert lines == [
        "Moved from Mon 14 Dec 08:00-08:45 to Mon 14 Dec 10:00-11:00, by Barbara on "
        "07/12/2026 09:30. Why: GP",
        "Skipped (was Thu 17 Dec 08:00-08:45), by Barbara on 07/12/2026 09:30. Why: Away",
    ]
