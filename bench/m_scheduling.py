"""Visits (issue 3, point 5): expanding a year of every plan, and opening the week view.

Expansion is compared with plain dateutil over the same rules in the same process: each plan's
RRULE parsed with its start date and time as dtstart and expanded with `between` over the same
year, cut at the plan's end date. Runs alternate between the two so machine load hits both alike;
the figure is the median of the per-run ratios.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from bench.core import Context, Result, measurement, median

RATIO_TARGET, RATIO_AIM = 3.0, 1.5
WEEK_TARGET_MS, WEEK_AIM_MS = 100.0, 50.0
TIMEOUT_S = 10.0


def _frozen_today() -> date:
    from microoffice.core import clock

    return clock.today()


def expansion_ratios(path: Path, runs: int) -> tuple[list[float], list[float], list[float], int]:
    from dateutil.rrule import rrulestr
    from sqlalchemy import select

    from microoffice.core.db.database import open_database
    from microoffice.core.models.visits import VisitPlan
    from microoffice.core.scheduling.occurrences import occurrences

    start = _frozen_today()
    end = start + timedelta(days=364)
    lo = datetime.combine(start, clock_time.min)
    hi = datetime.combine(end + timedelta(days=1), clock_time.min)
    database = open_database(str(path), create=False)
    try:
        with database.session() as s:
            rules = s.execute(
                select(
                    VisitPlan.rrule, VisitPlan.start_date, VisitPlan.start_time, VisitPlan.end_date
                ).where(VisitPlan.archived_at.is_(None))
            ).all()

        def plain() -> int:
            count = 0
            for rule, first, at, last in rules:
                parsed = rrulestr(rule, dtstart=datetime.combine(first, at))
                top = hi if last is None else min(hi, datetime.combine(last, clock_time.max))
                if top > lo:
                    count += len(parsed.between(lo, top, inc=True))
            return count

        def ours() -> int:
            with database.session() as s:
                return len(occurrences(s, start, end))

        ours()  # warm-up: imports, statement caches
        plain()
        ratios, ours_ms, plain_ms = [], [], []
        count = 0
        for _ in range(runs):
            t0 = time.perf_counter()
            plain()
            a = time.perf_counter() - t0
            t0 = time.perf_counter()
            count = ours()
            b = time.perf_counter() - t0
            ratios.append(b / a)
            plain_ms.append(a * 1000)
            ours_ms.append(b * 1000)
        return ratios, ours_ms, plain_ms, count
    finally:
        database.close()


def open_week_ms(app: Any, ops: Any, day: date) -> tuple[float, int]:
    """Build the calendar page on the week of `day`, show it and wait for the canvas to paint."""
    from PySide6.QtCore import QEvent, QObject

    from microoffice.ui.scheduling.calendar import CalendarPage

    class PaintSpy(QObject):
        painted = False

        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    started = time.perf_counter()
    page = CalendarPage(ops)
    page.resize(1180, 700)
    if page.day != day:
        page.go_to(day)
    page.show()
    spy = PaintSpy()
    page.canvas.viewport().installEventFilter(spy)
    deadline = started + TIMEOUT_S
    while not spy.painted:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise RuntimeError("the week view never painted")
    elapsed = (time.perf_counter() - started) * 1000
    visits = len(page.visits)
    page.canvas.viewport().removeEventFilter(spy)
    page.close()
    page.deleteLater()
    app.processEvents()
    return elapsed, visits


@measurement("schedule_expansion", order=40)
def schedule_expansion(ctx: Context) -> list[Result]:
    """A year of every plan in the large demo, against plain dateutil over the same rules."""
    ratios, ours_ms, plain_ms, count = expansion_ratios(ctx.large_db(), ctx.runs)
    return [
        Result(
            f"expand one year of all plans ({count:,} visits) vs plain dateutil",
            median(ratios),
            "x",
            RATIO_TARGET,
            RATIO_AIM,
            f"ours {median(ours_ms):.0f} ms, dateutil {median(plain_ms):.0f} ms; "
            f"median of {ctx.runs} alternating runs",
            {"ratio": ratios, "ours ms": ours_ms, "dateutil ms": plain_ms},
        )
    ]


@measurement("week_view", order=41)
def week_view(ctx: Context) -> list[Result]:
    """Calendar page on this week of the large demo: build, load, show, first paint."""
    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.runner import Ops

    app = ctx.qt_app()
    database = open_database(str(ctx.large_db()), create=False)
    try:
        ops = Ops(database, Bus())
        day = _frozen_today()
        open_week_ms(app, ops, day)  # warm-up
        timings, visits = [], 0
        for _ in range(ctx.runs):
            elapsed, visits = open_week_ms(app, ops, day)
            timings.append(elapsed)
    finally:
        database.close()
    return [
        Result(
            f"week view opens ({visits} visits)",
            median(timings),
            "ms",
            WEEK_TARGET_MS,
            WEEK_AIM_MS,
            f"median of {ctx.runs}; the bank-holiday review line is read after this paint",
            {"open": timings},
        )
    ]
