"""Small builders so each scheduling test reads as the situation it sets up."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from microoffice.core.db.database import Database
from microoffice.core.scheduling import plans
from microoffice.core.services import clients, staff


class World:
    """Creates clients, staff and plans in their own committed transactions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def client(self, first: str, last: str, nation: str = "england", **kw: str) -> int:
        with self.db.session() as s:
            data = clients.ClientData(first_name=first, last_name=last, nation=nation, **kw)
            return clients.create_client(s, data).id

    def staff(self, first: str, last: str) -> int:
        with self.db.session() as s:
            return staff.create_staff(s, staff.StaffData(first_name=first, last_name=last)).id

    def plan(
        self,
        client_id: int,
        weekdays: tuple[int, ...] = (0,),
        at: time = time(8, 0),
        minutes: int = 45,
        start: date = date(2026, 11, 2),
        **kw: object,
    ) -> int:
        with self.db.session() as s:
            data = plans.PlanData(
                client_id=client_id,
                start_date=start,
                start_time=at,
                end_time=(datetime.combine(date.min, at) + timedelta(minutes=minutes)).time(),
                weekdays=weekdays,
                **kw,  # type: ignore[arg-type]
            )
            return plans.create_plan(s, data).id


@pytest.fixture
def world(db: Database) -> World:
    return World(db)
