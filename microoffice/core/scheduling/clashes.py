"""What to tell a person before they put someone on a visit.

Each rule gives a plain sentence; only a do-not-send pairing is *blocking* (the save refuses it).
The rest are the manager's call: in a team of five, someone on leave may still be the only
person who can go, and the app should say so rather than forbid it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError
from microoffice.core.models.staff import (
    Staff,
    StaffAvailability,
    StaffLeave,
    TrainingCourse,
    TrainingRecord,
)
from microoffice.core.models.visits import DoNotSend, Visit
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.occurrences import Occurrence, occurrences
from microoffice.core.scheduling.pairings import TravelTable
from microoffice.core.scheduling.recurrence import WEEKDAY_NAMES
from microoffice.core.vocabulary import format_date

DOUBLE_BOOKED = "double_booked"
TRAVEL = "travel"
AVAILABILITY = "availability"
LEAVE = "leave"
DO_NOT_SEND = "do_not_send"
TRAINING = "training"
EMPLOYMENT = "employment"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class AssignmentWarning:
    kind: str
    message: str
    blocking: bool = False


def _same_slot(a: Occurrence, b: Occurrence) -> bool:
    if a.visit_id is not None and a.visit_id == b.visit_id:
        return True
    return a.plan_id is not None and (a.plan_id, a.occurrence_date) == (
        b.plan_id,
        b.occurrence_date,
    )


def _resolve(session: Session, target: Occurrence | Visit | int) -> Occurrence:
    if isinstance(target, Occurrence):
        return target
    visit = target if isinstance(target, Visit) else session.get(Visit, target)
    if visit is None:
        raise NotFoundError(f"There is no visit with id {target}.")
    day = clock.to_local(visit.planned_start).date()
    for occ in occurrences(session, day, day, client_id=visit.client_id):
        if occ.visit_id == visit.id:
            return occ
    raise NotFoundError("That visit could not be found in the calendar.")


def _hm(at: datetime) -> str:
    return f"{clock.to_local(at):%H:%M}"


@needs(Right.ROTA)
def assignment_warnings(
    session: Session, target: Occurrence | Visit | int, staff_id: int
) -> list[AssignmentWarning]:
    """Every reason to think twice before sending this person on this visit."""
    occ = _resolve(session, target)
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFoundError(f"There is no staff member with id {staff_id}.")
    name = staff.display_name
    warnings: list[AssignmentWarning] = []
    warnings += _employment(staff, occ.day)
    warnings += _do_not_send(session, occ, staff_id, name)
    warnings += _rota(session, occ, staff_id, name)
    warnings += _leave(session, occ, staff_id, name)
    warnings += _availability(session, occ, staff_id, name)
    warnings += _training(session, occ, staff_id, name)
    return warnings


def _employment(staff: Staff, day: date) -> list[AssignmentWarning]:
    if staff.archived_at is not None or (staff.end_date and staff.end_date < day):
        return [AssignmentWarning(EMPLOYMENT, f"{staff.display_name} no longer works here.")]
    if staff.start_date and staff.start_date > day:
        return [
            AssignmentWarning(
                EMPLOYMENT,
                f"{staff.display_name} only starts on {format_date(staff.start_date)}.",
            )
        ]
    return []


def _do_not_send(
    session: Session, occ: Occurrence, staff_id: int, name: str
) -> list[AssignmentWarning]:
    row = session.scalar(
        select(DoNotSend).where(
            DoNotSend.client_id == occ.client_id, DoNotSend.staff_id == staff_id
        )
    )
    if row is None:
        return []
    why = f" ({row.reason})" if row.reason else ""
    return [
        AssignmentWarning(
            DO_NOT_SEND, f"{name} must not be sent to {occ.client_name}{why}.", blocking=True
        )
    ]


def _rota(session: Session, occ: Occurrence, staff_id: int, name: str) -> list[AssignmentWarning]:
    """Double booking, and travel gaps to the visits just before and just after."""
    others = [
        o
        for o in occurrences(session, occ.day - ONE_DAY, occ.day + ONE_DAY, staff_id=staff_id)
        if o.active and not _same_slot(o, occ)
    ]
    out: list[AssignmentWarning] = []
    for o in others:
        if o.planned_start < occ.planned_end and occ.planned_start < o.planned_end:
            out.append(
                AssignmentWarning(
                    DOUBLE_BOOKED,
                    f"{name} is already with {o.client_name} from {_hm(o.planned_start)} to "
                    f"{_hm(o.planned_end)}.",
                )
            )
    if out:
        return out
    travel = TravelTable(session)
    before = [o for o in others if o.planned_end <= occ.planned_start]
    after = [o for o in others if o.planned_start >= occ.planned_end]
    if before:
        prev = max(before, key=lambda o: o.planned_end)
        gap = int((occ.planned_start - prev.planned_end).total_seconds() // 60)
        need = travel.minutes(prev.client_id, occ.client_id)
        if gap < need:
            out.append(
                AssignmentWarning(
                    TRAVEL,
                    f"{name} leaves {prev.client_name} at {_hm(prev.planned_end)}: {gap} min to "
                    f"get here, but the journey takes {need} min.",
                )
            )
    if after:
        nxt = min(after, key=lambda o: o.planned_start)
        gap = int((nxt.planned_start - occ.planned_end).total_seconds() // 60)
        need = travel.minutes(occ.client_id, nxt.client_id)
        if gap < need:
            out.append(
                AssignmentWarning(
                    TRAVEL,
                    f"{name} is due at {nxt.client_name} at {_hm(nxt.planned_start)}: {gap} min "
                    f"after this visit ends, but the journey takes {need} min.",
                )
            )
    return out


def _leave(session: Session, occ: Occurrence, staff_id: int, name: str) -> list[AssignmentWarning]:
    last_day = clock.to_local(occ.planned_end - timedelta(seconds=1)).date()
    leave = session.scalar(
        select(StaffLeave).where(
            StaffLeave.staff_id == staff_id,
            StaffLeave.start_date <= last_day,
            StaffLeave.end_date >= occ.day,
        )
    )
    if leave is None:
        return []
    kind = {"holiday": "on holiday", "sick": "off sick", "training": "on training"}.get(
        leave.kind, "on leave"
    )
    return [
        AssignmentWarning(
            LEAVE,
            f"{name} is {kind} from {format_date(leave.start_date)} to {format_date(leave.end_date)}.",
        )
    ]


def _segments(start: datetime, end: datetime) -> list[tuple[int, time, time]]:
    """The visit cut at midnight into (weekday, from, to) pieces of London wall-clock time."""
    local_start, local_end = clock.to_local(start), clock.to_local(end)
    pieces = []
    day = local_start.date()
    while True:
        begin = local_start.time() if day == local_start.date() else time.min
        if day == local_end.date():
            pieces.append((day.weekday(), begin, local_end.time()))
            break
        pieces.append((day.weekday(), begin, time.max))
        day += timedelta(days=1)
    return [p for p in pieces if p[1] != p[2]]


def _availability(
    session: Session, occ: Occurrence, staff_id: int, name: str
) -> list[AssignmentWarning]:
    """No availability set at all means "not recorded", which is not worth a warning."""
    windows = session.execute(
        select(
            StaffAvailability.weekday, StaffAvailability.start_time, StaffAvailability.end_time
        ).where(StaffAvailability.staff_id == staff_id)
    ).all()
    if not windows:
        return []
    for weekday, begin, end in _segments(occ.planned_start, occ.planned_end):
        covered = any(
            w == weekday and s <= begin and (e >= end or e >= time(23, 59)) for w, s, e in windows
        )
        if not covered:
            return [
                AssignmentWarning(
                    AVAILABILITY,
                    f"{name} is not usually available on {WEEKDAY_NAMES[weekday]} "
                    f"{begin:%H:%M}-{end:%H:%M}.",
                )
            ]
    return []


def _training(
    session: Session, occ: Occurrence, staff_id: int, name: str
) -> list[AssignmentWarning]:
    tasks = {t.strip().lower() for t in occ.tasks}
    if not tasks:
        return []
    out = []
    for course in session.scalars(select(TrainingCourse).order_by(TrainingCourse.name)):
        needed = sorted(t for t in (course.required_for_tasks or []) if t.strip().lower() in tasks)
        if not needed:
            continue
        valid = session.scalar(
            select(func.count(TrainingRecord.id)).where(
                TrainingRecord.staff_id == staff_id,
                TrainingRecord.course_id == course.id,
                TrainingRecord.completed_on <= occ.day,
                (TrainingRecord.expires_on.is_(None)) | (TrainingRecord.expires_on >= occ.day),
            )
        )
        if not valid:
            out.append(
                AssignmentWarning(
                    TRAINING,
                    f"{name} has no valid '{course.name}' training on {format_date(occ.day)}, "
                    f"needed for: {', '.join(needed)}.",
                )
            )
    return out
