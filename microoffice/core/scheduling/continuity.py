"""Continuity of care: how many of each client's visits their regular staff did.

"Regular staff" are the people named on the client's plans (their preferred carers). NICE NG21
asks providers to prioritise continuity; this is the figure a manager and an inspector look at.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.visits import VisitPlan, visit_plan_staff
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.occurrences import occurrences


@dataclass(frozen=True)
class ContinuityRow:
    client_id: int
    client_name: str
    visits: int
    by_regular: int
    regular_staff_ids: tuple[int, ...]

    @property
    def percent(self) -> Decimal | None:
        """Share done by regular staff, to one decimal place; None when there were no visits."""
        if not self.visits:
            return None
        share = Decimal(self.by_regular * 100) / Decimal(self.visits)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@needs(Right.ROTA)
def regular_staff(session: Session, start: date, end: date) -> dict[int, set[int]]:
    """Client id -> staff on any of that client's plans running during the period."""
    rows = session.execute(
        select(VisitPlan.client_id, visit_plan_staff.c.staff_id)
        .join(visit_plan_staff, visit_plan_staff.c.plan_id == VisitPlan.id)
        .where(
            VisitPlan.start_date <= end,
            or_(VisitPlan.end_date.is_(None), VisitPlan.end_date >= start),
        )
    )
    found: dict[int, set[int]] = defaultdict(set)
    for client_id, staff_id in rows:
        found[client_id].add(staff_id)
    return found


@needs(Right.ROTA)
def continuity(
    session: Session,
    start: date,
    end: date,
    client_id: int | None = None,
    include_planned: bool = False,
) -> list[ContinuityRow]:
    """Per client: completed visits in the period and how many had a regular carer on them.

    With include_planned, visits still to come count too (to check a rota before publishing).
    """
    counted = {VisitStatus.COMPLETED.value}
    if include_planned:
        counted.add(VisitStatus.PLANNED.value)
    regulars = regular_staff(session, start, end)
    totals: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for occ in occurrences(session, start, end, client_id=client_id):
        if occ.status not in counted:
            continue
        names[occ.client_id] = occ.client_name
        tally = totals.setdefault(occ.client_id, [0, 0])
        tally[0] += 1
        if regulars.get(occ.client_id, set()) & set(occ.staff_ids):
            tally[1] += 1
    return [
        ContinuityRow(cid, names[cid], v, r, tuple(sorted(regulars.get(cid, set()))))
        for cid, (v, r) in sorted(totals.items(), key=lambda kv: names[kv[0]])
    ]
