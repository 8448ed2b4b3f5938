"""Which scheduled doses were due and what was recorded for each: the grid behind the MAR chart,
the dashboard's blank-dose check and the evidence pack (DOMAIN.md 7.3: a blank is an audit failure).

Two queries whatever the size of the window: the medicines, then the period's entries as plain
columns (a year of a team's MAR is hundreds of thousands of rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.records import MarEntry, Medicine
from microoffice.core.models.visits import ClientPause
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.medication import scheduled_times


@dataclass(frozen=True)
class DoseSlot:
    medicine_id: int
    client_id: int
    medicine_name: str
    scheduled_at: datetime
    entry_id: int | None
    outcome: str | None


def _paused_days(
    session: Session, client_ids: set[int], first: date, last: date
) -> set[tuple[int, date]]:
    out: set[tuple[int, date]] = set()
    rows = session.scalars(
        select(ClientPause).where(
            ClientPause.client_id.in_(client_ids),
            ClientPause.start_date <= last,
            (ClientPause.end_date.is_(None)) | (ClientPause.end_date >= first),
        )
    )
    for pause in rows:
        day = max(pause.start_date, first)
        end = min(pause.end_date or last, last)
        while day <= end:
            out.add((pause.client_id, day))
            day += timedelta(days=1)
    return out


@needs(Right.SEE_CARE, client="client_id")
def dose_slots(
    session: Session,
    first: date,
    last: date,
    client_id: int | None = None,
    until: datetime | None = None,
) -> list[DoseSlot]:
    """Every scheduled dose between two London days with its current outcome (None = blank).

    Two queries whatever the size: the medicines, then every entry in the window.
    """
    stmt = select(Medicine).where(
        Medicine.prn.is_(False),
        (Medicine.start_date.is_(None)) | (Medicine.start_date <= last),
        (Medicine.stop_date.is_(None)) | (Medicine.stop_date >= first),
    )
    if client_id is not None:
        stmt = stmt.where(Medicine.client_id == client_id)
    medicines = list(session.scalars(stmt))
    if not medicines:
        return []
    start = clock.to_utc(first, time(0))
    end = clock.to_utc(last + timedelta(days=1), time(0))
    # Plain columns, not ORM objects: a year of a team's MAR is hundreds of thousands of rows.
    entry_stmt = select(
        MarEntry.id,
        MarEntry.medicine_id,
        MarEntry.scheduled_at,
        MarEntry.outcome,
        MarEntry.amends_id,
    ).where(MarEntry.scheduled_at >= start, MarEntry.scheduled_at < end)
    if client_id is not None:
        entry_stmt = entry_stmt.where(MarEntry.medicine_id.in_([m.id for m in medicines]))
    rows = session.execute(entry_stmt).all()
    replaced = {r.amends_id for r in rows if r.amends_id is not None}
    by_slot = {(r.medicine_id, r.scheduled_at): r for r in rows if r.id not in replaced}
    paused = _paused_days(session, {m.client_id for m in medicines}, first, last)
    slots: list[DoseSlot] = []
    day = first
    while day <= last:
        for med in medicines:
            if (med.client_id, day) in paused:
                continue
            for at in scheduled_times(med, day):
                if until is not None and at > until:
                    continue
                entry = by_slot.get((med.id, at))
                slots.append(
                    DoseSlot(
                        medicine_id=med.id,
                        client_id=med.client_id,
                        medicine_name=med.name,
                        scheduled_at=at,
                        entry_id=entry.id if entry else None,
                        outcome=entry.outcome if entry else None,
                    )
                )
        day += timedelta(days=1)
    slots.sort(key=lambda s: (s.scheduled_at, s.medicine_name))
    return slots


@needs(Right.SEE_CARE)
def missing_doses(session: Session, first: date, last: date) -> list[DoseSlot]:
    """Doses that were due (before now) and have no outcome recorded: an audit failure."""
    return [s for s in dose_slots(session, first, last, until=clock.now()) if s.entry_id is None]
