"""Everything overdue or due soon across the business, grouped by the CQC's five key questions.

Red: overdue, expired or missing now. Amber: falls due within the due-soon window (30 days by
default). A key question with nothing due is green. Each item names the quality statement it
threatens, so the dashboard and the evidence pack speak the inspector's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance.checks import DueItem, all_items
from microoffice.core.compliance.statements import KeyQuestion, key_questions
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date

__all__ = ["Dashboard", "DueItem", "Group", "build_dashboard", "format_dashboard"]


@dataclass(frozen=True)
class Group:
    key_question: KeyQuestion
    items: list[DueItem] = field(default_factory=list)

    @property
    def rag(self) -> str:
        if any(i.rag == "red" for i in self.items):
            return "red"
        if self.items:
            return "amber"
        return "green"


@dataclass(frozen=True)
class Dashboard:
    as_of: date
    groups: list[Group]

    @property
    def items(self) -> list[DueItem]:
        return [i for g in self.groups for i in g.items]

    def group(self, key_question: str) -> Group:
        return next(g for g in self.groups if g.key_question.id == key_question)


@needs(Right.GOVERNANCE)
def build_dashboard(session: Session, as_of: date | None = None) -> Dashboard:
    as_of = as_of or clock.today()
    by_kq: dict[str, list[DueItem]] = {k.id: [] for k in key_questions()}
    for item in all_items(session, as_of):
        by_kq[item.key_question].append(item)
    far = date.max
    groups = [
        Group(
            kq,
            sorted(
                by_kq[kq.id],
                key=lambda i: (i.rag != "red", i.due_on or far, i.area, i.title),
            ),
        )
        for kq in key_questions()
    ]
    return Dashboard(as_of, groups)


def format_dashboard(dashboard: Dashboard) -> str:
    """The dashboard as plain text (microoffice due)."""
    lines = [f"Compliance dashboard at {format_date(dashboard.as_of)}"]
    for group in dashboard.groups:
        kq = group.key_question
        lines.append("")
        lines.append(f"{kq.name.upper()}  [{group.rag.upper()}]  {len(group.items)} item(s)")
        if not group.items:
            lines.append("  nothing overdue or due soon")
        for item in group.items:
            when = f"  due {format_date(item.due_on)}" if item.due_on else ""
            lines.append(
                f"  {item.rag.upper():5} {item.statement_id:3} {item.area}: {item.title}{when}"
            )
            if item.detail:
                lines.append(f"        {item.detail}")
    return "\n".join(lines)
