"""The Costs tab prices a year of visits for its chart, which takes seconds in a busy business:
the tab must answer meanwhile, say it is working, and show only the newest figures."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from microoffice.ui.growth import costs as growth_costs
from tests.ui.conftest import OpenWindow
from tests.ui.test_growth import _grow, _priced, click, type_into


class SlowMonths:
    """recent_months as a busy year feels: the first call 2 s, later ones 0.3 s (so an earlier,
    stale request finishes after a newer one), off the UI thread; it keeps what each returned."""

    def __init__(self) -> None:
        self.original = growth_costs.recent_months
        self.threads: list[str] = []
        self.results: list[tuple[int, list[object]]] = []  # (hourly pay asked for, months)

    def __call__(self, session, inputs, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.threads.append(threading.current_thread().name)
        time.sleep(2.0 if not self.threads[1:] else 0.3)
        months = self.original(session, inputs, *args, **kwargs)
        self.results.append((inputs.hourly_pay_pence, months))
        return months


@pytest.fixture
def slow_months(monkeypatch: pytest.MonkeyPatch) -> SlowMonths:
    slow = SlowMonths()
    monkeypatch.setattr(growth_costs, "recent_months", slow)
    return slow


def test_the_tab_answers_while_the_year_is_worked_out(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path, slow_months: SlowMonths
) -> None:
    _priced(db_path)
    page = _grow(open_window)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(50)
    started = time.perf_counter()
    tab = page.show_tab("costs")
    # the page is back, with its headline, while the year is still being worked out (the
    # months take 2 s in the worker): no stopwatch needed to see it did not wait for them
    assert "An hour of care costs you £20.75" in tab.headline.text()
    assert tab.chart.waiting and tab.chart.months == []
    assert slow_months.results == []
    qtbot.waitUntil(lambda: len(tab.chart.months) == 12, timeout=10_000)
    timer.stop()
    assert not tab.chart.waiting
    assert slow_months.threads and threading.main_thread().name not in slow_months.threads
    # the window's events kept running while the worker slept its 2 s (a blocked loop ticks
    # at most once); a loaded machine may run fewer than the 40 a quiet one does
    assert len([t for t in ticks if t > started]) >= 5


def test_only_the_newest_figures_are_shown(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path, slow_months: SlowMonths
) -> None:
    _priced(db_path)
    page = _grow(open_window)
    tab = page.show_tab("costs")
    first = tab.months_task
    type_into(qtbot, tab.form.field("hourly_pay_pence"), "11.00")
    click(qtbot, tab.work_button)  # while the first year is still being worked out
    newest = tab.months_task
    assert newest is not first and tab.chart.waiting
    qtbot.waitUntil(lambda: len(slow_months.results) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: first is not None and not first.running, timeout=5_000)
    pays = [pay for pay, _months in slow_months.results]
    assert pays == [1100, 1271]  # the newer, quicker one finished first
    newest_months = next(months for pay, months in slow_months.results if pay == 1100)
    assert tab.chart.months == newest_months and tab.chart.months[0] is newest_months[0]
    assert "An hour of care costs you £18.23" in tab.headline.text()
