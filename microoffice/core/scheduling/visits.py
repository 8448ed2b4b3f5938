"""Turning a planned slot into a real Visit row, one-off visits, and who is on a visit.

A slot becomes a row only when something real happens to it (confirmed, recorded, edited,
staff changed); until then it is computed from its plan. The row keeps the plan id and the
original occurrence date, so it replaces the generated slot and keeps the same calendar UID.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.clock_changes import exact_instant, wall_text
from microoffice.core.db.audit_hook import append_audit_rows
from microoffice.core.errors import NotFoundError, ValidationError
from microoffice.core.models.clients import Client
from microoffice.core.models.enums import ServiceType, VisitStatus
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import DoNotSend, Visit, visit_plan_staff, visit_staff
from microoffice.core.people.guard import audit_actor, needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling import times
from microoffice.core.scheduling.occurrences import Occurrence, occurrence_for
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

Target = Occurrence | int  # an occurrence from the calendar, or a visit id


@needs(Right.OWN_VISITS, visit="visit_id")
def get_visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError(f"There is no visit with id {visit_id}.")
    return visit


@needs(Right.OWN_VISITS, visit="target")
def materialise(session: Session, target: Target) -> Visit:
    """The Visit row for a slot, creating it from the plan (status planned) if needed."""
    if isinstance(target, int):
        return get_visit(session, target)
    if target.visit_id is not None:
        return get_visit(session, target.visit_id)
    if target.plan_id is None or target.occurrence_date is None:
        raise NotFoundError("This visit is not part of a plan and has not been saved.")
    current = occurrence_for(session, target.plan_id, target.occurrence_date)
    if current is None:
        raise NotFoundError(
            f"The plan has no visit on {format_date(target.occurrence_date)} any more "
            "(it was skipped, paused or the plan changed). Refresh and try again."
        )
    if current.visit_id is not None:
        return get_visit(session, current.visit_id)
    visit = Visit(
        client_id=current.client_id,
        plan_id=current.plan_id,
        occurrence_date=current.occurrence_date,
        service_type=current.service_type,
        planned_start=current.planned_start,
        planned_end=current.planned_end,
        status=VisitStatus.PLANNED.value,
        staff_required=current.staff_required,
        tasks=list(current.tasks),
        tasks_done=[],
    )
    session.add(visit)
    session.flush()
    _write_staff(session, visit.id, (), current.staff_ids)
    return visit


@needs(Right.OWN_VISITS, visit="visit_id")
def staff_on(session: Session, visit_id: int) -> list[int]:
    rows = session.scalars(
        select(visit_staff.c.staff_id).where(visit_staff.c.visit_id == visit_id)
    ).all()
    return sorted(rows)


def _write_staff(
    session: Session, visit_id: int, before: Sequence[int], after: Sequence[int]
) -> None:
    """Replace a visit's staff; the association table is not an ORM object, so audit by hand."""
    session.execute(delete(visit_staff).where(visit_staff.c.visit_id == visit_id))
    if after:
        session.execute(insert(visit_staff), [{"visit_id": visit_id, "staff_id": s} for s in after])
    if list(before) != list(after):
        audit_link(session, "visit_staff", visit_id, list(before), list(after))


@needs(Right.ROTA)
def audit_link(
    session: Session, table: str, owner_id: int, before: list[int], after: list[int]
) -> None:
    row: dict[str, Any] = {
        "at": clock.now(),
        "actor": audit_actor(session),
        "action": "update",
        "entity": table,
        "entity_id": str(owner_id),
        "changes": {"staff_ids": [before, after]},
    }
    append_audit_rows(session, [row])


@needs(Right.ROTA)
def check_staff_ids(
    session: Session, client_id: int, staff_ids: Sequence[int], needed: int, c: Checker
) -> list[int]:
    """Staff must exist, not repeat, not exceed the number needed, and not be barred."""
    ids = list(dict.fromkeys(staff_ids))
    if len(ids) > needed:
        c.fail(
            "staff_ids",
            f"This visit needs {needed} member(s) of staff but {len(ids)} were chosen. "
            "Set 'staff needed' to 2 for a double-handed visit.",
        )
    if not ids:
        return ids
    known = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_(ids)))}
    missing = [i for i in ids if i not in known]
    if missing:
        c.fail("staff_ids", "A chosen member of staff no longer exists; refresh and choose again.")
        return ids
    barred = session.scalars(
        select(DoNotSend.staff_id).where(
            DoNotSend.client_id == client_id, DoNotSend.staff_id.in_(ids)
        )
    ).all()
    if barred:
        names = ", ".join(known[b].display_name for b in barred)
        c.fail("staff_ids", f"{names} must not be sent to this client (do-not-send list).")
    return ids


@needs(Right.ROTA)
def assign_staff(session: Session, target: Target, staff_ids: Sequence[int]) -> Visit:
    """Put these staff on one visit (the slot becomes a row if it was only planned).

    Call clashes.assignment_warnings first to show the person what they are about to do; only a
    do-not-send pairing or too many staff is refused here.
    """
    visit = materialise(session, target)
    c = Checker()
    ids = check_staff_ids(session, visit.client_id, staff_ids, visit.staff_required, c)
    c.done()
    _write_staff(session, visit.id, staff_on(session, visit.id), ids)
    session.flush()
    return visit


@needs(Right.ROTA)
def plan_staff(session: Session, plan_id: int) -> list[int]:
    rows = session.scalars(
        select(visit_plan_staff.c.staff_id).where(visit_plan_staff.c.plan_id == plan_id)
    ).all()
    return sorted(rows)


@needs(Right.ROTA)
def write_plan_staff(session: Session, plan_id: int, staff_ids: Sequence[int]) -> None:
    before = plan_staff(session, plan_id)
    session.execute(delete(visit_plan_staff).where(visit_plan_staff.c.plan_id == plan_id))
    if staff_ids:
        session.execute(
            insert(visit_plan_staff), [{"plan_id": plan_id, "staff_id": s} for s in staff_ids]
        )
    if before != list(staff_ids):
        audit_link(session, "visit_plan_staff", plan_id, before, list(staff_ids))


@dataclass
class OneOffData:
    """An extra visit outside any plan (a GP appointment escort, a visit after discharge).

    Start and end are London clock times on `day`; an end not after the start is the next day."""

    client_id: int
    day: date
    start_time: time
    end_time: time
    service_type: str = ServiceType.PERSONAL_CARE.value
    tasks: list[str] = field(default_factory=list)
    staff_ids: list[int] = field(default_factory=list)
    staff_required: int = 1
    notes: str = ""


@needs(Right.ROTA)
def add_one_off(session: Session, data: OneOffData) -> Visit:
    c = Checker()
    client = session.get(Client, data.client_id)
    if client is None:
        raise NotFoundError("Choose a client for the visit.")
    check_times(c, data.start_time, data.end_time)
    start = c.check(
        "start_time", lambda t: exact_instant(data.day, t, happened=False), data.start_time
    )
    finish_day = times.end_date(data.day, data.start_time, data.end_time)
    end = c.check("end_time", lambda t: exact_instant(finish_day, t, happened=False), data.end_time)
    c.choice("service_type", data.service_type, ServiceType, "Service type")
    if data.staff_required not in (1, 2):
        c.fail("staff_required", "A visit needs 1 or 2 members of staff")
    ids = check_staff_ids(session, client.id, data.staff_ids, data.staff_required, c)
    c.done()
    assert start is not None and end is not None
    visit = Visit(
        client_id=client.id,
        service_type=data.service_type,
        planned_start=start,
        planned_end=end,
        status=VisitStatus.PLANNED.value,
        staff_required=data.staff_required,
        tasks=clean_tasks(data.tasks),
        tasks_done=[],
        notes=data.notes.strip(),
    )
    session.add(visit)
    session.flush()
    _write_staff(session, visit.id, (), ids)
    return visit


def check_duration(c: Checker, minutes: int) -> None:
    if not 5 <= minutes <= 24 * 60:
        c.fail("duration_minutes", "A visit lasts between 5 minutes and 24 hours")


def check_times(c: Checker, start: time, end: time) -> None:
    """A visit's clock times: any end (earlier than the start is the next day), but not a
    visit of a few minutes."""
    problem = times.check_times(start, end)
    if problem is not None:
        c.fail("end_time", problem)


def clean_tasks(tasks: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in tasks if t.strip()))


@needs(Right.ROTA)
def reschedule_visit(
    session: Session, visit: Visit, day: date, start_time: time, duration_minutes: int
) -> Visit:
    """Change the planned time of a visit that has not happened yet."""
    if visit.status != VisitStatus.PLANNED.value:
        raise ValidationError(
            {"status": "This visit has already been recorded; record a change to it instead."}
        )
    c = Checker()
    check_duration(c, duration_minutes)
    c.done()
    start = clock.to_utc(day, start_time)
    visit.planned_start = start
    visit.planned_end = start + timedelta(minutes=duration_minutes)
    session.flush()
    return visit


def local_range(start: datetime, end: datetime) -> str:
    """ "08:00-08:45" in London time, for lists and paper ("01:30 GMT" in the hour that
    happens twice)."""
    return f"{wall_text(start)}-{wall_text(end)}"
