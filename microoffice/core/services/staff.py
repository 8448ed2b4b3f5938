"""Staff: identity, role, employment; regular availability and leave."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, time

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError
from microoffice.core.models.enums import EmploymentType, StaffRole
from microoffice.core.models.staff import Staff, StaffAvailability, StaffLeave
from microoffice.core.services.clients import check_version
from microoffice.core.services.forms import Checker
from microoffice.core.validation import (
    check_birth_date,
    check_email,
    check_phone,
    normalise_postcode,
)


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
    def from_text(cls, values: dict[str, str]) -> StaffData:
        checker = Checker()
        data = cls()
        for f in fields(cls):
            raw = values.get(f.name)
            if raw is None:
                continue
            if f.name in {"start_date", "end_date", "date_of_birth"}:
                setattr(data, f.name, checker.date_text(f.name, raw))
            elif f.type in ("bool",):
                setattr(data, f.name, raw.strip().lower() in {"1", "true", "yes", "y"})
            elif f.name in {"contracted_minutes_per_week", "hourly_pay_pence"}:
                setattr(data, f.name, int(raw) if raw.strip().isdigit() else None)
            else:
                setattr(data, f.name, raw)
        checker.done()
        return data


def validate(data: StaffData) -> StaffData:
    c = Checker()
    clean = StaffData(**{f.name: getattr(data, f.name) for f in fields(StaffData)})
    clean.first_name = c.required("first_name", data.first_name, "First name")
    clean.last_name = c.required("last_name", data.last_name, "Last name")
    clean.preferred_name = data.preferred_name.strip()
    c.choice("role", data.role, StaffRole, "Role")
    c.choice("employment_type", data.employment_type, EmploymentType, "Employment type")
    clean.postcode = c.check("postcode", normalise_postcode, data.postcode) or ""
    clean.email = c.check("email", check_email, data.email) or ""
    clean.phone = c.check("phone", check_phone, data.phone) or ""
    clean.date_of_birth = c.check("date_of_birth", check_birth_date, data.date_of_birth)
    c.order("end_date", data.start_date, data.end_date, "Employment ends before it starts")
    if data.hourly_pay_pence is not None and data.hourly_pay_pence < 0:
        c.fail("hourly_pay_pence", "Pay cannot be negative")
    c.done()
    return clean


def create_staff(session: Session, data: StaffData) -> Staff:
    clean = validate(data)
    staff = Staff(**{f.name: getattr(clean, f.name) for f in fields(clean)})
    session.add(staff)
    session.flush()
    return staff


def get_staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFoundError(f"There is no staff member with id {staff_id}.")
    return staff


def find_staff(session: Session, name: str) -> Staff:
    term = " ".join(name.split()).lower()
    matches = session.scalars(
        select(Staff).where(
            or_(
                func.lower(Staff.first_name + " " + Staff.last_name) == term,
                func.lower(Staff.preferred_name + " " + Staff.last_name) == term,
                func.lower(Staff.first_name) == term,
                func.lower(Staff.last_name) == term,
            )
        )
    ).all()
    if len(matches) != 1:
        found = "No" if not matches else "More than one"
        raise NotFoundError(f"{found} staff member matches '{name}'.")
    return matches[0]


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


def archive_staff(session: Session, staff_id: int) -> Staff:
    staff = get_staff(session, staff_id)
    if staff.archived_at is None:
        staff.archived_at = clock.now()
        if staff.end_date is None:
            staff.end_date = clock.today()
    session.flush()
    return staff


def restore_staff(session: Session, staff_id: int) -> Staff:
    staff = get_staff(session, staff_id)
    staff.archived_at = None
    session.flush()
    return staff


@dataclass(frozen=True)
class StaffRow:
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


def list_staff(
    session: Session, search: str = "", include_archived: bool = False, role: str | None = None
) -> list[StaffRow]:
    stmt = select(Staff).order_by(Staff.last_name, Staff.first_name, Staff.id)
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
            role=StaffRole(s.role).value.replace("_", " ").capitalize(),
            employment_type=s.employment_type.replace("_", " "),
            phone=s.phone,
            start_date=s.start_date,
            archived=s.archived_at is not None,
        )
        for s in session.scalars(stmt)
    ]


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
    session.execute(delete(StaffAvailability).where(StaffAvailability.staff_id == staff_id))
    rows = [
        StaffAvailability(staff_id=staff_id, weekday=w, start_time=s, end_time=e)
        for w, s, e in windows
    ]
    session.add_all(rows)
    session.flush()
    return rows


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
