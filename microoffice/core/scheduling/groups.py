"""Day-activity groups: sessions with a capacity, a register, and attendance per session.

Attendance is what gets billed later (per session attended, or booked and absent without
notice, by the rate card), so it is marked per person per session, never per group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core.errors import NotFoundError, ValidationError
from microoffice.core.models.clients import Client
from microoffice.core.models.visits import ActivityGroup, Attendance, GroupSession
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

BOOKED, ATTENDED, ABSENT = "booked", "attended", "absent"
ATTENDANCE_STATUSES = (BOOKED, ATTENDED, ABSENT)


def _check_capacity(c: Checker, capacity: int) -> None:
    if not 1 <= capacity <= 100:
        c.fail("capacity", "Capacity is between 1 and 100 people")


@needs(Right.ROTA)
def create_group(
    session: Session, name: str, capacity: int = 8, location: str = ""
) -> ActivityGroup:
    c = Checker()
    name = c.required("name", name, "Group name")
    _check_capacity(c, capacity)
    c.done()
    group = ActivityGroup(name=name, capacity=capacity, location=location.strip())
    session.add(group)
    session.flush()
    return group


@needs(Right.ROTA)
def get_group(session: Session, group_id: int) -> ActivityGroup:
    group = session.get(ActivityGroup, group_id)
    if group is None:
        raise NotFoundError(f"There is no activity group with id {group_id}.")
    return group


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    location: str
    capacity: int


@needs(Right.ROTA)
def list_groups(session: Session) -> list[GroupRow]:
    """Groups still running, by name (for choosing one in a form)."""
    rows = session.execute(
        select(ActivityGroup.id, ActivityGroup.name, ActivityGroup.location, ActivityGroup.capacity)
        .where(ActivityGroup.archived_at.is_(None))
        .order_by(ActivityGroup.name, ActivityGroup.id)
    )
    return [GroupRow(*row) for row in rows]


@needs(Right.ROTA)
def add_sessions(
    session: Session,
    group_id: int,
    first_day: date,
    start_time: time,
    end_time: time,
    weeks: int = 1,
    capacity: int | None = None,
) -> list[GroupSession]:
    """A session on first_day and on the same weekday for the following weeks."""
    group = get_group(session, group_id)
    cap = group.capacity if capacity is None else capacity
    c = Checker()
    if end_time <= start_time:
        c.fail("end_time", "A session must end after it starts")
    if not 1 <= weeks <= 104:
        c.fail("weeks", "Add between 1 and 104 weekly sessions at a time")
    _check_capacity(c, cap)
    c.done()
    made = [
        GroupSession(
            group_id=group.id,
            day=first_day + timedelta(weeks=i),
            start_time=start_time,
            end_time=end_time,
            capacity=cap,
        )
        for i in range(weeks)
    ]
    session.add_all(made)
    session.flush()
    return made


@needs(Right.ROTA)
def get_session(session: Session, session_id: int) -> GroupSession:
    found = session.get(GroupSession, session_id)
    if found is None:
        raise NotFoundError(f"There is no group session with id {session_id}.")
    return found


def _booked_count(session: Session, session_id: int) -> int:
    return int(
        session.scalar(select(func.count(Attendance.id)).where(Attendance.session_id == session_id))
        or 0
    )


@needs(Right.ROTA)
def book(session: Session, session_id: int, client_ids: Sequence[int]) -> list[Attendance]:
    """Put people on the register; refused as a whole if it would go over capacity."""
    group_session = get_session(session, session_id)
    existing = set(
        session.scalars(select(Attendance.client_id).where(Attendance.session_id == session_id))
    )
    new_ids = [cid for cid in dict.fromkeys(client_ids) if cid not in existing]
    known = {
        cid: (name, archived)
        for cid, name, archived in session.execute(
            select(Client.id, Client.first_name + " " + Client.last_name, Client.archived_at).where(
                Client.id.in_(new_ids)
            )
        )
    }
    if len(known) != len(new_ids):
        raise NotFoundError("A chosen client no longer exists; refresh and choose again.")
    gone = sorted(name for name, archived in known.values() if archived is not None)
    if gone:  # the window offers only current clients; the command line and API must agree
        names = ", ".join(gone)
        message = f"{names} no longer receives care (archived); nobody was booked."
        raise ValidationError({"client_id": message})
    free = group_session.capacity - len(existing)
    if len(new_ids) > free:
        raise ValidationError({"capacity": _full_message(group_session, free, len(new_ids))})
    rows = [Attendance(session_id=session_id, client_id=cid, status=BOOKED) for cid in new_ids]
    session.add_all(rows)
    session.flush()
    return rows


def _full_message(group_session: GroupSession, free: int, wanted: int) -> str:
    """Says that nothing was saved: a refused booking books nobody, not the first few."""
    day = format_date(group_session.day)
    if free <= 0:
        return f"The session on {day} is full ({group_session.capacity} places); nobody was booked."
    places = "1 place" if free == 1 else f"{free} places"
    return (
        f"The session on {day} has {places} left, not enough for {wanted} more people; "
        "nobody was booked."
    )


@needs(Right.ROTA)
def unbook(session: Session, session_id: int, client_id: int) -> None:
    row = _attendance(session, session_id, client_id)
    if row.status != BOOKED:
        raise ValidationError({"status": "Attendance is already marked; change it instead"})
    session.delete(row)
    session.flush()


def _attendance(session: Session, session_id: int, client_id: int) -> Attendance:
    row = session.scalar(
        select(Attendance).where(
            Attendance.session_id == session_id, Attendance.client_id == client_id
        )
    )
    if row is None:
        raise NotFoundError("That person is not on the register for this session.")
    return row


@needs(Right.ROTA)
def mark(session: Session, session_id: int, client_id: int, status: str) -> Attendance:
    if status not in ATTENDANCE_STATUSES:
        raise ValidationError({"status": "Attendance is booked, attended or absent"})
    row = _attendance(session, session_id, client_id)
    row.status = status
    session.flush()
    return row


@needs(Right.ROTA)
def mark_all_attended(session: Session, session_id: int) -> int:
    """Everyone still only booked came: the usual case, in one action."""
    rows = session.scalars(
        select(Attendance).where(Attendance.session_id == session_id, Attendance.status == BOOKED)
    ).all()
    for row in rows:
        row.status = ATTENDED
    session.flush()
    return len(rows)


@dataclass(frozen=True)
class RegisterLine:
    client_id: int
    name: str
    status: str


@dataclass(frozen=True)
class Register:
    session_id: int
    group_name: str
    day: date
    start_time: time
    end_time: time
    capacity: int
    lines: tuple[RegisterLine, ...]

    @property
    def places_left(self) -> int:
        return self.capacity - len(self.lines)

    @property
    def attended(self) -> int:
        return sum(1 for line in self.lines if line.status == ATTENDED)


@needs(Right.ROTA)
def register(session: Session, session_id: int) -> Register:
    group_session = get_session(session, session_id)
    group = get_group(session, group_session.group_id)
    rows = session.execute(
        select(Attendance, Client)
        .join(Client, Client.id == Attendance.client_id)
        .where(Attendance.session_id == session_id)
        .order_by(Client.last_name, Client.first_name)
    )
    lines = tuple(RegisterLine(c.id, c.display_name, a.status) for a, c in rows)
    return Register(
        group_session.id,
        group.name,
        group_session.day,
        group_session.start_time,
        group_session.end_time,
        group_session.capacity,
        lines,
    )


@needs(Right.ROTA)
def sessions_between(
    session: Session, start: date, end: date, group_id: int | None = None
) -> list[GroupSession]:
    stmt = select(GroupSession).where(GroupSession.day.between(start, end))
    if group_id is not None:
        stmt = stmt.where(GroupSession.group_id == group_id)
    return list(session.scalars(stmt.order_by(GroupSession.day, GroupSession.start_time)))


@needs(Right.ROTA)
def attendance_for_client(
    session: Session, client_id: int, start: date, end: date
) -> list[tuple[GroupSession, str]]:
    """Sessions a client was booked on in a period and what happened (for billing)."""
    rows = session.execute(
        select(GroupSession, Attendance.status)
        .join(Attendance, Attendance.session_id == GroupSession.id)
        .where(Attendance.client_id == client_id, GroupSession.day.between(start, end))
        .order_by(GroupSession.day)
    )
    return [(s, status) for s, status in rows]


@dataclass(frozen=True)
class SessionRow:
    id: int
    group_id: int
    group_name: str
    location: str
    day: date
    start_time: time
    end_time: time
    capacity: int
    booked: int

    @property
    def places_left(self) -> int:
        return self.capacity - self.booked


@needs(Right.ROTA)
def session_rows(
    session: Session, start: date, end: date, group_id: int | None = None
) -> list[SessionRow]:
    """Sessions in a period with how many are booked, counted in one query (a list of sessions
    with places left must not cost a query per row)."""
    booked = func.count(Attendance.id)
    stmt = (
        select(
            GroupSession.id,
            GroupSession.group_id,
            ActivityGroup.name,
            ActivityGroup.location,
            GroupSession.day,
            GroupSession.start_time,
            GroupSession.end_time,
            GroupSession.capacity,
            booked,
        )
        .join(ActivityGroup, ActivityGroup.id == GroupSession.group_id)
        .outerjoin(Attendance, Attendance.session_id == GroupSession.id)
        .where(GroupSession.day.between(start, end))
        .group_by(
            GroupSession.id,
            GroupSession.group_id,
            ActivityGroup.name,
            ActivityGroup.location,
            GroupSession.day,
            GroupSession.start_time,
            GroupSession.end_time,
            GroupSession.capacity,
        )
        .order_by(GroupSession.day, GroupSession.start_time, ActivityGroup.name)
    )
    if group_id is not None:
        stmt = stmt.where(GroupSession.group_id == group_id)
    return [SessionRow(*row) for row in session.execute(stmt)]
