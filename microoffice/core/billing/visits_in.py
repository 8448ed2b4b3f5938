"""The visits an invoice run looks at, read in a few queries for the whole period.

Uses the scheduler's occurrences so that visits still only planned (generated from a plan, or a
row not yet confirmed) show up as problems instead of silently not being billed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from microoffice.core.billing.pricing import VisitFacts
from microoffice.core.models.billing import Invoice, InvoiceLine
from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import Visit
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.occurrences import Occurrence, occurrences

NOTE_BEFORE = timedelta(minutes=60)  # a note written just before the visit's planned end
NOTE_AFTER = timedelta(hours=12)  # or later that day counts as the visit's record


@dataclass(frozen=True)
class PeriodVisit:
    client_id: int
    client_name: str
    day: date
    status: str
    facts: VisitFacts
    has_note: bool

    @property
    def confirmed(self) -> bool:
        return self.facts.visit_id is not None and self.status != VisitStatus.PLANNED.value


def _notes(session: Session, visits: list[Occurrence]) -> set[int]:
    """Visits with a daily note: linked to the visit, or written for the client around it."""
    ids = [v.visit_id for v in visits if v.visit_id is not None]
    if not ids:
        return set()
    linked: set[int] = set()
    for chunk in range(0, len(ids), 900):
        linked.update(
            vid
            for vid in session.scalars(
                select(DailyNote.visit_id).where(DailyNote.visit_id.in_(ids[chunk : chunk + 900]))
            )
            if vid is not None
        )
    loose = [v for v in visits if v.visit_id is not None and v.visit_id not in linked]
    if loose:
        lo = min(v.planned_start for v in loose) - NOTE_BEFORE
        hi = max(v.actual_end or v.planned_end for v in loose) + NOTE_AFTER
        by_client: dict[int, list[datetime]] = defaultdict(list)
        for cid, at in session.execute(
            select(DailyNote.client_id, DailyNote.occurred_at).where(
                DailyNote.visit_id.is_(None),
                DailyNote.occurred_at >= lo,
                DailyNote.occurred_at <= hi,
            )
        ):
            by_client[cid].append(at)
        for v in loose:
            start = (v.actual_start or v.planned_start) - NOTE_BEFORE
            end = (v.actual_end or v.planned_end) + NOTE_AFTER
            if any(start <= at <= end for at in by_client.get(v.client_id, [])):
                linked.add(v.visit_id or 0)
    return linked


@needs(Right.MONEY)
def period_visits(
    session: Session, start: date, end: date, client_id: int | None = None
) -> list[PeriodVisit]:
    """Every visit in the period, real or still only planned, in time order."""
    found = occurrences(session, start, end, client_id)
    ids = [o.visit_id for o in found if o.visit_id is not None]
    extra: dict[int, tuple[int, datetime | None, str]] = {}
    for chunk in range(0, len(ids), 900):
        for vid, miles, notice, reason in session.execute(
            select(
                Visit.id,
                Visit.mileage_tenths,
                Visit.cancellation_notice_at,
                Visit.cancellation_reason,
            ).where(Visit.id.in_(ids[chunk : chunk + 900]))
        ):
            extra[vid] = (miles, notice, reason)
    with_notes = _notes(session, found)
    out = []
    for occ in found:
        miles, notice, reason = extra.get(occ.visit_id or 0, (0, None, ""))
        if occ.visit_id is not None and occ.status == VisitStatus.COMPLETED.value:
            staff = len(occ.staff_ids) or occ.staff_required
        else:
            staff = occ.staff_required
        facts = VisitFacts(
            planned_start=occ.planned_start,
            planned_end=occ.planned_end,
            visit_id=occ.visit_id,
            actual_start=occ.actual_start,
            actual_end=occ.actual_end,
            status=occ.status,
            staff_count=max(1, staff),
            service_type=occ.service_type,
            mileage_tenths=miles,
            cancellation_notice_at=notice,
            cancellation_reason=reason,
        )
        out.append(
            PeriodVisit(
                client_id=occ.client_id,
                client_name=occ.client_name,
                day=occ.day,
                status=occ.status,
                facts=facts,
                has_note=occ.visit_id in with_notes,
            )
        )
    return out


@needs(Right.MONEY)
def already_billed(session: Session, visit_ids: list[int]) -> set[tuple[int, int | None]]:
    """(visit, funding) pairs already on a live invoice, so a re-run never bills them twice."""
    billed: set[tuple[int, int | None]] = set()
    for chunk in range(0, len(visit_ids), 900):
        rows = session.execute(
            select(InvoiceLine.visit_id, Invoice.funding_id)
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .where(
                and_(
                    InvoiceLine.visit_id.in_(visit_ids[chunk : chunk + 900]),
                    Invoice.kind == "invoice",
                    Invoice.status.not_in(("draft", "void")),
                )
            )
        )
        billed.update((vid, fid) for vid, fid in rows if vid is not None)
    return billed
