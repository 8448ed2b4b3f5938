"""A team of four who sign in: Barbara (owner), Mo (manager), Anna (carer, visits Edna only) and
Bea (bookkeeper); Fred is a client nobody visits. Runs on PostgreSQL too (the `db` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time

import pytest

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.people.signed import Signed
from microoffice.core.services import business, clients, staff
from tests import people_helpers as people
from tests.core.care_home import Home, london

DAY = date(2026, 12, 7)  # the frozen today


@dataclass
class Office:
    db: Database
    edna: int  # Anna visits her
    fred: int  # nobody visits him
    anna_staff: int
    jo_staff: int  # another carer (no sign-in)
    anna_visit: int  # Anna's visit to Edna this morning
    jo_visit: int  # Jo's visit to Fred this morning
    who: dict[str, Signed]

    @contextmanager
    def signed(self, name: str) -> Iterator[Database]:
        """Act as `name` (signed in through the real sign-in), then as before."""
        before = self.db.signed
        self.db.signed = people.become(self.db, name)
        try:
            yield self.db
        finally:
            self.db.signed = before


NAMES = {
    "owner": "Barbara Whitmore",
    "manager": "Mo Farah",
    "carer": "Anna Lee",
    "bookkeeper": "Bea Count",
}


def build(db: Database) -> Office:
    home = Home(db)
    with db.session() as s:
        business.update_business(
            s, business.BusinessData(legal_name="Barbara Whitmore", trading_name="Whitmore Care")
        )
    edna = home.client("Edna", "Price")
    fred = home.client("Fred", "Hill")
    anna = home.staff("Anna", "Lee")
    jo = home.staff("Jo", "Carer")
    anna_visit = home.visit(edna, london(2026, 12, 7, 8), london(2026, 12, 7, 8, 45), anna)
    jo_visit = home.visit(fred, london(2026, 12, 7, 9), london(2026, 12, 7, 9, 30), jo, done=False)
    who = {"owner": people.owner(db, NAMES["owner"])}
    people.add(db, NAMES["manager"], "manager")
    people.add(db, NAMES["carer"], "carer", staff_id=anna)
    people.add(db, NAMES["bookkeeper"], "bookkeeper")
    for role in ("manager", "carer", "bookkeeper"):
        who[role] = people.become(db, NAMES[role])
    db.signed = who["owner"]
    return Office(db, edna, fred, anna, jo, anna_visit, jo_visit, who)


@pytest.fixture
def office(db: Database) -> Office:
    return build(db)


def at(hh: int, mm: int = 0) -> datetime:
    return clock.to_utc(DAY, time(hh, mm))


__all__ = ["DAY", "NAMES", "Office", "at", "build", "clients", "staff"]
