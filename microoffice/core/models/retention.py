"""Retention reviews: what was decided about records past their retention period, and holds.

A Disposal row is itself append-only: the record of a destruction must outlive what it destroyed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity, Record


class Disposal(Record, Base):
    """A retention decision: destroy, extend (review again later) or preserve, with who and why."""

    __tablename__ = "disposal"

    record_class: Mapped[str] = mapped_column(String(30))  # care_record | staff_file | ...
    subject: Mapped[str] = mapped_column(String(30))  # client | staff | invoice | complaint
    subject_id: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(10))  # destroy | extend | preserve
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    review_again_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    removed: Mapped[dict[str, Any]] = mapped_column(default=dict)  # table -> [ids]


class LegalHold(Entity, Base):
    """Stops destruction while a complaint, claim, inquest or inquiry may need the records."""

    __tablename__ = "legal_hold"

    subject: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    placed_on: Mapped[date] = mapped_column(Date)
    lifted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
