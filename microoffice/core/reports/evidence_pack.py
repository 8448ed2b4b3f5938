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

from microoffice.core.compliance.evidence import EvidencePackData, KeyQuestionSection
from microoffice.core.compliance.findings import RAG_WORDS
from microoffice.core.db.chain import current_head
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date, format_when

RAG_COLOURS = {"red": "#b42318", "amber": "#b54708", "green": "#027a48"}


@needs(Right.GOVERNANCE)
def collect(session: Session, start: date, end: date) -> EvidencePackData:
    """The pack's data: evidence and the findings the dashboard shows (compliance/findings.py),
    with the audit log's head as it stood."""
    from microoffice.core.compliance.findings import pack_data

    data = pack_data(session, start, end)
    return replace(data, chain_head=current_head(session.connection()))


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
            f"findings as at {data.as_of:%d %B %Y}",
            st.subtitle,
        ),
        styles.para(
            "Organised by the CQC's five key questions and 34 quality statements. For each "
            "statement: what the records show in the period (counts), a few examples, what to "
            "fix and what to look at (the same findings as microoffice's Compliance page). Names "
            "are shortened; the full records are in microoffice.",
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
        red = sum(1 for i in kq.findings if i.rag == "red")
        evidence = sum(s.total for s in kq.statements)
        rows.append(
            [
                styles.rich(f"<b>{styles.esc(kq.name)}</b>", st.cell),
                str(len(kq.statements)),
                str(evidence),
                str(red),
                str(len(kq.findings) - red),
                styles.rich(_rag(kq.rag), st.cell),
            ]
        )
    out.append(
        styles.data_table(
            ["Key question", "Statements", "Records", "To fix", "To look at", "Status"],
            rows,
            [width * f for f in (0.2, 0.14, 0.12, 0.1, 0.13, 0.31)],
            right=(1, 2, 3, 4),
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
            if s.gaps:
                mark = f"<font color='{RAG_COLOURS['red']}'>to fix</font>"
            elif s.to_look_at:
                mark = f"<font color='{RAG_COLOURS['amber']}'>to look at</font>"
            else:
                mark = ""
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
            [width * f for f in (0.6, 0.12, 0.16, 0.12)],
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
    names = {s.id: s.name for kq in data.sections for s in kq.statements}
    for title, listed, none in (
        ("To fix: overdue or missing", data.gaps, "Nothing is overdue or missing."),
        (
            "To look at: due soon, or no evidence in the period",
            data.to_look_at,
            "Nothing is due soon, and every statement has evidence.",
        ),
    ):
        out.append(styles.para(title, st.heading))
        if not listed:
            out.append(styles.para(none, st.body))
            continue
        rows = [[sid, names[sid], gap] for sid, gap in listed]
        out.append(
            styles.data_table(
                ["", "Quality statement", "Finding"], rows, [width * f for f in (0.06, 0.34, 0.6)]
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
        for word, colour, lines in (
            ("To fix", RAG_COLOURS["red"], s.gaps),
            ("To look at", RAG_COLOURS["amber"], s.to_look_at),
        ):
            for line in lines:
                block.append(
                    styles.rich(
                        f"<font color='{colour}'><b>{word}:</b> {styles.esc(line)}</font>", st.body
                    )
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
