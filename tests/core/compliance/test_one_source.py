"""One source for gaps (issue 16): the Compliance dashboard and the evidence pack give the same
findings, and the same red, amber or green, for every key question.

The bug: on Barbara's office the dashboard said Caring was "All in order" while the pack listed
three Caring gaps (statements with no evidence in the period). Both are built here on a real
office, then compared question by question, down to the PDF's summary table.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader

from microoffice.core import clock
from microoffice.core.compliance.dashboard import build_dashboard, format_dashboard
from microoffice.core.compliance.evidence import NO_EVIDENCE
from microoffice.core.compliance.findings import RAG_WORDS, twelve_months_to
from microoffice.core.compliance.statements import key_questions
from microoffice.core.db.database import Database, open_database
from microoffice.core.demo import build_demo
from microoffice.core.reports import evidence_pack
from tests.core.care_home import Home
from tests.core.compliance.test_dashboard import _plant

KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")


def _as_rows(items: object) -> list[tuple[str, str, str, str, date | None, str]]:
    """The findings as comparable rows, in one order (the pack lists them statement by
    statement, the dashboard most urgent first)."""
    rows = [
        (i.statement_id, i.rag, i.area, i.title, i.due_on, i.detail)
        for i in items  # type: ignore[attr-defined]
    ]
    return sorted(rows, key=repr)


def _compare(database: Database) -> dict[str, str]:
    """Build both, assert they agree per key question; the RAG per key question."""
    today = clock.today()
    with database.session(reading=True) as s:
        dashboard = build_dashboard(s)
        pack = evidence_pack.collect(s, *twelve_months_to(today))
    assert (dashboard.as_of, pack.as_of) == (today, today)
    sections = {kq.id: kq for kq in pack.sections}
    rags = {}
    for kq in key_questions():
        group = dashboard.group(kq.id)
        assert _as_rows(group.items) == _as_rows(sections[kq.id].findings), kq.id
        assert group.rag == sections[kq.id].rag, kq.id
        rags[kq.id] = group.rag
    # ...and what the pack prints: each key question's counts and words in the summary table
    buf = io.BytesIO()
    evidence_pack.render(pack, buf)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(buf).pages)
    for kq in key_questions():
        items = dashboard.group(kq.id).items
        red = sum(1 for i in items if i.rag == "red")
        row = rf"{re.escape(kq.name)} {len(sections[kq.id].statements)} \d+ {red} "
        row += rf"{len(items) - red} {RAG_WORDS[rags[kq.id]]}"
        assert re.search(row, text), (kq.id, row)
    return rags


def test_a_planted_office_gives_one_answer_per_key_question(db: Database, home: Home) -> None:
    _plant(db, home)
    rags = _compare(db)
    assert rags == {
        "safe": "red",
        "effective": "red",
        "caring": "red",  # Sam's supervision is overdue (C5)
        "responsive": "red",
        "well_led": "amber",
    }
    with db.session(reading=True) as s:
        caring = build_dashboard(s).group("caring").items
    # statements with nothing recorded in the twelve months are there, as things to look at
    assert ("C2", "amber", "Evidence", NO_EVIDENCE) in [
        (i.statement_id, i.rag, i.area, i.title) for i in caring
    ]


def test_barbaras_office_caring_is_no_longer_all_in_order(tmp_path: Path) -> None:
    """The office from the issue (the small demo): Caring had three gaps in the pack only."""
    path = tmp_path / "barbara.sqlite"
    clock.freeze(datetime(2026, 12, 7, 9, 30))
    build_demo(str(path))
    database = open_database(str(path))
    try:
        rags = _compare(database)
        with database.session(reading=True) as s:
            dashboard = build_dashboard(s)
            caring = dashboard.group("caring")
            text = format_dashboard(dashboard)
    finally:
        database.close()
    assert rags["caring"] == "amber"
    assert [(i.statement_id, i.title) for i in caring.items] == [
        ("C2", NO_EVIDENCE),
        ("C3", NO_EVIDENCE),
        ("C5", NO_EVIDENCE),
    ]
    assert "CARING  [AMBER]  3 item(s)" in text
    assert "AMBER C2  Evidence: No evidence recorded for this statement in the period" in text


def test_an_office_with_nobody_to_care_for_is_all_in_order_in_both(db: Database) -> None:
    assert set(_compare(db).values()) == {"green"}
