"""A visit's history: what was changed, from where to where, by whom, when and why.

Every change made through `visit_changes` writes one append-only VisitChange row; this module
writes them (`record`) and reads them back as frozen rows for the calendar's tooltips, the visit's
details, the client's schedule and `microoffice visit history`. A slot is named the way the
calendar names it: (plan, original date) for a plan's visit, the visit id for a one-off.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.visits import VisitChange
from microoffice.core.people.guard import audit_actor, needs
from microoffice.core.people.rights import Right
from microoffice.core.people.signed import actor_name
from microoffice.core.scheduling.merge import SKIPPED, Occurrence
from microoffice.core.vocabulary import format_instant

MOVED = "moved"
RESTORED = "restored"
CANCELLED = "cancelled"
CARERS = "carers"
FOLLOWING = "following"  # the plan changed from this visit on

SlotKey = tuple[str, int, date | None]


def slot_key(occ: Occurrence) -> SlotKey:
    """The name a visit keeps through moves and through being saved as a row."""
    if occ.plan_id is not None and occ.occurrence_date is not None:
        return ("plan", occ.plan_id, occ.occurrence_date)
    return ("visit", occ.visit_id or 0, None)


def _when(at: datetime) -> str:
    local = clock.to_local(at)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


def _span(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return ""
    return f"{_when(start)}-{clock.to_local(end):%H:%M}"


def _minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


@dataclass(frozen=True)
class ChangeRow:
    action: str
    at: datetime  # when the change was made (aware UTC)
    actor: str
    from_start: datetime | None
    from_end: datetime | None
    to_start: datetime | None
    to_end: datetime | None
    detail: str
    reason: str

    def what(self) -> str:
        """The change in words: "Moved from Mon 7 Dec 08:30-09:15 to Tue 8 Dec 10:00-10:45"."""
        was, now = _span(self.from_start, self.from_end), _span(self.to_start, self.to_end)
        if self.action == MOVED and self.from_start == self.to_start and self.to_end:
            assert self.from_start is not None and self.from_end is not None
            before = _minutes(self.from_start, self.from_end)
            after = _minutes(self.from_start, self.to_end)
            return f"Length changed from {before} to {after} minutes ({was} to {now})"
        if self.action == MOVED:
            return f"Moved from {was} to {now}"
        if self.action == RESTORED:
            return f"Put back to the plan's time ({now}), from {was}" if was else "Put back"
        if self.action == SKIPPED:
            return f"Skipped (was {was})"
        if self.action == CANCELLED:
            return self.detail or "Cancelled"
        if self.action == CARERS:
            return f"Carers changed: {self.detail}"
        if self.action == FOLLOWING:
            return f"Moved from {was} to {now}, with every later visit: {self.detail}"
        return self.detail or self.action

    def line(self) -> str:
        """One line for a tooltip, the details or the terminal: what, who and when, and why."""
        text = f"{self.what()}, by {self.actor or 'unknown'} on {format_instant(self.at)}"
        return f"{text}. Why: {self.reason}" if self.reason else text


@needs(Right.ROTA)
def record(
    session: Session,
    occ: Occurrence,
    action: str,
    *,
    to: tuple[datetime, datetime] | None = None,
    visit_id: int | None = None,
    detail: str = "",
    reason: str = "",
    key: SlotKey | None = None,
) -> VisitChange:
    """Write one history row for the visit `occ` was (its times are where it was)."""
    kind, ident, day = key or slot_key(occ)
    row = VisitChange(
        client_id=occ.client_id,
        plan_id=ident if kind == "plan" else None,
        occurrence_date=day,
        visit_id=visit_id if visit_id is not None else occ.visit_id,
        action=action,
        from_start=occ.planned_start,
        from_end=occ.planned_end,
        to_start=to[0] if to else None,
        to_end=to[1] if to else None,
        detail=detail,
        reason=reason.strip(),
        actor=actor_name(audit_actor(session)),  # the person signed in, as the audit has it
    )
    session.add(row)
    session.flush()
    return row


def _row(change: VisitChange) -> ChangeRow:
    return ChangeRow(
        action=change.action,
        at=change.created_at,
        actor=change.actor,
        from_start=change.from_start,
        from_end=change.from_end,
        to_start=change.to_start,
        to_end=change.to_end,
        detail=change.detail,
        reason=change.reason,
    )


def _key_of(change: VisitChange) -> SlotKey:
    if change.plan_id is not None and change.occurrence_date is not None:
        return ("plan", change.plan_id, change.occurrence_date)
    return ("visit", change.visit_id or 0, None)


@needs(Right.OWN_VISITS, filtered=True)
def histories(session: Session, occs: Iterable[Occurrence]) -> dict[SlotKey, tuple[ChangeRow, ...]]:
    """The history of each visit given that has one, oldest change first.

    Two indexed queries for a whole week (plan slots by plan and date range, one-offs by id),
    whatever the number of visits, so the calendar can show every block's history.
    """
    wanted = {slot_key(o) for o in occs}
    plan_ids = sorted({k[1] for k in wanted if k[0] == "plan"})
    visit_ids = sorted({k[1] for k in wanted if k[0] == "visit"})
    days = [k[2] for k in wanted if k[2] is not None]
    found: list[VisitChange] = []
    for chunk in range(0, len(plan_ids), 900):
        found += session.scalars(
            select(VisitChange).where(
                VisitChange.plan_id.in_(plan_ids[chunk : chunk + 900]),
                VisitChange.occurrence_date.between(min(days), max(days)),
            )
        )
    for chunk in range(0, len(visit_ids), 900):
        found += session.scalars(
            select(VisitChange).where(
                VisitChange.plan_id.is_(None),
                VisitChange.visit_id.in_(visit_ids[chunk : chunk + 900]),
            )
        )
    by_key: dict[SlotKey, list[VisitChange]] = defaultdict(list)
    for change in found:
        key = _key_of(change)
        if key in wanted:
            by_key[key].append(change)
    return {
        key: tuple(_row(c) for c in sorted(changes, key=lambda c: c.id))
        for key, changes in by_key.items()
    }


@needs(Right.OWN_VISITS, filtered=True)
def history_of(session: Session, occ: Occurrence) -> tuple[ChangeRow, ...]:
    return histories(session, [occ]).get(slot_key(occ), ())


@dataclass(frozen=True)
class ClientChange:
    """A change to one of a client's visits, with the visit it was made to."""

    occurrence_date: date | None
    change: ChangeRow


@needs(Right.OWN_VISITS, filtered=True)
def client_changes(session: Session, client_id: int, start: date, end: date) -> list[ClientChange]:
    """Changes made to a client's visits whose original date falls start..end (one-offs by the
    day they were planned), oldest first: `microoffice visit history`."""
    rows = session.scalars(
        select(VisitChange).where(VisitChange.client_id == client_id).order_by(VisitChange.id)
    )
    out = []
    for change in rows:
        day = change.occurrence_date
        if day is None and change.from_start is not None:
            day = clock.to_local(change.from_start).date()
        if day is not None and start <= day <= end:
            out.append(ClientChange(change.occurrence_date, _row(change)))
    return out
