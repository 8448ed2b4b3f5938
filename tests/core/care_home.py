"""Builders for care-record and compliance tests: a client, a carer and a visit, each committed on its own."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.models.visits import Visit, visit_staff
from microoffice.core.scheduling.visits import audit_link
from microoffice.core.services import clients, staff


class Home:
    def __init__(self, db: Database) -> None:
        self.db = db

    def client(self, first: str = "Edna", last: str = "Price", **kw: object) -> int:
        with self.db.session() as s:
            data = clients.ClientData(
                first_name=first,
                last_name=last,
                start_date=kw.pop("start_date", date(2025, 1, 6)),  # type: ignore[arg-type]
                **kw,  # type: ignore[arg-type]
            )
            return clients.create_client(s, data).id

    def staff(
        self, first: str = "Jo", last: str = "Carer", role: str = "care_worker", **kw: object
    ) -> int:
        with self.db.session() as s:
            data = staff.StaffData(
                first_name=first,
                last_name=last,
                role=role,
                start_date=kw.pop("start_date", date(2024, 6, 3)),  # type: ignore[arg-type]
                **kw,  # type: ignore[arg-type]
            )
            return staff.create_staff(s, data).id

    def visit(
        self,
        client_id: int,
        start: datetime,
        end: datetime,
        staff_id: int | None = None,
        done: bool = True,
    ) -> int:
        with self.db.session() as s:
            visit = Visit(
                client_id=client_id,
                planned_start=start,
                planned_end=end,
                actual_start=start if done else None,
                actual_end=end if done else None,
                status="completed" if done else "planned",
            )
            s.add(visit)
            s.flush()
            if staff_id is not None:
                s.execute(visit_staff.insert().values(visit_id=visit.id, staff_id=staff_id))
                audit_link(s, "visit_staff", visit.id, [], [staff_id])  # as the service does
            return visit.id


def london(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A London wall-clock time as the aware UTC instant the database stores."""
    return clock.to_utc(date(y, m, d), datetime(2000, 1, 1, hh, mm).time())


@pytest.fixture
def home(db: Database) -> Home:
    return Home(db)
