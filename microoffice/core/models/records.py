"""Care and governance records. Most are append-only: a correction is a new row pointing back.

Tables derived from Record (no version, no updated_at) are never updated in place; the issue that
builds their screens adds database triggers that refuse UPDATE and DELETE as well.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity, Record
from microoffice.core.models import clients, staff, visits  # noqa: F401  (tables its foreign keys name)


class CarePlan(Record, Base):
    """A version of a client's care plan; a new version supersedes, it never overwrites."""

    __tablename__ = "care_plan"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    version_no: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("care_plan.id"), nullable=True)
    sections: Mapped[dict[str, Any]] = mapped_column(default=dict)
    agreed_by: Mapped[str] = mapped_column(String(200), default="")
    agreed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    review_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    author: Mapped[str] = mapped_column(String(100), default="")


class RiskAssessment(Record, Base):
    __tablename__ = "risk_assessment"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    rag: Mapped[str] = mapped_column(String(5), default="green")
    summary: Mapped[str] = mapped_column(Text, default="")
    controls: Mapped[str] = mapped_column(Text, default="")
    assessed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    review_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("risk_assessment.id"), nullable=True
    )
    author: Mapped[str] = mapped_column(String(100), default="")


class DailyNote(Record, Base):
    """What happened, written at or after a visit; created_at is when it was written."""

    __tablename__ = "daily_note"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("daily_note.id"), nullable=True)
    amend_reason: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="")  # who wrote it
    late_reason: Mapped[str] = mapped_column(Text, default="")
    # the carer who gave the care, when someone else wrote it up (a paper visit sheet typed in)
    on_behalf_of: Mapped[str] = mapped_column(String(100), default="", server_default="")


class Medicine(Entity, Base):
    __tablename__ = "medicine"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    strength: Mapped[str] = mapped_column(String(60), default="")
    dose: Mapped[str] = mapped_column(String(60), default="")
    route: Mapped[str] = mapped_column(String(40), default="oral")
    times: Mapped[list[str]] = mapped_column(default=list)
    prn: Mapped[bool] = mapped_column(default=False)
    prn_max_doses_24h: Mapped[int | None] = mapped_column(nullable=True)
    prn_min_interval_minutes: Mapped[int | None] = mapped_column(nullable=True)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    stop_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    prescriber: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    support_level: Mapped[str] = mapped_column(String(20), default="administer")
    time_critical: Mapped[bool] = mapped_column(default=False)


class MarEntry(Record, Base):
    """One administration (or non-administration) of one dose, with a NICE outcome code."""

    __tablename__ = "mar_entry"

    medicine_id: Mapped[int] = mapped_column(ForeignKey("medicine.id"), index=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    recorded_at: Mapped[datetime] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("mar_entry.id"), nullable=True)
    amend_reason: Mapped[str] = mapped_column(Text, default="")
    dose_given: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="")  # who wrote it
    on_behalf_of: Mapped[str] = mapped_column(
        String(100), default="", server_default=""
    )  # who gave it, if not them


class Incident(Entity, Base):
    """Incidents, accidents, safeguarding concerns, data breaches; closed ones are frozen."""

    __tablename__ = "incident"

    kind: Mapped[str] = mapped_column(String(40))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("client.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column()
    reported_at: Mapped[datetime] = mapped_column()
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(20), default="low")
    actions: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)


class NotificationSent(Record, Base):
    """A statutory notification or referral actually sent: what, to whom, when, by whom."""

    __tablename__ = "notification_sent"

    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(60))
    sent_at: Mapped[datetime] = mapped_column()
    sent_by: Mapped[str] = mapped_column(String(100), default="")
    reference: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Complaint(Entity, Base):
    __tablename__ = "complaint"

    client_id: Mapped[int | None] = mapped_column(ForeignKey("client.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="complaint")  # complaint | compliment
    received_on: Mapped[date] = mapped_column(Date)
    from_name: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text)
    acknowledged_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    response_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str] = mapped_column(Text, default="")
    consent_to_share: Mapped[bool] = mapped_column(default=False)


class Policy(Entity, Base):
    __tablename__ = "policy"

    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(100), default="")
    version_label: Mapped[str] = mapped_column(String(20), default="1.0")
    created_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    review_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)


class EvidenceLink(Entity, Base):
    """Tags any record to CQC quality statements (ids such as S3, W5) for the evidence pack."""

    __tablename__ = "evidence_link"

    artefact_type: Mapped[str] = mapped_column(String(40))
    artefact_id: Mapped[int] = mapped_column()
    statement_ids: Mapped[list[str]] = mapped_column(default=list)
    note: Mapped[str] = mapped_column(Text, default="")
