"""The people who deliver care: identity, employment, availability, leave and their files."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity
from microoffice.core.vocabulary import display_name


class Staff(Entity, Base):
    __tablename__ = "staff"

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(30), default="care_worker")
    employment_type: Mapped[str] = mapped_column(String(30), default="employee")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    drives: Mapped[bool] = mapped_column(default=True)
    contracted_minutes_per_week: Mapped[int | None] = mapped_column(nullable=True)
    hourly_pay_pence: Mapped[int | None] = mapped_column(nullable=True)
    irregular_hours: Mapped[bool] = mapped_column(default=False)
    colour: Mapped[str] = mapped_column(String(9), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.preferred_name, self.last_name)


class StaffAvailability(Entity, Base):
    """A regular weekly window when the person can work (weekday 0 = Monday)."""

    __tablename__ = "staff_availability"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    weekday: Mapped[int] = mapped_column()
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)


class StaffLeave(Entity, Base):
    __tablename__ = "staff_leave"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="holiday")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class TrainingCourse(Entity, Base):
    """A course in the training matrix; renewal_months 0 means it never expires."""

    __tablename__ = "training_course"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    renewal_months: Mapped[int] = mapped_column(default=12)
    required_for_tasks: Mapped[list[str]] = mapped_column(default=list)
    mandatory: Mapped[bool] = mapped_column(default=True)


class TrainingRecord(Entity, Base):
    __tablename__ = "training_record"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id"))
    completed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")


class StaffCheck(Entity, Base):
    """One Schedule 3 item (photo ID, DBS, references, right to work...) for one person."""

    __tablename__ = "staff_check"
    __table_args__ = (UniqueConstraint("staff_id", "kind", "checked_on"),)

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(60), default="")
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    checked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    update_service: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class Supervision(Entity, Base):
    """Supervision, appraisal or spot check: planned (due_on) and, once done, held_on."""

    __tablename__ = "supervision"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="supervision")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
