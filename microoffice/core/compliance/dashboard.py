"""Everything to fix or look at across the business, grouped by the CQC's five key questions.

Red: overdue, expired or missing now. Amber: falls due within the due-soon window (30 days by
default), or a quality statement with no evidence in the last twelve months. A key question with
nothing is green. The items are compliance/findings.py's, the same the evidence pack lists, so
the dashboard and the pack give one answer per key question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance.checks import DueItem, rag_of
from microoffice.core.compliance.findings import RAG_WORDS, dashboard_findings
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
        return rag_of(self.items)


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
    found = dashboard_findings(session, as_of or clock.today())
    groups = [Group(kq, list(found.for_question(kq.id))) for kq in key_questions()]
    return Dashboard(found.as_of, groups)


def format_dashboard(dashboard: Dashboard) -> str:
    """The dashboard as plain text (microoffice due)."""
    lines = [f"Compliance dashboard at {format_date(dashboard.as_of)}"]
    for group in dashboard.groups:
        kq = group.key_question
        lines.append("")
        lines.append(f"{kq.name.upper()}  [{group.rag.upper()}]  {len(group.items)} item(s)")
        if not group.items:
            lines.append(f"  {RAG_WORDS['green']}")
        for item in group.items:
            when = f"  due {format_date(item.due_on)}" if item.due_on else ""
            lines.append(
                f"  {item.rag.upper():5} {item.statement_id:3} {item.area}: {item.title}{when}"
            )
            if item.detail:
                lines.append(f"        {item.detail}")
    return "\n".join(lines)
