"""A planted rota for the growth tests: two carers, four clients, known hours, leave and travel.

Ann works Mon-Fri 08:00-14:00; Jo works Mon and Wed 09:00-12:00 and is on holiday on Monday
21 December 2026. Alice (B90) has Ann Mon-Fri 09:00-10:00; Bert (B90) has Ann on Mondays
11:00-11:30; Cora (B91) has Jo on Wednesdays 10:00-10:45. Dora lives in B91 and has no visits.
The journey Alice -> Dora is recorded as 40 minutes; every other journey is the default 15.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from microoffice.core.db.database import Database
from microoffice.core.scheduling import pairings, plans
from microoffice.core.services import clients, staff

FIRST = date(2026, 12, 14)  # a Monday; the tests look at two weeks from here
WEEKS = 2


@dataclass(frozen=True)
class Planted:
    ann: int
    jo: int
    alice: int
    bert: int
    cora: int
    dora: int


def _client(s: object, first: str, last: str, postcode: str) -> int:
    data = clients.ClientData(
        first_name=first, last_name=last, postcode=postcode, start_date=date(2025, 1, 6)
    )
    return clients.create_client(s, data).id  # type: ignore[arg-type]


def _plan(
    s: object, client: int, weekdays: tuple[int, ...], at: time, minutes: int, who: int
) -> None:
    plans.create_plan(
        s,  # type: ignore[arg-type]
        plans.PlanData(
            client_id=client,
            start_date=date(2026, 11, 2),
            start_time=at,
            end_time=(datetime.combine(date.min, at) + timedelta(minutes=minutes)).time(),
            weekdays=weekdays,
            staff_ids=[who],
        ),
    )


@pytest.fixture
def planted(db: Database) -> Planted:
    with db.session() as s:
        ann = staff.create_staff(
            s,
            staff.StaffData(
                first_name="Ann",
                last_name="Avery",
                contracted_minutes_per_week=7 * 60,
                hourly_pay_pence=1300,
            ),
        ).id
        jo = staff.create_staff(s, staff.StaffData(first_name="Jo", last_name="Jones")).id
        staff.set_availability(s, ann, [(d, time(8), time(14)) for d in range(5)])
        staff.set_availability(s, jo, [(0, time(9), time(12)), (2, time(9), time(12))])
        staff.add_leave(s, jo, date(2026, 12, 21), date(2026, 12, 21), "holiday")
        alice = _client(s, "Alice", "Archer", "B90 1AA")
        bert = _client(s, "Bert", "Baker", "B90 2BB")
        cora = _client(s, "Cora", "Cole", "B91 3AB")
        dora = _client(s, "Dora", "Dale", "B91 4DH")
        _plan(s, alice, (0, 1, 2, 3, 4), time(9), 60, ann)
        _plan(s, bert, (0,), time(11), 30, ann)
        _plan(s, cora, (2,), time(10), 45, jo)
        pairings.set_travel_time(s, alice, dora, 40)
        return Planted(ann, jo, alice, bert, cora, dora)
