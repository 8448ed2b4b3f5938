"""The CQC evidence pack for a period: key question -> quality statement, with an index, counts,
examples and the gaps flagged, ready to hand to an inspector or to work through beforehand.

Collection lives in core/compliance/evidence.py; this module only lays it out. The index shows page
numbers, so the document is laid out twice: the first pass records where each statement starts.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from microoffice.core.compliance.evidence import (
    Evidence,
    EvidencePackData,
    KeyQuestionSection,
    add_evidence,
)
from microoffice.core.compliance.evidence import collect as collect_evidence
from microoffice.core.db.chain import current_head
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date, format_when

RAG_COLOURS = {"red": "#b42318", "amber": "#b54708", "green": "#027a48"}
RAG_WORDS = {
    "red": "Gaps to fix",
    "amber": "Some statements lack evidence",
    "green": "Evidence for every statement",
}


@needs(Right.GOVERNANCE)
def collect(session: Session, start: date, end: date) -> EvidencePackData:
    data = collect_evidence(session, start, end)
    # Hook (issue 8): outcome trends under E5 and feedback under R4 come from core/growth.
    from microoffice.core.growth.evidence import add_outcome_evidence

    data = _add_visit_lengths(session, add_outcome_evidence(session, data))
    return replace(data, chain_head=current_head(session.connection()))


VISIT_LENGTHS = "E2"  # Delivering evidence-based care: NICE NG21 / QS123 (DOMAIN.md 6.3)


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


def _setup(data: EvidencePackData) -> Any:
    from microoffice.core.reports import styles

    return styles.PageSetup(
        title=f"CQC evidence pack {format_date(data.start)} to {format_date(data.end)}",
        business=data.business,
        printed_on=data.prepared_on,
        footer_note="Confidential: contains care and staff information",
    )


def _marker(key: str, pages: dict[str, int]) -> Any:
    from reportlab.platypus import Flowable

    class Mark(Flowable):  # type: ignore[misc]
        """Invisible: remembers the page it lands on, for the index."""

        def wrap(self, *_: Any) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            pages[key] = self.canv.getPageNumber()

    return Mark()


def _rag(rag: str) -> str:
    return f"<font color='{RAG_COLOURS[rag]}'><b>{RAG_WORDS[rag]}</b></font>"


def _front(data: EvidencePackData, pages: dict[str, int], width: float) -> list[Any]:
    from microoffice.core.reports import styles

    st = styles.stylesheet()
    out: list[Any] = [
        styles.para("CQC evidence pack", st.title),
        styles.para(
            f"{data.business or 'Your business'} · {data.start:%d %B %Y} to {data.end:%d %B %Y} · "
            f"gaps as at {data.as_of:%d %B %Y}",
            st.subtitle,
        ),
        styles.para(
            "Organised by the CQC's five key questions and 34 quality statements. For each "
            "statement: what the records show in the period (counts), a few examples, and the gaps "
            "to fix. Names are shortened; the full records are in microoffice.",
            st.body,
        ),
        styles.data_table(
            ["At a glance", "Number"],
            [[label, str(value)] for label, value in data.headline],
            [width * 0.6, width * 0.15],
            right=(1,),
        ),
        styles.para("Summary by key question", st.heading),
    ]
    rows = []
    for kq in data.sections:
        gaps = sum(len(s.gaps) for s in kq.statements)
        evidence = sum(s.total for s in kq.statements)
        rows.append(
            [
                styles.rich(f"<b>{styles.esc(kq.name)}</b>", st.cell),
                str(len(kq.statements)),
                str(evidence),
                str(gaps),
                styles.rich(_rag(kq.rag), st.cell),
            ]
        )
    out.append(
        styles.data_table(
            ["Key question", "Statements", "Records", "Gaps", "Status"],
            rows,
            [width * f for f in (0.22, 0.15, 0.13, 0.1, 0.4)],
            right=(1, 2, 3),
        )
    )
    out += _chain_head(data)
    out.append(styles.para("Index", st.heading))
    index = []
    for kq in data.sections:
        index.append(
            [
                styles.rich(f"<b>{styles.esc(kq.name)}</b>", st.cell),
                "",
                "",
                str(pages.get(kq.id, "")),
            ]
        )
        for s in kq.statements:
            mark = "<font color='#b42318'>gaps</font>" if s.gaps else ""
            index.append(
                [
                    f"   {s.id}  {s.name}",
                    str(s.total),
                    styles.rich(mark, st.cell),
                    str(pages.get(s.id, "")),
                ]
            )
    out.append(
        styles.data_table(
            ["Section", "Records", "", "Page"],
            index,
            [width * f for f in (0.66, 0.12, 0.1, 0.12)],
            right=(1, 3),
        )
    )
    return out


def _chain_head(data: EvidencePackData) -> list[Any]:
    """The audit log's head as the pack was prepared: kept on paper, it anchors the history up
    to this entry (`microoffice check --printed ENTRY:FINGERPRINT` compares it later)."""
    from microoffice.core.reports import styles

    head = data.chain_head
    if head is None:
        return []
    st = styles.stylesheet()
    when = f", written {format_when(head.at)}," if head.at else ""
    return [
        styles.para("Audit trail", st.heading),
        styles.para(
            f"When this pack was prepared the audit log's last entry was number {head.entry:,}"
            f"{when} with this fingerprint:",
            st.body,
        ),
        styles.rich(f"<font face='Courier' size='10'>{head.grouped}</font>", st.body),
        styles.rich(
            "Keep this page. The fingerprint covers every entry up to this one, so later "
            f"<font face='Courier'>microoffice check --printed {head.entry}:{head.hash[:16]}"
            "</font> shows whether the records up to here are still as they were.",
            st.small,
        ),
    ]


def _gap_list(data: EvidencePackData, width: float) -> list[Any]:
    from reportlab.platypus import PageBreak

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    out: list[Any] = [PageBreak(), styles.para("Gaps to fix before an inspection", st.title)]
    if not data.gaps:
        out.append(styles.para("No gaps found.", st.body))
        return out
    names = {s.id: s.name for kq in data.sections for s in kq.statements}
    rows = [[sid, names[sid], gap] for sid, gap in data.gaps]
    out.append(
        styles.data_table(
            ["", "Quality statement", "Gap"], rows, [width * f for f in (0.06, 0.34, 0.6)]
        )
    )
    return out


def _key_question(kq: KeyQuestionSection, pages: dict[str, int], width: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, PageBreak

    from microoffice.core.reports import styles

    st = styles.stylesheet()
    out: list[Any] = [
        PageBreak(),
        _marker(kq.id, pages),
        styles.para(kq.name, st.title),
        styles.rich(_rag(kq.rag), st.subtitle),
    ]
    for s in kq.statements:
        block: list[Any] = [
            _marker(s.id, pages),
            styles.para(f"{s.id}  {s.name}", st.heading),
            styles.para(s.summary, st.small),
        ]
        if s.evidence:
            block.append(
                styles.data_table(
                    ["Evidence in the period", "Count", "Notes"],
                    [[e.label, str(e.count), e.note] for e in s.evidence],
                    [width * f for f in (0.5, 0.1, 0.4)],
                    right=(1,),
                )
            )
        for example in s.examples:
            block.append(styles.rich(f"• <i>{styles.esc(example)}</i>", st.small))
        for gap in s.gaps:
            block.append(
                styles.rich(f"<font color='#b42318'><b>Gap:</b> {styles.esc(gap)}</font>", st.body)
            )
        out.append(KeepTogether(block))
    return out


def story(data: EvidencePackData, pages: dict[str, int] | None = None) -> list[Any]:
    from microoffice.core.reports import styles

    pages = {} if pages is None else pages
    width = styles.frame_width(_setup(data))
    out = _front(data, pages, width)
    out += _gap_list(data, width)
    for kq in data.sections:
        out += _key_question(kq, pages, width)
    return out


def render(data: EvidencePackData, out: BinaryIO) -> None:
    """Lay out twice: the first pass finds each section's page for the index."""
    from microoffice.core.reports import styles

    first: dict[str, int] = {}
    styles.render(io.BytesIO(), story(data, first), _setup(data))
    pages = dict(first)
    styles.render(out, story(data, pages), _setup(data))
