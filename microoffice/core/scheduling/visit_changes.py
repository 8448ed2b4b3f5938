"""Changing one visit, as a person does it from the calendar or the command line.

Move it (just this one, or this and every later one), make it longer or shorter, skip it, put it
back as planned, cancel it, choose who goes, note something for the carers; and mark a client
away (hospital, holiday). Each is one call taking the visit as the calendar showed it; each
writes the change through the plan and visit services and one history row (`history.record`),
so where the visit was, who changed it, when and why stay on record, and a skipped visit stays
in view as skipped.

A visit is re-read before it is changed: the calendar may have been open for an hour, and a
visit someone has since recorded as done must not be moved under them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError, UserError, ValidationError
from microoffice.core.models.billing import InvoiceLine
from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.records import DailyNote
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import ClientPause, Visit, VisitChange
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.times import parse_time
from microoffice.core.scheduling import clashes, history, plans, today
from microoffice.core.scheduling.following import move_following
from microoffice.core.scheduling.merge import PLANNED, SKIPPED, Occurrence
from microoffice.core.scheduling.occurrences import occurrence_for, occurrences
from microoffice.core.scheduling.pauses import add_pause
from microoffice.core.scheduling.times import span
from microoffice.core.scheduling.visits import (
    assign_staff,
    check_duration,
    get_visit,
    materialise,
    reschedule_visit,
    staff_on,
)
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date, format_instant, visit_status_label

BY_CLIENT, BY_US = "client", "us"
# What a move asks about before saving: the carers' other visits, leave, the time to get there,
# their usual hours, and whether they work here on that day.
MOVE_WARNINGS = frozenset(
    {
        clashes.DOUBLE_BOOKED,
        clashes.LEAVE,
        clashes.TRAVEL,
        clashes.AVAILABILITY,
        clashes.EMPLOYMENT,
    }
)


@needs(Right.OWN_VISITS, filtered=True)
def current(session: Session, occ: Occurrence) -> Occurrence:
    """The visit as it is now (it may have been changed since the calendar read it)."""
    if occ.plan_id is not None and occ.occurrence_date is not None:
        found = occurrence_for(session, occ.plan_id, occ.occurrence_date)
        if found is None:  # skipped slots are not "current" visits: look for the skip
            day = occ.occurrence_date
            found = next(
                (
                    o
                    for o in occurrences(session, day, day, plan_id=occ.plan_id, skipped=True)
                    if o.occurrence_date == day
                ),
                None,
            )
    elif occ.visit_id is not None:
        visit = session.get(Visit, occ.visit_id)
        day = clock.to_local(visit.planned_start).date() if visit is not None else occ.day
        found = next(
            (
                o
                for o in occurrences(session, day, day, client_id=occ.client_id)
                if o.visit_id == occ.visit_id
            ),
            None,
        )
    else:
        found = None
    if found is None:
        raise NotFoundError(
            f"{occ.client_name}'s visit on {format_date(occ.day)} is no longer in the calendar "
            "(the plan or the visit was changed elsewhere). Refresh and try again."
        )
    return found


def _still_planned(occ: Occurrence, doing: str, done: str) -> None:
    if occ.status == SKIPPED:
        raise ValidationError(
            {"status": f"This visit was skipped. Put it back first if you want to {doing} it."}
        )
    if occ.status != PLANNED:
        state = visit_status_label(occ.status).lower()
        raise ValidationError(
            {"status": f"This visit is already recorded as {state}, so it cannot be {done}."}
        )


def _read_times(start: datetime, end: datetime) -> tuple[date, time, int]:
    """London date and time of the new start, and the length in minutes (real time)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValidationError({"start_time": "The new time needs a time zone"})
    if end <= start:
        raise ValidationError({"duration_minutes": "The visit must end after it starts"})
    seconds = (end - start).total_seconds()
    if seconds % 60:
        raise ValidationError({"duration_minutes": "A visit's length is whole minutes"})
    local = clock.to_local(start)
    return local.date(), local.time().replace(second=0, microsecond=0), int(seconds // 60)


@needs(Right.ROTA)
def check_move(
    session: Session,
    target: Occurrence,
    start: datetime,
    end: datetime,
    following: bool | None = False,
) -> Occurrence:
    """The visit as it is now, if it can be moved to start..end; else a plain refusal (already
    recorded, skipped, no change, a length out of range). `following` None: not yet chosen."""
    occ = current(session, target)
    _still_planned(occ, "move", "moved")
    _, _, minutes = _read_times(start, end)
    c = Checker()
    check_duration(c, minutes)
    c.done()
    if start == occ.planned_start and end == occ.planned_end and following is False:
        raise ValidationError({"start_time": "The visit is already at that time"})
    if following and (occ.plan_id is None or occ.occurrence_date is None):
        raise ValidationError(
            {"following": "This is a one-off visit: there are no later visits to move."}
        )
    return occ


@needs(Right.ROTA)
def move_warnings(
    session: Session, target: Occurrence, start: datetime, end: datetime
) -> list[clashes.AssignmentWarning]:
    """What to ask before moving this visit to start..end: for each of its carers, another visit
    at that time, leave, too little time to get there, outside their usual hours. Refuses a move
    that cannot be made at all (`check_move`) before asking anything."""
    occ = check_move(session, target, start, end, following=None)
    moved = replace(occ, planned_start=start, planned_end=end, day=clock.to_local(start).date())
    found: list[clashes.AssignmentWarning] = []
    for staff_id in occ.staff_ids:
        found += [
            w
            for w in clashes.assignment_warnings(session, moved, staff_id)
            if w.kind in MOVE_WARNINGS
        ]
    return found


@needs(Right.ROTA)
def move_visit(
    session: Session,
    target: Occurrence,
    start: datetime,
    end: datetime,
    *,
    following: bool = False,
    reason: str = "",
) -> VisitChange:
    """Move one visit to start..end (a new day, time or length); with `following`, this visit
    and every later one of its plan move the same way (the plan changes from this date on)."""
    occ = check_move(session, target, start, end, following)
    day, at, minutes = _read_times(start, end)
    if following:
        assert occ.plan_id is not None and occ.occurrence_date is not None
        new_plan, detail = move_following(session, occ, day, at, minutes)
        key = ("plan", new_plan, day)
        visit_id = session.scalar(
            select(Visit.id).where(Visit.plan_id == new_plan, Visit.occurrence_date == day)
        )
        return history.record(
            session,
            occ,
            history.FOLLOWING,
            to=(start, end),
            visit_id=visit_id,
            detail=detail,
            reason=reason,
            key=key,
        )
    if occ.plan_id is not None and occ.occurrence_date is not None:
        plan = plans.get_plan(session, occ.plan_id)
        usual = (start, end) == span(occ.occurrence_date, plan.start_time, plan.end_time)[
            :2
        ] and occ.visit_id is None
        if usual:  # back where the plan puts it: no exception needed
            plans.restore_occurrence(session, occ.plan_id, occ.occurrence_date)
        else:
            plans.move_occurrence(
                session, occ.plan_id, occ.occurrence_date, day, at, minutes, reason
            )
    else:
        assert occ.visit_id is not None
        reschedule_visit(session, get_visit(session, occ.visit_id), day, at, minutes)
    return history.record(session, occ, history.MOVED, to=(start, end), reason=reason)


def _drop_planned_row(session: Session, visit_id: int) -> None:
    """A saved visit that has not happened (saved only because someone changed its carers)
    is removed when it is skipped: the skip and the history say what became of it."""
    used = session.scalar(select(func.count(DailyNote.id)).where(DailyNote.visit_id == visit_id))
    used = (used or 0) + (
        session.scalar(select(func.count(InvoiceLine.id)).where(InvoiceLine.visit_id == visit_id))
        or 0
    )
    if used:
        raise ValidationError(
            {"status": "This visit already has notes or an invoice line: cancel it instead."}
        )
    assign_staff(session, visit_id, [])  # the link rows go first, on the record
    session.delete(get_visit(session, visit_id))
    session.flush()


@needs(Right.ROTA)
def skip_visit(session: Session, target: Occurrence, reason: str = "") -> VisitChange:
    """The plan's visit will not happen this time (family visiting, a day out); it stays on the
    calendar as skipped, where it was, and can be put back."""
    occ = current(session, target)
    _still_planned(occ, "skip", "skipped")
    if occ.plan_id is None or occ.occurrence_date is None:
        raise ValidationError(
            {"status": "A one-off visit is not part of a plan: cancel it instead of skipping it."}
        )
    if occ.visit_id is not None:
        _drop_planned_row(session, occ.visit_id)
    plans.skip_occurrence(session, occ.plan_id, occ.occurrence_date, reason)
    return history.record(session, occ, SKIPPED, reason=reason)


@needs(Right.ROTA)
def restore_visit(session: Session, target: Occurrence, reason: str = "") -> VisitChange:
    """Undo a skip or a move: the visit goes back to the day and time its plan gives it."""
    occ = current(session, target)
    if occ.plan_id is None or occ.occurrence_date is None:
        raise ValidationError({"status": "A one-off visit has no plan to go back to."})
    if occ.status not in (PLANNED, SKIPPED):
        _still_planned(occ, "put back", "put back")
    plan = plans.get_plan(session, occ.plan_id)
    start, end, _note = span(occ.occurrence_date, plan.start_time, plan.end_time)
    if occ.status == PLANNED and occ.planned_start == start and occ.planned_end == end:
        raise ValidationError({"status": "This visit is already as its plan says."})
    plans.restore_occurrence(session, occ.plan_id, occ.occurrence_date)
    if occ.visit_id is not None:
        visit = get_visit(session, occ.visit_id)
        minutes = int((end - start).total_seconds() // 60)  # real minutes, as span gives them
        reschedule_visit(session, visit, occ.occurrence_date, plan.start_time, minutes)
    return history.record(session, occ, history.RESTORED, to=(start, end), reason=reason)


@needs(Right.ROTA)
def cancel_visit(
    session: Session,
    target: Occurrence,
    by: str,
    reason: str = "",
    notice_at: datetime | None = None,
) -> VisitChange:
    """Cancelled by the client (notice_at: when they told us, which decides any charge) or by
    us. The visit stays on the calendar, marked cancelled."""
    occ = current(session, target)
    _still_planned(occ, "cancel", "cancelled")
    if by == BY_CLIENT:
        visit = today.record_cancelled_by_client(session, occ, notice_at or clock.now(), reason)
        detail = "Cancelled by the client"
        if visit.cancellation_notice_at is not None:
            detail += f" (told us {format_instant(visit.cancellation_notice_at)})"
    elif by == BY_US:
        visit = today.record_cancelled_by_provider(session, occ, reason)
        detail = "Cancelled by us"
    else:
        raise ValidationError({"by": "Say who cancelled: the client or us"})
    return history.record(
        session, occ, history.CANCELLED, visit_id=visit.id, detail=detail, reason=reason
    )


def _names(session: Session, ids: Sequence[int]) -> str:
    if not ids:
        return "nobody"
    people = {s.id: s.display_name for s in session.scalars(select(Staff).where(Staff.id.in_(ids)))}
    return " and ".join(people.get(i, "?") for i in ids)


@needs(Right.ROTA)
def set_carers(
    session: Session, target: Occurrence, staff_ids: Sequence[int], reason: str = ""
) -> VisitChange | None:
    """Who goes on this one visit (the plan's regular carers are unchanged); None, and nothing
    in the history, when the same people were chosen again."""
    occ = current(session, target)
    if not occ.active:
        raise ValidationError(
            {"staff_ids": f"This visit is {visit_status_label(occ.status).lower()}: nobody goes."}
        )
    before = list(occ.staff_ids)
    if sorted(before) == sorted(dict.fromkeys(staff_ids)):
        return None
    visit = assign_staff(session, occ, staff_ids)
    after = staff_on(session, visit.id)
    detail = f"{_names(session, before)} to {_names(session, after)}"
    return history.record(
        session, occ, history.CARERS, visit_id=visit.id, detail=detail, reason=reason
    )


@needs(Right.ROTA)
def set_visit_note(session: Session, target: Occurrence, text: str) -> Visit:
    """A note for whoever goes on this visit ("key safe code changed", "bring the forms")."""
    occ = current(session, target)
    if occ.status == SKIPPED:
        raise ValidationError({"note": "This visit was skipped: put it back first."})
    visit = materialise(session, occ)
    visit.notes = text.strip()
    session.flush()
    return visit


@needs(Right.ROTA)
def client_away(
    session: Session,
    client_id: int,
    start: date,
    end: date | None,
    reason: str,
    notes: str = "",
) -> ClientPause:
    """The client is away (hospital, holiday, respite) from start to end inclusive: the plans'
    visits in that time do not happen, and come back by themselves afterwards. Visits already
    recorded are kept as they are."""
    return add_pause(session, client_id, start, end, reason, notes)


@needs(Right.OWN_VISITS, filtered=True)
def saved_visits_while_away(
    session: Session, client_id: int, start: date, end: date | None
) -> list[Occurrence]:
    """Visits still planned in the time away that a pause does not hide (saved ones, one-offs),
    for the person to cancel if they are off too."""
    last = end or start + timedelta(days=366)
    return [
        o
        for o in occurrences(session, start, last, client_id=client_id)
        if o.visit_id is not None and o.status == VisitStatus.PLANNED.value
    ]


@needs(Right.OWN_VISITS, filtered=True)
def find_visit(session: Session, client_id: int, day: date, at: time | None = None) -> Occurrence:
    """The client's visit on that day (skipped ones included), at that time if given: how the
    command line names a visit. Plain messages when there is none, or more than one."""
    found = occurrences(session, day, day, client_id=client_id, skipped=True)
    if at is not None:
        found = [o for o in found if clock.to_local(o.planned_start).time() == at]
    if len(found) == 1:
        return found[0]
    when = format_date(day) + (f" at {at:%H:%M}" if at is not None else "")
    if not found:
        raise UserError(f"There is no visit on {when} for this client.")
    times = ", ".join(f"{clock.to_local(o.planned_start):%H:%M}" for o in found)
    raise UserError(f"There are {len(found)} visits on {when} ({times}); add --time to say which.")


def new_times_from_text(day_text: str, time_text: str, minutes: int) -> tuple[datetime, datetime]:
    """A new day, start time and length as typed in the Move dialog, as instants; messages at
    the fields ("day", "start_time")."""
    c = Checker()
    day = c.date_text("day", day_text)
    at = c.check("start_time", parse_time, time_text)
    if day is None and "day" not in c.errors:
        c.fail("day", "Type the day of the visit, like 14/12/2026")
    check_duration(c, minutes)
    c.done()
    assert day is not None and at is not None
    start = clock.to_utc(day, at)
    return start, start + timedelta(minutes=minutes)
