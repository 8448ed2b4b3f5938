"""Outcomes: the goals agreed with each person and the feedback checks that score them over time.

A feedback check is an append-only Record: what someone told us on a day stays as they said it; a
mistake is corrected by a newer check that supersedes it. Each check keeps a copy of the questions
it asked, so editing the survey template later never changes what an old answer meant.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity, Record
from microoffice.core.models import clients, records  # noqa: F401  (tables its foreign keys name)


class OutcomeGoal(Entity, Base):
    """Something the person wants to achieve, agreed in their care plan, and how we will know."""

    __tablename__ = "outcome_goal"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    care_plan_id: Mapped[int | None] = mapped_column(ForeignKey("care_plan.id"), nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    measure: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active|achieved|stopped
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class SurveyTemplate(Entity, Base):
    """The questions of a feedback check, editable by the business (our own wording)."""

    __tablename__ = "survey_template"

    name: Mapped[str] = mapped_column(String(120))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)


class FeedbackCheck(Record, Base):
    """One periodic check with one person: a score per question, goal progress and comments."""

    __tablename__ = "feedback_check"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("survey_template.id"), nullable=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    answers: Mapped[dict[str, int]] = mapped_column(default=dict)
    goal_progress: Mapped[dict[str, int]] = mapped_column(default=dict)
    answered_by: Mapped[str] = mapped_column(String(20), default="person")
    comments: Mapped[str] = mapped_column(Text, default="")
    share_consent: Mapped[bool] = mapped_column(default=False)
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_check.id"), nullable=True
    )
    author: Mapped[str] = mapped_column(String(100), default="")
