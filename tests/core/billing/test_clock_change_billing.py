"""An overnight visit across a clock change is billed in the minutes that really passed.

22:00-07:00 is 600 minutes the nights the clocks go back (25 October 2026, 31 October 2027) and
480 the night they go forward (28 March 2027): whether it comes from a plan confirmed as planned,
a one-off, or actual times recorded, and whatever zone the instants are given in.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.pricing import VisitFacts, price_visit
from microoffice.core.billing.runs import preview_run
from microoffice.core.billing.terms import terms_from_values
from microoffice.core.clock import LONDON
from microoffice.core.db.database import Database
from microoffice.core.scheduling import plans, today, visits
from microoffice.core.scheduling.occurrences import occurrences
from tests.core.billing import helpers as h

NIGHTS = [
    (date(2026, 10, 24), 600),  # clocks go back at 02:00 on Sunday 25 October 2026
    (date(2027, 3, 27), 480),  # clocks go forward at 01:00 on Sunday 28 March 2027
    (date(2027, 10, 30), 600),  # clocks go back at 02:00 on Sunday 31 October 2027
    (date(2026, 11, 7), 540),  # an ordinary Saturday night
]
EXACT = {"billing_unit_minutes": 1, "minimum_minutes": 0, "rounding": "ACTUAL"}


def _client(s: Session, **card: object) -> int:
    h.set_up_business(s)
    client = h.add_client(s, "Nora", "Night")
    h.self_funded(s, client)
    h.add_card(s, client, **(EXACT | card))
    return client.id


def _billed(db: Database, night: date) -> dict[int, int]:
    """Minutes on the run's invoice lines, per visit, for the month of the night."""
    first = night.replace(day=1)
    last = (first + timedelta(days=40)).replace(day=1) - timedelta(days=1)
    after = datetime.combine(last + timedelta(days=3), time(9), LONDON)
    with clock.frozen(after), db.session() as s:
        run = preview_run(s, first, last)
    assert [p.message for p in run.problems if p.left_out] == []
    minutes: dict[int, int] = defaultdict(int)
    for draft in run.drafts:
        for line in draft.lines:
            if line.priced.visit_id is not None:
                minutes[line.priced.visit_id] += line.priced.minutes
    return dict(minutes)


def _next_morning(night: date) -> datetime:
    return datetime.combine(night + timedelta(days=1), time(9), LONDON)


@pytest.mark.parametrize(("night", "minutes"), NIGHTS)
def test_a_planned_overnight_confirmed_as_planned_bills_real_minutes(
    db: Database, night: date, minutes: int
) -> None:
    with db.session() as s:
        cid = _client(s)
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=cid,
                start_date=night,
                end_date=night,
                start_time=time(22),
                end_time=time(7),
                weekdays=(5,),
            ),
        )
    with clock.frozen(_next_morning(night)), db.session() as s:
        (occ,) = occurrences(s, night, night)
        visit = today.complete_visit(s, occ, note="Slept well; checked at 02:00 and 05:00.")
        vid = visit.id
    assert _billed(db, night) == {vid: minutes}


@pytest.mark.parametrize(("night", "minutes"), NIGHTS)
def test_an_overnight_one_off_bills_real_minutes(db: Database, night: date, minutes: int) -> None:
    with db.session() as s:
        cid = _client(s)
    with clock.frozen(_next_morning(night)), db.session() as s:
        data = visits.OneOffData(client_id=cid, day=night, start_time=time(22), end_time=time(7))
        visit = today.record_extra_visit(s, data, done=True)
        today.complete_visit(s, visit.id, note="Called out for the night; all settled by 03:00.")
        vid = visit.id
    assert _billed(db, night) == {vid: minutes}


@pytest.mark.parametrize(("night", "minutes"), NIGHTS)
def test_actual_times_bill_real_minutes(db: Database, night: date, minutes: int) -> None:
    with db.session() as s:
        cid = _client(s, charge_basis="ACTUAL")
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=cid,
                start_date=night,
                end_date=night,
                start_time=time(21),
                end_time=time(6),
                weekdays=(5,),
            ),
        )
    with clock.frozen(_next_morning(night)), db.session() as s:
        (occ,) = occurrences(s, night, night)
        visit = today.record_actual_times(s, occ, time(22), time(7))  # an hour later than planned
        today.complete_visit(s, visit.id, note="Came an hour later, as agreed with the family.")
        vid = visit.id
    assert _billed(db, night) == {vid: minutes}


@pytest.mark.parametrize(("night", "minutes"), NIGHTS)
def test_pricing_counts_real_minutes_whatever_zone_the_instants_are_in(
    night: date, minutes: int
) -> None:
    """Python subtracts two datetimes sharing a tzinfo on the clock (9 hours); the price must
    not: London-aware instants price the same as UTC ones."""
    start = datetime.combine(night, time(22), LONDON)
    end = datetime.combine(night + timedelta(days=1), time(7), LONDON)
    assert end - start == timedelta(hours=9)  # the trap
    terms = terms_from_values({**h.PLAIN_CARD, **EXACT, "enhancements": []})
    for zone in (LONDON, UTC):
        facts = VisitFacts(planned_start=start.astimezone(zone), planned_end=end.astimezone(zone))
        priced = price_visit(facts, terms, {})
        assert priced.billed_minutes == minutes
        assert sum(line.minutes for line in priced.lines) == minutes
        assert priced.total_pence == round(2550 * minutes / 60)
