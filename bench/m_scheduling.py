"""Visits (issue 3, point 5): expanding a year of every plan, and opening the week view.

Expansion is compared with plain dateutil over the same rules in the same process: each plan's
RRULE parsed with its start date and time as dtstart and expanded with `between` over the same
year, cut at the plan's end date. Runs alternate between the two so machine load hits both alike;
each figure is the median of the per-run ratios. Two figures, like with like:

- cold: before every run each side starts from nothing: the app's own caches are cleared (every
  functools cache in microoffice's modules: parsed rules, London-to-UTC conversions, zones; and
  the engine's compiled SQL), and dateutil parses every rule again;
- warm: both keep what they made on the previous run: the app its caches, dateutil its parsed
  rule objects. dateutil's own result cache (`cache=True`) stays off: with it `between` hands
  back a stored list and the floor would time a lookup, not an expansion; the app stores no
  expansion results either (only parsed rules and date-to-UTC conversions).

(Until issue 14 only one figure was printed, with the app warm and dateutil re-parsing.)
"""

from __future__ import annotations

import sys
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


def clear_app_caches(database: Any) -> int:
    """Empty every functools cache in microoffice's loaded modules and the engine's compiled
    statements; returns how many caches were cleared (so a test can see it found them)."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("microoffice.") or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()
                cleared += 1
    database.engine.clear_compiled_cache()
    return cleared


Samples = dict[str, list[float]]


def expansion_ratios(path: Path, runs: int) -> tuple[Samples, Samples, int]:
    """Per-run (ratio, ours ms, dateutil ms) samples for the cold and the warm figure, and the
    number of visits a year holds."""
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

        def parse() -> list[tuple[Any, date | None]]:
            return [
                (rrulestr(rule, dtstart=datetime.combine(first, at)), last)
                for rule, first, at, last in rules
            ]

        def plain(parsed: list[tuple[Any, date | None]]) -> int:
            count = 0
            for rule, last in parsed:
                top = hi if last is None else min(hi, datetime.combine(last, clock_time.max))
                if top > lo:
                    count += len(rule.between(lo, top, inc=True))
            return count

        def ours() -> int:
            with database.session(reading=True) as s:
                return len(occurrences(s, start, end))

        ours()  # imports, first connection
        plain(parse())
        cold: Samples = {"ratio": [], "ours ms": [], "dateutil ms": []}
        warm: Samples = {"ratio": [], "ours ms": [], "dateutil ms": []}
        count = 0
        for _ in range(runs):
            t0 = time.perf_counter()
            plain(parse())
            a = time.perf_counter() - t0
            clear_app_caches(database)
            t0 = time.perf_counter()
            count = ours()
            b = time.perf_counter() - t0
            _add(cold, a, b)
        kept = parse()
        plain(kept)
        ours()
        for _ in range(runs):
            t0 = time.perf_counter()
            plain(kept)
            a = time.perf_counter() - t0
            t0 = time.perf_counter()
            ours()
            b = time.perf_counter() - t0
            _add(warm, a, b)
        return cold, warm, count
    finally:
        database.close()


def _add(samples: Samples, plain_s: float, ours_s: float) -> None:
    samples["ratio"].append(ours_s / plain_s)
    samples["dateutil ms"].append(plain_s * 1000)
    samples["ours ms"].append(ours_s * 1000)


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
    cold, warm, count = expansion_ratios(ctx.large_db(), ctx.runs)
    return [
        Result(
            f"expand one year of all plans ({count:,} visits) vs plain dateutil, {name}",
            median(samples["ratio"]),
            "x",
            RATIO_TARGET,
            RATIO_AIM,
            f"ours {median(samples['ours ms']):.0f} ms, dateutil "
            f"{median(samples['dateutil ms']):.0f} ms; {how}; median of {ctx.runs} alternating runs",
            samples,
        )
        for name, samples, how in (
            ("cold", cold, "caches cleared on both sides before each run"),
            ("warm", warm, "caches kept on both sides"),
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
