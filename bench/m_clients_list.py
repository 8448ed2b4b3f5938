"""Opening the clients list with 10,000 clients and scrolling to the end (issue 2, point 8).

Timed in this process: construct the page, reload (query + model), show, scrollToBottom, then
process events until the last row is on screen and the table has painted. The floor printed next
to it is the raw SQL select of the same rows, for context.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.core import Context, Result, measurement, median

CLIENTS = 10_000
TARGET_MS, AIM_MS = 100.0, 50.0
WINDOW = (1180, 700)
TIMEOUT_S = 10.0


def _raw_select_ms(path: Path) -> float:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        started = time.perf_counter()
        rows = conn.execute(
            "SELECT id, first_name, preferred_name, last_name, postcode, town, phone, nation, "
            "archived_at FROM client WHERE archived_at IS NULL "
            "ORDER BY last_name, first_name, id"
        ).fetchall()
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    assert len(rows) >= 1
    return elapsed * 1000


def open_and_scroll_ms(app: Any, ops: Any) -> tuple[float, int]:
    """One timed open + scroll; returns (milliseconds, rows in the model)."""
    from PySide6.QtCore import QEvent, QObject

    from microoffice.ui.clients.page import ClientsPage

    class PaintSpy(QObject):
        painted = False

        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    started = time.perf_counter()
    page = ClientsPage(ops)
    page.resize(*WINDOW)
    page.reload()
    page.show()
    spy = PaintSpy()
    page.table.viewport().installEventFilter(spy)
    page.table.scrollToBottom()
    last = page.model.rowCount() - 1
    deadline = started + TIMEOUT_S
    while True:
        app.processEvents()
        bottom = page.table.rowAt(page.table.viewport().height() - 2)
        if spy.painted and bottom == last:
            break
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the last row never came into view (bottom row {bottom})")
    elapsed = (time.perf_counter() - started) * 1000
    page.table.viewport().removeEventFilter(spy)
    page.close()
    page.deleteLater()
    app.processEvents()
    return elapsed, last + 1


def time_clients_list(ctx: Context, path: Path, runs: int) -> tuple[list[float], int]:
    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.runner import Ops

    app = ctx.qt_app()
    database = open_database(str(path), create=False)
    try:
        ops = Ops(database, Bus())
        open_and_scroll_ms(app, ops)  # warm-up: imports, first query plan, font caches
        timings, rows = [], 0
        for _ in range(runs):
            elapsed, rows = open_and_scroll_ms(app, ops)
            timings.append(elapsed)
        return timings, rows
    finally:
        database.close()


@measurement("clients_list", order=20)
def clients_list(ctx: Context) -> list[Result]:
    """Clients page with 10,000 clients: construct, load, show, scroll to the last row."""
    path = ctx.clients_db(CLIENTS)
    timings, rows = time_clients_list(ctx, path, ctx.runs)
    raw = [_raw_select_ms(path) for _ in range(ctx.runs)]
    value = median(timings)
    return [
        Result(
            f"clients list: open + scroll ({rows:,} rows)",
            value,
            "ms",
            TARGET_MS,
            AIM_MS,
            f"raw SQL select of the same rows {median(raw):.1f} ms "
            f"({value / median(raw):.0f}x); median of {ctx.runs}",
            {"page": timings, "raw select": raw},
        )
    ]
