"""A month's invoice run with PDFs for the large demo, against raw reportlab (issue 4, point 5).

The run is timed end to end in one transaction, as `invoices run --issue` does it: read visits,
price them, write invoices and lines, take numbers, render each PDF and store it. The floor is
raw reportlab writing the same number of pages in the same process: for each issued invoice, a
plain platypus document with as many pages (full tables of visit-like rows, same font), no
database and no app code.
The large demo only writes daily notes for its last two weeks; a visit with no note is never
billed, so a note is added to every completed visit of the month first (on a copy).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from bench.core import Context, Result, measurement, median

MONTH = (date(2026, 10, 1), date(2026, 10, 31))
TARGET, AIM = 3.0, 1.5
PAGE = re.compile(rb"/Type /Page[^s]")


def _prepared(ctx: Context) -> Path:
    """A copy of the large demo with a daily note on every completed visit of the month."""
    path = ctx.out / "invoice_run_base.sqlite"
    source = ctx.large_db()
    if ctx._fresh(path) and path.stat().st_mtime >= source.stat().st_mtime:
        return path
    shutil.copyfile(source, path)
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "INSERT INTO daily_note (client_id, visit_id, staff_id, occurred_at, text, "
            "amend_reason, author, late_reason, created_at) "
            "SELECT v.client_id, v.id, NULL, v.planned_end, 'Care given as planned.', '', "
            "'bench', '', v.planned_end FROM visit v WHERE v.status = 'completed' "
            "AND v.planned_start >= '2026-09-30' AND v.planned_start < '2026-11-01' "
            "AND NOT EXISTS (SELECT 1 FROM daily_note d WHERE d.visit_id = v.id)"
        )
        conn.commit()
    finally:
        conn.close()
    return path


def run_once(base: Path, work: Path) -> tuple[float, list[int], list[int]]:
    """(seconds, lines per invoice, pages per invoice) for one full run on a fresh copy."""
    from microoffice.core import clock
    from microoffice.core.billing import issue
    from microoffice.core.billing.document import stored_pdf
    from microoffice.core.db.database import open_database
    from microoffice.core.models.billing import InvoiceLine

    shutil.copyfile(base, work)
    clock.freeze(datetime(2026, 11, 22, 9, 0))
    db = open_database(str(work))
    try:
        started = time.perf_counter()
        with db.session(actor="bench") as s:
            result = issue.issue_run(s, *MONTH)
        elapsed = time.perf_counter() - started
        with db.session() as s:
            lines = [
                s.query(InvoiceLine).filter(InvoiceLine.invoice_id == i.invoice_id).count()
                for i in result.issued
            ]
            pages = [len(PAGE.findall(stored_pdf(s, i.invoice_id))) for i in result.issued]
    finally:
        db.close()
        clock.freeze(None)
    return elapsed, lines, pages


ROWS_PER_PAGE = 40


def raw_reportlab(pages: list[int]) -> tuple[float, int]:
    """Seconds and pages for plain platypus documents with the same pages per document.

    Same page size and the same embedded Unicode font as the app (so both pay for subsetting
    the font); each page is a plain table of 40 rows of visit-like cells; no database, no app.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    from microoffice.core.reports.styles import fonts

    regular, bold = fonts()
    title = ParagraphStyle("t", fontName=bold, fontSize=16)
    row = ["01/10/2026", "Thu", "08:00-08:45", "08:02-08:47", "45", "1", "£25.50/h", "", "£19.13"]
    style = TableStyle([("FONT", (0, 0), (-1, -1), regular, 8.5)])
    started = time.perf_counter()
    made = 0
    for n in pages:
        buffer = BytesIO()
        story = [Paragraph("Invoice", title)]
        for page in range(n):
            table = Table([row] * ROWS_PER_PAGE)
            table.setStyle(style)
            story += [table] if page == 0 else [PageBreak(), table]
        SimpleDocTemplate(buffer, pagesize=A4).build(story)
        made += len(PAGE.findall(buffer.getvalue()))
    return time.perf_counter() - started, made


@measurement("invoice_run", order=60)
def measure(ctx: Context) -> list[Result]:
    """A month's invoice run for the large demo with PDFs, as a multiple of raw reportlab."""
    base = _prepared(ctx)
    work = ctx.out / "invoice_run.sqlite"
    runs = max(3, ctx.runs // 2)
    ours, floor, ratios = [], [], []
    detail = ""
    for _ in range(runs):
        elapsed, lines, pages = run_once(base, work)
        raw, raw_pages = raw_reportlab(pages)
        ours.append(elapsed)
        floor.append(raw)
        ratios.append(elapsed / raw)
        detail = (
            f"{len(lines)} invoices, {sum(lines)} lines, {sum(pages)} pages (raw: {raw_pages}); "
            f"run {median(ours):.2f} s vs raw reportlab {median(floor):.2f} s"
        )
    return [
        Result(
            "invoice run vs raw reportlab",
            median(ratios),
            "x",
            target=TARGET,
            aim=AIM,
            detail=detail,
            samples={"run_s": ours, "raw_s": floor},
        )
    ]
