"""One answer to "what needs doing?" per CQC key question, for the dashboard and the evidence pack.

Issue 16 found the dashboard saying Caring was "All in order" while the pack listed three Caring
gaps: the two were worked out separately (the pack added statements with no evidence in its
period and blank MAR doses, and dropped what was only due soon). Now both ask `findings` and show
what it returns:

- everything overdue or missing now (red) or due soon (amber), from the checks (checks.py);
- the period's scheduled doses with no MAR outcome (red: a blank MAR is an audit failure);
- each quality statement with no evidence recorded in the period (amber: worth gathering), once
  the business supports anyone (an office with no clients has nothing to evidence yet).

The dashboard's period is the twelve months up to today, which is what the Compliance page's
evidence pack covers, so the two say the same thing question by question.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import statements as qs
from microoffice.core.compliance.checks import DueItem, active_clients, all_items, rag_of
from microoffice.core.compliance.evidence import (
    GAPS_HEADLINE,
    NO_EVIDENCE,
    Evidence,
    EvidencePackData,
    add_evidence,
    gather,
)
from microoffice.core.compliance.gaps import phrases
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.mar_slots import dose_slots
from microoffice.core.vocabulary import format_date

EVIDENCE_AREA = "Evidence"
RAG_WORDS = {"red": "Something to fix", "amber": "Something to look at", "green": "All in order"}
VISIT_LENGTHS = "E2"  # Delivering evidence-based care: NICE NG21 / QS123 (DOMAIN.md 6.3)


def urgency(item: DueItem) -> str:
    """How a finding reads in a list: to fix now, due soon (with a date), or to look at."""
    if item.rag == "red":
        return "To fix"
    return "Due soon" if item.due_on is not None else "To look at"


def twelve_months_to(as_of: date) -> tuple[date, date]:
    """The period the dashboard looks for evidence in, as the Compliance page's pack covers."""
    try:
        start = as_of.replace(year=as_of.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        start = as_of.replace(year=as_of.year - 1, day=28) + timedelta(days=1)
    return start, as_of


@dataclass(frozen=True)
class Findings:
    as_of: date
    start: date
    end: date
    items: tuple[DueItem, ...]  # red first, then by due date, area and title

    def for_question(self, key_question: str) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.key_question == key_question)

    def for_statement(self, statement_id: str) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.statement_id == statement_id)

    def rag(self, key_question: str) -> str:
        return rag_of(self.for_question(key_question))


@needs(Right.GOVERNANCE)
def evidence_for(
    session: Session, start: date, end: date, *, whole: bool = True
) -> EvidencePackData:
    """Every kind of evidence the pack shows for the period, before any finding is added: the
    records (evidence.gather), outcome trends and feedback (growth), and visit lengths.

    Visit lengths expand a year of everyone's visits, the slow part. Findings only ask whether
    a statement has any evidence, so the dashboard (`whole=False`) works them out only when
    nothing else evidences their statement; which statements have evidence, and so the findings,
    come out the same either way.
    """
    from microoffice.core.growth.evidence import add_outcome_evidence

    data = add_outcome_evidence(session, gather(session, start, end))
    if not whole and any(
        st.evidence for kq in data.sections for st in kq.statements if st.id == VISIT_LENGTHS
    ):
        return data
    return _add_visit_lengths(session, data)


def _add_visit_lengths(session: Session, data: EvidencePackData) -> EvidencePackData:
    """One line under E2: the two NICE QS123 visit-length figures for the period."""
    from microoffice.core.scheduling.visit_lengths import visit_length_report

    report = visit_length_report(session, data.start, data.end)
    if not report.total:
        return data
    line = Evidence(
        "Visits planned or done, by length (NICE QS123)", report.total, report.summary()
    )
    return add_evidence(data, {VISIT_LENGTHS: ([line], [])})


def _blank_doses(session: Session, as_of: date, start: date) -> list[DueItem]:
    until = min(clock.now(), clock.to_utc(as_of, time(23, 59)))
    blanks = sum(1 for s in dose_slots(session, start, as_of, until=until) if s.entry_id is None)
    if not blanks:
        return []
    return [
        DueItem(
            "S8",
            "red",
            "Medicines",
            f"{blanks} scheduled dose{'s' if blanks != 1 else ''} with no MAR outcome in the "
            "period",
            detail=f"{format_date(start)} to {format_date(as_of)}",
        )
    ]


def _no_evidence(
    session: Session, data: EvidencePackData, as_of: date, start: date, end: date
) -> list[DueItem]:
    if not active_clients(session, as_of):
        return []
    with_evidence = {st.id for kq in data.sections for st in kq.statements if st.evidence}
    return [
        DueItem(
            st.id,
            "amber",
            EVIDENCE_AREA,
            NO_EVIDENCE,
            detail=f"{format_date(start)} to {format_date(end)}",
        )
        for st in qs.statements()
        if st.id not in with_evidence
    ]


@needs(Right.GOVERNANCE)
def findings(
    session: Session,
    as_of: date,
    start: date,
    end: date,
    data: EvidencePackData | None = None,
) -> Findings:
    """What needs doing, as at `as_of`, with evidence looked for between `start` and `end`."""
    data = data if data is not None else evidence_for(session, start, end, whole=False)
    found = [
        *all_items(session, as_of),
        *_blank_doses(session, as_of, start),
        *_no_evidence(session, data, as_of, start, end),
    ]
    far = date.max
    found.sort(key=lambda i: (i.rag != "red", i.due_on or far, i.area, i.title))
    return Findings(as_of, start, end, tuple(found))


@needs(Right.GOVERNANCE)
def pack_data(session: Session, start: date, end: date) -> EvidencePackData:
    """The evidence pack's data: the period's evidence with the findings as at its end (or
    today, if the period has not ended) attached; what reports/evidence_pack.py lays out."""
    data = evidence_for(session, start, end)
    return attach(data, findings(session, min(end, clock.today()), start, end, data))


@needs(Right.GOVERNANCE)
def dashboard_findings(session: Session, as_of: date | None = None) -> Findings:
    day = as_of or clock.today()
    return findings(session, day, *twelve_months_to(day))


def attach(data: EvidencePackData, found: Findings) -> EvidencePackData:
    """The pack with each statement's findings, and their counted phrases (gaps.py): what is
    overdue or missing as gaps, what is due soon or lacks evidence as to look at."""
    sections = []
    for kq in data.sections:
        statements = []
        for st in kq.statements:
            items = found.for_statement(st.id)
            statements.append(
                replace(
                    st,
                    gaps=tuple(phrases(i for i in items if i.rag == "red")),
                    to_look_at=tuple(phrases(i for i in items if i.rag != "red")),
                    findings=items,
                )
            )
        sections.append(replace(kq, statements=tuple(statements)))
    count = sum(1 for kq in sections for st in kq.statements if st.gaps or st.to_look_at)
    headline = tuple(
        (label, count if label == GAPS_HEADLINE else value) for label, value in data.headline
    )
    return replace(data, sections=tuple(sections), headline=headline, as_of=found.as_of)
