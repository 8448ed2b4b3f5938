"""Acceptance 1: the free slots on a planted rota are exactly the ones that respect availability,
leave and travel time, and booking a visit into a slot takes it away."""

from __future__ import annotations

from datetime import date, time

import pytest

from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.growth.capacity import (
    CapacityRequest,
    answer_text,
    describe_days,
    find_capacity,
)
from microoffice.core.growth.weekly import weekly_slots
from microoffice.core.readers.times import read_weekdays
from microoffice.core.scheduling import visits
from tests.core.growth.conftest import FIRST, WEEKS, Planted

MON, TUE, WED, THU, FRI = range(5)


def _slots(db: Database) -> set[tuple[int, str, str, tuple[int, ...]]]:
    with db.session() as s:
        return {
            (sl.weekday, f"{sl.start:%H:%M}", f"{sl.end:%H:%M}", sl.staff_ids)
            for sl in weekly_slots(s, FIRST, WEEKS, min_minutes=30)
        }


def test_weekly_slots_are_exactly_the_free_ones(db: Database, planted: Planted) -> None:
    ann, jo = planted.ann, planted.jo
    # Worked out by hand (every journey to a new client is the default 15 minutes):
    # Ann, Mondays: free 08:00 until Alice at 09:00 less 15 min travel -> 08:00-08:45;
    #   Alice ends 10:00 + 15 -> 10:15, Bert at 11:00 - 15 -> 10:45: 10:15-10:45 (30 min, kept);
    #   Bert ends 11:30 + 15 -> 11:45 until her hours end at 14:00.
    # Ann, Tue-Fri: 08:00-08:45 and 10:15-14:00.
    # Jo, Mondays: none (on holiday on Monday 21/12, so not free every Monday).
    # Jo, Wednesdays: 09:00 until Cora at 10:00 less 15 -> 09:45; Cora ends 10:45 + 15 -> 11:00
    #   until 12:00. Merged with Ann's 10:15-14:00 on Wednesdays.
    expected = {
        (MON, "08:00", "08:45", (ann,)),
        (MON, "10:15", "10:45", (ann,)),
        (MON, "11:45", "14:00", (ann,)),
        (WED, "08:00", "08:45", (ann,)),
        (WED, "09:00", "09:45", (jo,)),
        (WED, "10:15", "14:00", (ann, jo)),
    }
    for day in (TUE, THU, FRI):
        expected |= {(day, "08:00", "08:45", (ann,)), (day, "10:15", "14:00", (ann,))}
    assert _slots(db) == expected


def test_a_longer_minimum_drops_the_short_gaps(db: Database, planted: Planted) -> None:
    with db.session() as s:
        found = weekly_slots(s, FIRST, WEEKS, min_minutes=46)
    assert all(sl.minutes >= 46 for sl in found)
    assert not any(sl.weekday == MON and f"{sl.start:%H:%M}" == "10:15" for sl in found)
    assert not any(f"{sl.start:%H:%M}" == "08:00" for sl in found)  # 45 minutes only


def test_adding_a_visit_removes_its_slot(db: Database, planted: Planted) -> None:
    before = _slots(db)
    assert (TUE, "10:15", "14:00", (planted.ann,)) in before
    with db.session() as s:  # Bert, Tuesday 15/12 10:30-11:00 with Ann
        visits.add_one_off(
            s,
            visits.OneOffData(
                client_id=planted.bert,
                day=date(2026, 12, 15),
                start_time=time(10, 30),
                end_time=time(11),
                staff_ids=[planted.ann],
            ),
        )
    after = _slots(db)
    # On 15/12 Ann is free only from 11:00 + 15 min travel = 11:15; 10:15-10:15 is nothing.
    assert (TUE, "10:15", "14:00", (planted.ann,)) not in after
    assert (TUE, "11:15", "14:00", (planted.ann,)) in after
    assert after - {(TUE, "11:15", "14:00", (planted.ann,))} == before - {
        (TUE, "10:15", "14:00", (planted.ann,))
    }
    with db.session() as s:
        answer = find_capacity(s, CapacityRequest(15, (TUE,), time(10, 15), start=FIRST, weeks=2))
    ann = next(o for o in answer.options if o.staff_id == planted.ann)
    assert [c.ok for c in ann.checks] == [False, True]  # 15/12 taken, 22/12 still free
    assert ann.checks[0].reason == "Ann Avery is due at Bert Baker at 10:30, 15 min away"


def test_finder_gives_the_reason_for_each_person(db: Database, planted: Planted) -> None:
    request = CapacityRequest(30, (MON,), time(9, 0), start=FIRST, weeks=2)
    with db.session() as s:
        answer = find_capacity(s, request)
    by_id = {o.staff_id: o for o in answer.options}
    ann, jo = by_id[planted.ann], by_id[planted.jo]
    assert [c.reason for c in ann.checks] == ["Ann Avery is with Alice Archer 09:00-10:00"] * 2
    assert [c.ok for c in jo.checks] == [True, False]
    assert jo.checks[1].reason == "Jo Jones is on holiday"
    assert answer.cover == {}  # nobody can do every Monday
    assert answer.summary.startswith("Not at the moment")
    # Ann is free on Mondays at 08:00-08:45 and 10:15-10:45: nearest to 09:00 in 15-min steps
    assert answer.alternatives == (time(8, 0), time(8, 15), time(10, 15))


def test_outside_hours_and_before_the_travel(db: Database, planted: Planted) -> None:
    with db.session() as s:
        late = find_capacity(s, CapacityRequest(30, (TUE,), time(15, 0), start=FIRST, weeks=1))
        early = find_capacity(s, CapacityRequest(30, (TUE,), time(10, 5), start=FIRST, weeks=1))
    ann = next(o for o in late.options if o.staff_id == planted.ann)
    assert ann.checks[0].reason == "Ann Avery does not usually work 15:00-15:30 on Tuesdays"
    jo = next(o for o in late.options if o.staff_id == planted.jo)
    assert jo.checks[0].reason == "Jo Jones does not usually work 15:00-15:30 on Tuesdays"
    ann = next(o for o in early.options if o.staff_id == planted.ann)
    assert ann.checks[0].reason == (
        "Ann Avery leaves Alice Archer at 10:00 and needs 15 min to get there"
    )
    # Ann alone works Tuesdays; free 08:00-08:45 and 10:15-14:00, so in 15-minute steps the
    # nearest starts to 10:05 are 10:15 (10 min away), 10:30 (25) and 10:45 (40).
    assert early.alternatives == (time(10, 15), time(10, 30), time(10, 45))


def test_district_travel_is_the_longest_known_journey(db: Database, planted: Planted) -> None:
    """Dora (B91) is 40 minutes from Alice, so a new B91 client after Alice needs 40 minutes."""
    plain = CapacityRequest(30, (TUE,), time(10, 30), start=FIRST, weeks=1)
    b91 = CapacityRequest(30, (TUE,), time(10, 30), district="b91", start=FIRST, weeks=1)
    with db.session() as s:
        anywhere = find_capacity(s, plain)
        far = find_capacity(s, b91)
    assert next(o for o in anywhere.options if o.staff_id == planted.ann).all_ok
    ann = next(o for o in far.options if o.staff_id == planted.ann)
    assert ann.checks[0].reason == (
        "Ann Avery leaves Alice Archer at 10:00 and needs 40 min to get there"
    )
    assert ann.clients_in_district == 0  # Alice and Bert are in B90


def test_hours_cover_and_continuity(db: Database, planted: Planted) -> None:
    with db.session() as s:
        noon = find_capacity(
            s, CapacityRequest(30, (0, 1, 2, 3, 4), time(12), start=FIRST, weeks=2)
        )
        shared = find_capacity(s, CapacityRequest(30, (MON, WED), time(9), start=FIRST, weeks=2))
    ann = noon.options[0]
    assert ann.staff_id == planted.ann and ann.all_ok
    # Ann's rota: Alice 5 x 60 + Bert 30 = 330 min a week; five 30-minute visits add 150.
    assert (ann.weekly_minutes_now, ann.weekly_minutes_after) == (330, 480)
    assert ann.notes == ("1 h a week over their contracted 7 h",)
    assert noon.continuity_percent == 100
    assert noon.summary.startswith("Yes: Ann Avery could take 30 min at 12:00 on Mon-Fri")
    # Mondays 09:00: Ann is with Alice, Jo is on holiday on the 21st; Wednesdays: Jo is free.
    assert shared.cover == {WED: planted.jo}
    assert shared.uncovered == (MON,)
    assert shared.continuity_percent == 50
    assert shared.summary.startswith("Only partly: nobody is free on Mon")
    text = answer_text(shared)
    assert "Jo Jones: free on 3 of 4 dates (every Wed)" in text
    assert "first problem: Jo Jones is on holiday" in text


def test_bad_requests_are_refused_with_reasons(db: Database) -> None:
    with db.session() as s, pytest.raises(ValidationError) as caught:
        find_capacity(s, CapacityRequest(5, (), time(8), district="nowhere", weeks=20))
    assert set(caught.value.errors) == {"minutes", "days", "weeks", "district"}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mon-Fri", (0, 1, 2, 3, 4)),
        ("tue,thu", (1, 3)),
        ("Sat", (5,)),
        ("weekends", (5, 6)),
        ("Monday Wednesday-Friday", (0, 2, 3, 4)),
    ],
)
def test_read_weekdays(text: str, days: tuple[int, ...]) -> None:
    assert read_weekdays(text) == days


@pytest.mark.parametrize("text", ["", "Fri-Mon", "Funday", "t"])
def test_parse_days_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        read_weekdays(text)


def test_describe_days() -> None:
    assert describe_days((0, 1, 2, 3, 4)) == "Mon-Fri"
    assert describe_days((1, 3)) == "Tue, Thu"
