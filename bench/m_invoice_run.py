"""A month's invoice run with PDFs for the large demo, against raw reportlab (issue 4, point 5).

The run is timed end to end in one transaction, as `invoices run --issue` does it: read visits,
price them, write invoices and lines, take numbers, render each PDF and store it. The floor is
raw reportlab drawing the same lines in as many documents, in the same process: for each issued
invoice, one plain platypus document holding a table of that invoice's real lines (the cells the
invoice prints: date, day, times, minutes, staff, rate, what, amount; read back after the run,
outside the timing), same page size and same embedded font, no database and no app code. The
floor's pages are whatever those rows fill; both page counts are printed. (Until issue 14 the
floor drew 40 rows on every page the app printed, 4,760 rows for 1,404 real lines, which
flattered the ratio.)
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
from typing import Any

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


Lines = list[list[str]]


def run_once(base: Path, work: Path) -> tuple[float, list[Lines], list[int]]:
    """(seconds, the printed cells of each invoice's lines, pages per invoice) for one full run
    on a fresh copy."""
    from microoffice.core import clock
    from microoffice.core.billing import issue
    from microoffice.core.billing.document import collect, stored_pdf
    from microoffice.core.db.database import open_database

    shutil.copyfile(base, work)
    clock.freeze(datetime(2026, 11, 22, 9, 0))
    db = open_database(str(work))
    try:
        started = time.perf_counter()
        with db.session(actor="bench") as s:
            result = issue.issue_run(s, *MONTH)
        elapsed = time.perf_counter() - started
        with db.session(reading=True) as s:
            lines = [_cells(collect(s, i.invoice_id).rows) for i in result.issued]
            pages = [len(PAGE.findall(stored_pdf(s, i.invoice_id))) for i in result.issued]
    finally:
        db.close()
        clock.freeze(None)
    return elapsed, lines, pages


def _cells(rows: Any) -> Lines:
    """Each line as the text an invoice prints for it (reports/invoice.py's visit table)."""
    return [
        [
            f"{r.day:%d/%m/%Y}" if r.day else "",
            r.weekday,
            r.planned,
            r.actual,
            str(r.minutes),
            str(r.staff),
            r.rate,
            r.enhancement or r.description,
            f"£{r.amount_pence // 100:,}.{r.amount_pence % 100:02d}",
        ]
        for r in rows
    ]


HEADER = ["Date", "Day", "Planned", "Actual", "Mins", "Staff", "Rate", "Enhancement", "Amount"]


def raw_reportlab(invoices: list[Lines]) -> tuple[float, int]:
    """Seconds and pages for one plain platypus document per invoice, holding its real lines.

    Same page size and the same embedded Unicode font as the app (so both pay for subsetting
    the font); one plain table of the invoice's lines under a header row; no database, no app.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from microoffice.core.reports.styles import fonts

    regular, bold = fonts()
    title = ParagraphStyle("t", fontName=bold, fontSize=16)
    style = TableStyle([("FONT", (0, 0), (-1, -1), regular, 8.5)])
    started = time.perf_counter()
    made = 0
    for lines in invoices:
        buffer = BytesIO()
        table = Table([HEADER, *lines], repeatRows=1)
        table.setStyle(style)
        SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph("Invoice", title), table])
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
        raw, raw_pages = raw_reportlab(lines)
        ours.append(elapsed)
        floor.append(raw)
        ratios.append(elapsed / raw)
        detail = (
            f"{len(lines)} invoices, {sum(map(len, lines))} lines, {sum(pages)} pages "
            f"(raw: the same {len(lines)} documents, {raw_pages} pages); "
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
