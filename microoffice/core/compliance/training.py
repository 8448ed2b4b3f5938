"""The training matrix: who has done which course, when it expires, what is missing (Reg 18).

Courses, their renewal periods and the visit tasks that need them ship in
microoffice/resources/reference/training_courses.json and are seeded into each database, where the business
edits them. Scheduling reads `required_for_tasks` to warn when a carer lacks a course a visit needs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError
from microoffice.core.models.staff import Staff, TrainingCourse, TrainingRecord
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import add_months, load_reference, rule
from microoffice.core.rows import Choice
from microoffice.core.services.forms import Checker
from microoffice.core.services.staff import get_staff

CARE_CERTIFICATE_PREFIX = "Care Certificate"
NOT_CARE_ROLES = frozenset({"admin"})


@dataclass(frozen=True)
class CourseSpec:
    name: str
    renewal_months: int
    mandatory: bool
    statement: str
    tasks: tuple[str, ...]


def shipped_courses() -> list[CourseSpec]:
    data = load_reference("training_courses.json")
    return [
        CourseSpec(
            c["name"],
            int(c["renewal_months"]),
            bool(c["mandatory"]),
            c["statement"],
            tuple(c["tasks"]),
        )
        for c in data["courses"]
    ]


def course_statement(name: str) -> str:
    """The quality statement a course evidences (S6 for courses the business added itself)."""
    for spec in shipped_courses():
        if spec.name == name:
            return spec.statement
    return "S6"


@needs(Right.STAFF)
def seed_courses(session: Session) -> int:
    """Add shipped courses the database lacks; never change one the business edited."""
    have = set(session.scalars(select(TrainingCourse.name)))
    added = 0
    for spec in shipped_courses():
        if spec.name in have:
            continue
        session.add(
            TrainingCourse(
                name=spec.name,
                renewal_months=spec.renewal_months,
                mandatory=spec.mandatory,
                required_for_tasks=list(spec.tasks),
            )
        )
        added += 1
    session.flush()
    return added


@needs(Right.STAFF)
def find_course(session: Session, name: str) -> TrainingCourse:
    course = session.scalar(select(TrainingCourse).where(TrainingCourse.name == name))
    if course is None:
        raise NotFoundError(f"There is no training course called '{name}'.")
    return course


@needs(Right.STAFF)
def record_training(
    session: Session,
    staff_id: int,
    course_id: int,
    completed_on: date,
    evidence: str = "",
    expires_on: date | None = None,
) -> TrainingRecord:
    """Record a completed course; the expiry follows the course's renewal period unless given."""
    get_staff(session, staff_id)
    course = session.get(TrainingCourse, course_id)
    if course is None:
        raise NotFoundError(f"There is no training course {course_id}.")
    c = Checker()
    if completed_on > clock.today():
        c.fail("completed_on", "The completion date cannot be in the future")
    if expires_on is not None and expires_on <= completed_on:
        c.fail("expires_on", "The expiry date must be after the completion date")
    c.done()
    if expires_on is None and course.renewal_months > 0:
        expires_on = add_months(completed_on, course.renewal_months)
    record = TrainingRecord(
        staff_id=staff_id,
        course_id=course_id,
        completed_on=completed_on,
        expires_on=expires_on,
        evidence=evidence.strip(),
    )
    session.add(record)
    session.flush()
    return record


@dataclass(frozen=True)
class Cell:
    status: str  # ok | due_soon | expired | missing | optional
    completed_on: date | None = None
    expires_on: date | None = None
    needed: bool = True  # mandatory for this person's role


@dataclass(frozen=True)
class MatrixRow:
    staff_id: int
    name: str
    role: str
    cells: dict[int, Cell] = field(default_factory=dict)


@dataclass(frozen=True)
class TrainingMatrix:
    as_of: date
    courses: list[TrainingCourse]
    rows: list[MatrixRow]

    def care_certificate(self, row: MatrixRow) -> tuple[int, int]:
        """(standards completed, standards in the certificate) for one person."""
        ids = [c.id for c in self.courses if c.name.startswith(CARE_CERTIFICATE_PREFIX)]
        done = sum(1 for i in ids if row.cells[i].status in ("ok", "due_soon"))
        return done, len(ids)

    def with_status(self, status: str) -> dict[str, list[str]]:
        """Course name -> names of staff who need the course and whose cell has this status."""
        out: dict[str, list[str]] = defaultdict(list)
        for course in self.courses:
            for row in self.rows:
                cell = row.cells[course.id]
                if cell.status == status and cell.needed:
                    out[course.name].append(row.name)
        return dict(out)


@needs(Right.STAFF)
def staff_choices(session: Session, as_of: date) -> list[Choice]:
    """The staff employed on `as_of`, to choose whose file a check or course goes in."""
    return [Choice(s.id, s.display_name) for s in active_staff(session, as_of)]


@needs(Right.STAFF)
def course_choices(session: Session) -> list[Choice]:
    return [
        Choice(c.id, c.name)
        for c in session.scalars(select(TrainingCourse).order_by(TrainingCourse.name))
    ]


@needs(Right.STAFF)
def active_staff(session: Session, as_of: date) -> list[Staff]:
    staff = session.scalars(
        select(Staff)
        .where(Staff.archived_at.is_(None))
        .order_by(Staff.last_name, Staff.first_name, Staff.id)
    )
    return [
        s
        for s in staff
        if (s.end_date is None or s.end_date >= as_of)
        and (s.start_date is None or s.start_date <= as_of)
    ]


@needs(Right.STAFF)
def training_matrix(session: Session, as_of: date | None = None) -> TrainingMatrix:
    """Every active member of staff against every course, in three queries."""
    as_of = as_of or clock.today()
    soon = rule("due_soon_days", session)
    courses = list(session.scalars(select(TrainingCourse).order_by(TrainingCourse.name)))
    people = active_staff(session, as_of)
    latest: dict[tuple[int, int], TrainingRecord] = {}
    for rec in session.scalars(
        select(TrainingRecord)
        .where(TrainingRecord.completed_on <= as_of)
        .order_by(TrainingRecord.completed_on, TrainingRecord.id)
    ):
        latest[(rec.staff_id, rec.course_id)] = rec
    rows = []
    for person in people:
        cells = {}
        for course in courses:
            found = latest.get((person.id, course.id))
            needed = course.mandatory and person.role not in NOT_CARE_ROLES
            if found is None:
                cells[course.id] = Cell("missing" if needed else "optional", needed=needed)
                continue
            rec = found
            if rec.expires_on is not None and rec.expires_on < as_of:
                status = "expired"
            elif rec.expires_on is not None and (rec.expires_on - as_of).days <= soon:
                status = "due_soon"
            else:
                status = "ok"
            cells[course.id] = Cell(status, rec.completed_on, rec.expires_on, needed)
        rows.append(MatrixRow(person.id, person.display_name, person.role, cells))
    return TrainingMatrix(as_of, courses, rows)
