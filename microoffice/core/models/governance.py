"""Governance records around the care records: consent and capacity, complaint and incident
entries, notification decisions, the registration wizard, renewals, surveys and audits.

Entries that inspectors read as a history (consent, complaint and incident entries, notification
decisions, scope answers, body-map marks) are append-only Records: a later entry corrects an earlier
one, nothing is rewritten. Lists that are kept up to date (renewals, audits and their actions,
readiness ticks) are Entities with optimistic locking.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity, Record
from microoffice.core.models import clients, records  # noqa: F401  (tables its foreign keys name)


class ConsentRecord(Record, Base):
    """Consent to a decision, a decision-specific capacity assessment, or a best-interests decision."""

    __tablename__ = "consent_record"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # consent | capacity | best_interests
    decision: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(30))
    given_by: Mapped[str] = mapped_column(String(200), default="")
    authority: Mapped[str] = mapped_column(String(200), default="")
    assessed_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_on: Mapped[date] = mapped_column(Date)
    review_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    details: Mapped[str] = mapped_column(Text, default="")
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("consent_record.id"), nullable=True
    )
    author: Mapped[str] = mapped_column(String(100), default="")


class BodyMapMark(Record, Base):
    """A mark on a front or back body outline (x, y in thousandths of the width and height)."""

    __tablename__ = "body_map_mark"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    daily_note_id: Mapped[int | None] = mapped_column(ForeignKey("daily_note.id"), nullable=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"), nullable=True)
    side: Mapped[str] = mapped_column(String(5))  # front | back
    x: Mapped[int] = mapped_column()
    y: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100), default="")


class IncidentNote(Record, Base):
    """An entry on an incident's file: update, investigation finding, or an addendum after closure."""

    __tablename__ = "incident_note"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="update")
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100), default="")


class NotificationDecision(Record, Base):
    """A person's decision that a suggested notification is, or is not, needed, and why."""

    __tablename__ = "notification_decision"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    required: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100), default="")


class ComplaintEntry(Record, Base):
    """One step on a complaint's Reg 16 timeline: acknowledged, investigated, responded, escalated."""

    __tablename__ = "complaint_entry"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    happened_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="")


class ScopeAssessment(Record, Base):
    """The registration-scope wizard's answers and conclusion, kept with the date they were given."""

    __tablename__ = "scope_assessment"

    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[str] = mapped_column(String(10))  # required | not_required | verify
    reason: Mapped[str] = mapped_column(Text)
    answered_by: Mapped[str] = mapped_column(String(100), default="")


class ReadinessItem(Entity, Base):
    """A registration-readiness item ticked by hand (business plan, viability statement...)."""

    __tablename__ = "readiness_item"

    key: Mapped[str] = mapped_column(String(40), unique=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")


class Renewal(Entity, Base):
    """Something the business must renew: ICO fee, insurance, DSPT, CQC fee."""

    __tablename__ = "renewal"

    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(100), default="")
    provider: Mapped[str] = mapped_column(String(200), default="")
    renewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)


class QualityReview(Entity, Base):
    """A feedback survey, audit, governance meeting or speak-up entry, tagged to quality statements."""

    __tablename__ = "quality_review"

    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    participants: Mapped[int | None] = mapped_column(nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    statement_ids: Mapped[list[str]] = mapped_column(default=list)
    author: Mapped[str] = mapped_column(String(100), default="")


class QualityAction(Entity, Base):
    """An action from an audit, survey or incident: who, by when, and when it was done."""

    __tablename__ = "quality_action"

    review_id: Mapped[int | None] = mapped_column(ForeignKey("quality_review.id"), nullable=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"), nullable=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(100), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str] = mapped_column(Text, default="")
