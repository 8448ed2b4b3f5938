"""Staff: identity, role, employment; regular availability and leave."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, time
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError
from microoffice.core.models.enums import EmploymentType, StaffRole
from microoffice.core.models.staff import Staff, StaffAvailability, StaffLeave
from microoffice.core.people.guard import needs, own_staff
from microoffice.core.people.rights import Right
from microoffice.core.readers import optional
from microoffice.core.readers.choices import read_employment, read_role, read_yes_no
from microoffice.core.readers.dates import check_birth_date, check_service_date, parse_date
from microoffice.core.readers.identifiers import read_email, read_phone, read_postcode
from microoffice.core.readers.numbers import read_money
from microoffice.core.readers.times import read_weekly_hours
from microoffice.core.services.clients import check_version
from microoffice.core.services.forms import (
    Checker,
    Rule,
    checked,
    control_characters,
    ends_before_start,
    one_of,
    read_fields,
    required,
    stripped,
)
from microoffice.core.vocabulary import employment_label, role_label


@dataclass
class StaffData:
    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    role: str = StaffRole.CARE_WORKER.value
    employment_type: str = EmploymentType.EMPLOYEE.value
    start_date: date | None = None
    end_date: date | None = None
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    drives: bool = True
    contracted_minutes_per_week: int | None = None
    hourly_pay_pence: int | None = None
    irregular_hours: bool = False
    notes: str = ""

    @classmethod
    def from_staff(cls, staff: Staff) -> StaffData:
        return cls(**{f.name: getattr(staff, f.name) for f in fields(cls)})

    @classmethod
    def from_text(cls, values: Mapping[str, Any]) -> StaffData:
        """From the staff form's fields as typed (a tick box and a choice as the form gives
        them); ValidationError names every field that cannot be read."""
        return cls(**read_fields(values, _FIELD_NAMES, TEXT_READERS))


_FIELD_NAMES = tuple(f.name for f in fields(StaffData))

# How text becomes each field's value, where it is not the text itself: the form, the command
# line (commands/people.py) and the spreadsheet import (importing/columns.py) all read with these.
TEXT_READERS: dict[str, Rule] = {
    "start_date": parse_date,
    "end_date": parse_date,
    "date_of_birth": parse_date,
    "role": read_role,
    "employment_type": read_employment,
    "drives": read_yes_no,
    "irregular_hours": read_yes_no,
    "contracted_minutes_per_week": read_weekly_hours,
    "hourly_pay_pence": optional(read_money),
}


def _pay(pence: int | None) -> int | None:
    if pence is not None and pence < 0:
        raise ValueError("Pay cannot be negative")
    return pence


def field_rules(today: date) -> dict[str, Rule]:
    """Each field's own check, as the staff form makes it; shared with the spreadsheet import."""
    return {
        "first_name": required("First name"),
        "last_name": required("Last name"),
        "preferred_name": stripped,
        "role": one_of(StaffRole, "Role"),
        "employment_type": one_of(EmploymentType, "Employment type"),
        "postcode": read_postcode,
        "email": read_email,
        "phone": read_phone,
        "date_of_birth": partial(check_birth_date, today=today),
        "start_date": partial(check_service_date, today=today),
        "end_date": partial(check_service_date, today=today),
        "hourly_pay_pence": _pay,
    }


def record_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """What only the fields together can show."""
    return control_characters(values) | ends_before_start(
        values, "Employment ends before it starts"
    )


def validate(data: StaffData) -> StaffData:
    return StaffData(**checked(vars(data), field_rules(clock.today()), record_problems))


@needs(Right.STAFF)
def create_staff(session: Session, data: StaffData) -> Staff:
    clean = validate(data)
    staff = Staff(**{f.name: getattr(clean, f.name) for f in fields(clean)})
    session.add(staff)
    session.flush()
    return staff


@needs(Right.STAFF)
def get_staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFoundError(f"There is no staff member with id {staff_id}.")
    return staff


@needs(Right.OWN_VISITS, filtered=True)
def find_staff(session: Session, name: str) -> Staff:
    """One member of staff by a name typed on the command line; a carer finds only themselves."""
    term = " ".join(name.split()).lower()
    own = own_staff(session, Right.STAFF)
    mine = Staff.id == own if own is not None else true()
    matches = session.scalars(
        select(Staff).where(
            mine,
            or_(
                func.lower(Staff.first_name + " " + Staff.last_name) == term,
                func.lower(Staff.preferred_name + " " + Staff.last_name) == term,
                func.lower(Staff.first_name) == term,
                func.lower(Staff.last_name) == term,
            ),
        )
    ).all()
    if len(matches) != 1:
        from microoffice.core.suggest import did_you_mean

        known = session.execute(select(Staff.first_name, Staff.last_name).where(mine)).all()
        hint = "" if matches else did_you_mean(name, (f"{a} {b}" for a, b in known))
        found = "No" if not matches else "More than one"
        raise NotFoundError(f"{found} staff member matches '{name}'.{hint}")
    return matches[0]


@needs(Right.STAFF)
def update_staff(
    session: Session, staff_id: int, data: StaffData, expected_version: int | None = None
) -> Staff:
    staff = get_staff(session, staff_id)
    check_version(staff, expected_version)
    clean = validate(data)
    for f in fields(clean):
        if getattr(staff, f.name) != getattr(clean, f.name):
            setattr(staff, f.name, getattr(clean, f.name))
    session.flush()
    return staff


@needs(Right.STAFF)
def archive_staff(session: Session, staff_id: int) -> Staff:
    staff = get_staff(session, staff_id)
    if staff.archived_at is None:
        staff.archived_at = clock.now()
        if staff.end_date is None:
            staff.end_date = clock.today()
    session.flush()
    return staff


@needs(Right.STAFF)
def restore_staff(session: Session, staff_id: int) -> Staff:
    staff = get_staff(session, staff_id)
    staff.archived_at = None
    session.flush()
    return staff


@dataclass(frozen=True)
class StaffRow:
    """What the staff list shows; role and employment as worded in core/vocabulary.py."""

    id: int
    name: str
    role: str
    employment_type: str
    phone: str
    start_date: date | None
    archived: bool


def _search(search: str) -> ColumnElement[bool]:
    like = f"%{search.strip().lower()}%"
    return or_(
        func.lower(Staff.first_name + " " + Staff.last_name).like(like),
        func.lower(Staff.preferred_name).like(like),
        func.lower(Staff.role).like(like),
    )


@needs(Right.OWN_VISITS, filtered=True)
def list_staff(
    session: Session, search: str = "", include_archived: bool = False, role: str | None = None
) -> list[StaffRow]:
    """Staff as lists show them; a carer sees only their own row (no other staff files)."""
    stmt = select(Staff).order_by(Staff.last_name, Staff.first_name, Staff.id)
    own = own_staff(session, Right.STAFF)
    if own is not None:
        stmt = stmt.where(Staff.id == own)
    if not include_archived:
        stmt = stmt.where(Staff.archived_at.is_(None))
    if search.strip():
        stmt = stmt.where(_search(search))
    if role:
        stmt = stmt.where(Staff.role == role)
    return [
        StaffRow(
            id=s.id,
            name=s.display_name,
            role=role_label(s.role),
            employment_type=employment_label(s.employment_type),
            phone=s.phone,
            start_date=s.start_date,
            archived=s.archived_at is not None,
        )
        for s in session.scalars(stmt)
    ]


@needs(Right.STAFF)
def set_availability(
    session: Session, staff_id: int, windows: list[tuple[int, time, time]]
) -> list[StaffAvailability]:
    """Replace the weekly pattern: (weekday 0=Mon, start, end) windows."""
    get_staff(session, staff_id)
    c = Checker()
    for weekday, start, end in windows:
        if not 0 <= weekday <= 6:
            c.fail("weekday", "Weekday must be 0 (Monday) to 6 (Sunday)")
        if end <= start:
            c.fail("end_time", "An availability window must end after it starts")
    c.done()
    # through the ORM, one row at a time, so each removal is audited like any other
    for old in session.scalars(
        select(StaffAvailability).where(StaffAvailability.staff_id == staff_id)
    ):
        session.delete(old)
    session.flush()
    rows = [
        StaffAvailability(staff_id=staff_id, weekday=w, start_time=s, end_time=e)
        for w, s, e in windows
    ]
    session.add_all(rows)
    session.flush()
    return rows


@needs(Right.STAFF)
def add_leave(
    session: Session, staff_id: int, start: date, end: date, kind: str = "holiday", notes: str = ""
) -> StaffLeave:
    get_staff(session, staff_id)
    c = Checker()
    c.order("end_date", start, end, "Leave ends before it starts")
    if kind not in {"holiday", "sick", "training", "other"}:
        c.fail("kind", "Leave is holiday, sick, training or other")
    c.done()
    leave = StaffLeave(staff_id=staff_id, start_date=start, end_date=end, kind=kind, notes=notes)
    session.add(leave)
    session.flush()
    return leave


@needs(Right.ROTA)
def on_leave(session: Session, staff_id: int, day: date | None = None) -> bool:
    day = day or clock.today()
    return (
        session.scalar(
            select(StaffLeave.id).where(
                StaffLeave.staff_id == staff_id,
                StaffLeave.start_date <= day,
                StaffLeave.end_date >= day,
            )
        )
        is not None
    )
