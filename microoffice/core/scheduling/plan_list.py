"""Plans as a list: one line per plan in words a person reads ("Every 2 weeks on Monday and
Thursday, 08:15 to 09:00 (45 minutes)"), for the client's page and the plan picker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.enums import ServiceType
from microoffice.core.models.visits import VisitPlan
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling import recurrence, times
from microoffice.core.scheduling.visits import plan_staff


@dataclass(frozen=True)
class PlanRow:
    id: int
    client_id: int
    summary: str
    service: str
    staff_ids: tuple[int, ...]
    start_date: date
    end_date: date | None
    tasks: tuple[str, ...]


def describe_plan(plan: VisitPlan) -> str:
    """ "Every week on Monday, 08:15 to 09:00 (45 minutes)"; an overnight plan says so."""
    return f"{recurrence.describe(plan.rrule)}, {times.describe(plan.start_time, plan.end_time)}"


@needs(Right.ROTA)
def list_plans(
    session: Session, client_id: int | None = None, include_ended: bool = False
) -> list[PlanRow]:
    stmt = select(VisitPlan).where(VisitPlan.archived_at.is_(None))
    if client_id is not None:
        stmt = stmt.where(VisitPlan.client_id == client_id)
    if not include_ended:
        today = clock.today()
        stmt = stmt.where((VisitPlan.end_date.is_(None)) | (VisitPlan.end_date >= today))
    rows = []
    for plan in session.scalars(stmt.order_by(VisitPlan.client_id, VisitPlan.start_time)):
        rows.append(
            PlanRow(
                id=plan.id,
                client_id=plan.client_id,
                summary=describe_plan(plan),
                service=ServiceType(plan.service_type).label,
                staff_ids=tuple(plan_staff(session, plan.id)),
                start_date=plan.start_date,
                end_date=plan.end_date,
                tasks=tuple(plan.tasks or ()),
            )
        )
    return rows
