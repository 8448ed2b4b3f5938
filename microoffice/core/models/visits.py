"""Visit plans (rules, expanded on demand), the visits that became real, and group sessions.

A plan stores an RFC 5545 RRULE over London wall-clock dates and its start and end as wall-clock
times (an end earlier than the start is the next morning); only visits that happened, were
confirmed or were edited become Visit rows, with aware instants (ARCHITECTURE.md, example 6).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity, Record
from microoffice.core.models import clients, staff  # noqa: F401  (tables its foreign keys name)

visit_plan_staff = Table(
    "visit_plan_staff",
    Base.metadata,
    Column("plan_id", ForeignKey("visit_plan.id"), primary_key=True),
    Column("staff_id", ForeignKey("staff.id"), primary_key=True),
)

visit_staff = Table(
    "visit_staff",
    Base.metadata,
    Column("visit_id", ForeignKey("visit.id"), primary_key=True),
    Column("staff_id", ForeignKey("staff.id"), primary_key=True),
)


class VisitPlan(Entity, Base):
    __tablename__ = "visit_plan"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    rrule: Mapped[str] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)  # not after start_time: ends the next day
    service_type: Mapped[str] = mapped_column(String(30), default="personal_care")
    tasks: Mapped[list[str]] = mapped_column(default=list)
    staff_required: Mapped[int] = mapped_column(default=1)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)


class PlanException(Entity, Base):
    """One occurrence skipped or moved; "this and following" splits the plan instead."""

    __tablename__ = "plan_exception"
    __table_args__ = (UniqueConstraint("plan_id", "occurrence_date"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("visit_plan.id"), index=True)
    occurrence_date: Mapped[date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(10), default="skip")  # skip | move
    new_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    new_start_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    new_duration_minutes: Mapped[int | None] = mapped_column(nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class ClientPause(Entity, Base):
    """Care suspended for a period (hospital, holiday); plans do not expand inside it."""

    __tablename__ = "client_pause"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(String(30), default="other")
    notes: Mapped[str] = mapped_column(Text, default="")


class Visit(Entity, Base):
    """A visit that is real: confirmed, recorded, edited, or a one-off."""

    __tablename__ = "visit"
    __table_args__ = (UniqueConstraint("plan_id", "occurrence_date"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("visit_plan.id"), nullable=True)
    occurrence_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    service_type: Mapped[str] = mapped_column(String(30), default="personal_care")
    planned_start: Mapped[datetime] = mapped_column(index=True)
    planned_end: Mapped[datetime] = mapped_column()
    actual_start: Mapped[datetime | None] = mapped_column(nullable=True)
    actual_end: Mapped[datetime | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    staff_required: Mapped[int] = mapped_column(default=1)
    tasks: Mapped[list[str]] = mapped_column(default=list)
    tasks_done: Mapped[list[str]] = mapped_column(default=list)
    mileage_tenths: Mapped[int] = mapped_column(default=0)
    cancellation_notice_at: Mapped[datetime | None] = mapped_column(nullable=True)
    cancellation_reason: Mapped[str] = mapped_column(Text, default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    group_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_session.id"), nullable=True
    )


class VisitChange(Record, Base):
    """One change to one visit, as it was made: moved, made longer or shorter, skipped, put back,
    cancelled, given other carers, or its plan changed from that visit on.

    Append-only, so a visit's history (where it was, who changed it, when and why) cannot be
    rewritten. A visit is named by its plan slot (plan, original date) or, for a one-off, by its
    visit id; the visit id is not a foreign key because a still-planned row is removed when its
    visit is skipped (the skip and this history are what remain).
    """

    __tablename__ = "visit_change"
    __table_args__ = (Index("ix_visit_change_slot", "plan_id", "occurrence_date"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("visit_plan.id"), nullable=True)
    occurrence_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    visit_id: Mapped[int | None] = mapped_column(nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_start: Mapped[datetime | None] = mapped_column(nullable=True)
    from_end: Mapped[datetime | None] = mapped_column(nullable=True)
    to_start: Mapped[datetime | None] = mapped_column(nullable=True)
    to_end: Mapped[datetime | None] = mapped_column(nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")  # what changed, when times do not say
    reason: Mapped[str] = mapped_column(Text, default="")  # why, as the person gave it
    actor: Mapped[str] = mapped_column(String(100), default="")


class DoNotSend(Entity, Base):
    __tablename__ = "do_not_send"
    __table_args__ = (UniqueConstraint("client_id", "staff_id"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    reason: Mapped[str] = mapped_column(Text, default="")


class TravelTime(Entity, Base):
    """Minutes between two clients' homes, set by hand (no online maps)."""

    __tablename__ = "travel_time"
    __table_args__ = (UniqueConstraint("from_client_id", "to_client_id"),)

    from_client_id: Mapped[int] = mapped_column(ForeignKey("client.id"))
    to_client_id: Mapped[int] = mapped_column(ForeignKey("client.id"))
    minutes: Mapped[int] = mapped_column()


class ActivityGroup(Entity, Base):
    __tablename__ = "activity_group"

    name: Mapped[str] = mapped_column(String(120))
    location: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int] = mapped_column(default=8)
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)


class GroupSession(Entity, Base):
    __tablename__ = "group_session"

    group_id: Mapped[int] = mapped_column(ForeignKey("activity_group.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    capacity: Mapped[int] = mapped_column(default=8)


class Attendance(Entity, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "client_id"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("group_session.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"))
    status: Mapped[str] = mapped_column(String(20), default="booked")  # booked|attended|absent
