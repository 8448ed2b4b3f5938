"""Every statement that reads a window of visits, written once, with named parameters.

The live path runs them through SQLAlchemy (`window_fetch`); the first look at Today runs the
same statements compiled for SQLite ahead of time (core/quicklook_build.py writes
core/quicklook_sql.py from them, and a test fails if that file is not what they compile to today).
So they take every value as a named parameter (no literal, no LIMIT): what a caller passes is
what the compiled text expects. Filters the first look never needs (one client, one plan) are
added here as extra conditions and never change the shared part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Date, Select, bindparam, or_, select
from sqlalchemy.orm import Session

from microoffice.core.db.types import UTCDateTime
from microoffice.core.models.clients import Client
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import (
    ClientPause,
    PlanException,
    Visit,
    VisitPlan,
    visit_plan_staff,
    visit_staff,
)
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.gather import Fetch

AnySelect = Select[*tuple[Any, ...]]

START = bindparam("start", type_=Date())  # the window as London dates, inclusive
END = bindparam("end", type_=Date())
LO = bindparam("lo", type_=UTCDateTime())  # the same window as UTC instants, [lo, hi)
HI = bindparam("hi", type_=UTCDateTime())


def _ids(name: str) -> Any:
    return bindparam(name, expanding=True)


PLANS = (
    select(
        VisitPlan.id,
        VisitPlan.client_id,
        VisitPlan.rrule,
        VisitPlan.start_date,
        VisitPlan.end_date,
        VisitPlan.start_time,
        VisitPlan.end_time,
        VisitPlan.service_type,
        VisitPlan.tasks,
        VisitPlan.staff_required,
        Client.first_name,
        Client.preferred_name,
        Client.last_name,
        Client.end_date.label("client_end"),
    )
    .join(Client, Client.id == VisitPlan.client_id)
    .where(
        VisitPlan.archived_at.is_(None),
        VisitPlan.start_date <= END,
        or_(VisitPlan.end_date.is_(None), VisitPlan.end_date >= START),
    )
)
PLAN_STAFF = (
    select(visit_plan_staff.c.plan_id, visit_plan_staff.c.staff_id)
    .where(visit_plan_staff.c.plan_id.in_(_ids("plan_ids")))
    .order_by(visit_plan_staff.c.plan_id, visit_plan_staff.c.staff_id)
)
EXCEPTIONS = select(
    PlanException.plan_id,
    PlanException.occurrence_date,
    PlanException.action,
    PlanException.new_date,
    PlanException.new_start_time,
    PlanException.new_duration_minutes,
).where(
    PlanException.plan_id.in_(_ids("plan_ids")),
    or_(
        PlanException.occurrence_date.between(START, END),
        PlanException.new_date.between(START, END),
    ),
)
PAUSES = select(ClientPause.client_id, ClientPause.start_date, ClientPause.end_date).where(
    ClientPause.start_date <= END,
    or_(ClientPause.end_date.is_(None), ClientPause.end_date >= START),
)
# Real visits happening in the window. Two statements, each able to use an index
# (planned_start; plan_id + occurrence_date): one OR'd query would scan every visit ever
# recorded. Plain columns, not ORM objects, so a year of history loads quickly.
VISITS = (
    select(
        Visit.id,
        Visit.client_id,
        Visit.plan_id,
        Visit.occurrence_date,
        Visit.service_type,
        Visit.planned_start,
        Visit.planned_end,
        Visit.actual_start,
        Visit.actual_end,
        Visit.status,
        Visit.staff_required,
        Visit.tasks,
        Client.first_name,
        Client.preferred_name,
        Client.last_name,
        VisitPlan.start_time.label("plan_start_time"),
        VisitPlan.end_time.label("plan_end_time"),
    )
    .join(Client, Client.id == Visit.client_id)
    .outerjoin(VisitPlan, VisitPlan.id == Visit.plan_id)
    .where(Visit.planned_start >= LO, Visit.planned_start < HI)
)
# (plan, date) of every real visit that replaces a generated occurrence in the window, even
# if the visit itself now lies elsewhere
VISIT_KEYS = select(Visit.plan_id, Visit.occurrence_date).where(
    Visit.plan_id.in_(_ids("plan_ids")), Visit.occurrence_date.between(START, END)
)
VISIT_STAFF = (
    select(visit_staff.c.visit_id, visit_staff.c.staff_id)
    .where(visit_staff.c.visit_id.in_(_ids("visit_ids")))
    .order_by(visit_staff.c.staff_id)
)
# what the carer needs at the door, for the clients of a day's visits
DAY_CLIENTS = select(
    Client.id,
    Client.address_line1,
    Client.address_line2,
    Client.town,
    Client.postcode,
    Client.phone,
    Client.access_notes,
).where(Client.id.in_(_ids("client_ids")))
STAFF_NAMES = select(Staff.id, Staff.first_name, Staff.preferred_name, Staff.last_name)

STATEMENTS: dict[str, AnySelect] = {
    "plans": PLANS,
    "plan_staff": PLAN_STAFF,
    "exceptions": EXCEPTIONS,
    "pauses": PAUSES,
    "visits": VISITS,
    "visit_keys": VISIT_KEYS,
    "visit_staff": VISIT_STAFF,
    "day_clients": DAY_CLIENTS,
    "staff_names": STAFF_NAMES,
}


def filtered(client_id: int | None = None, plan_id: int | None = None) -> dict[str, AnySelect]:
    """The statements narrowed to one client and/or one plan (the calendar, a client's page)."""
    found = dict(STATEMENTS)
    if client_id is not None:
        found["plans"] = found["plans"].where(VisitPlan.client_id == client_id)
        found["pauses"] = found["pauses"].where(ClientPause.client_id == client_id)
        found["visits"] = found["visits"].where(Visit.client_id == client_id)
    if plan_id is not None:
        found["plans"] = found["plans"].where(VisitPlan.id == plan_id)
        found["visits"] = found["visits"].where(Visit.plan_id == plan_id)
    return found


class SessionFetch:
    """Runs named statements on a session: the live path's way to answer a `Fetch`."""

    def __init__(self, session: Session, statements: Mapping[str, AnySelect]) -> None:
        self.session = session
        self.statements = statements

    def __call__(self, name: str, /, **params: Any) -> Sequence[Any]:
        return self.session.execute(self.statements[name], params).all()


@needs(Right.OWN_VISITS, filtered=True)
def window_fetch(
    session: Session, client_id: int | None = None, plan_id: int | None = None
) -> Fetch:
    if client_id is None and plan_id is None:
        return SessionFetch(session, STATEMENTS)
    return SessionFetch(session, filtered(client_id, plan_id))
