"""Every page, and every tab of it, opened on an empty office and on the large demo
(`microoffice demo --scale large`: a five-person team with five years of history).

Each table shows its rows, or says in words that it has none; the tables the demo fills show
that data, as frozen rows read by a core view; every table's model passes pytest-qt's model checks (qutebrowser's modeltester) with
what the page put in it; and nothing of this makes Qt warn (pytest-qt fails the test on any Qt
warning, pyproject.toml `qt_log_level_fail`), or raise in a slot.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QTableView, QTabWidget, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core import clock
from microoffice.core.db.database import Database, open_database
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.main_window import KEYS, MainWindow
from microoffice.ui.app.runner import Ops, running_tasks
from microoffice.ui.widgets.table_model import RowTableModel
from microoffice.ui.widgets.tables import EmptyState
from microoffice.ui.widgets.time_canvas import TimeCanvas
from tests.conftest import FROZEN_AT

ROOT = Path(__file__).resolve().parents[2]

# Tables the large demo fills (page, table's object or accessible name): each must show rows.
DEMO_DATA = {
    ("today", "todayVisits"),
    ("calendar", "visitCanvas"),  # the week on a time axis: blocks, not a table
    ("clients", "table"),
    ("staff", "table"),
    ("invoices", "draftTable"),  # once a month of visits is previewed
    ("records", "Recent visits"),
    ("records", "Daily notes"),
    ("compliance", "whatTable"),
    ("compliance", "trainingTable"),
    ("compliance", "staffTable"),
    ("compliance", "registrationTable"),
    ("growth", "capacitySlots"),
    ("growth", "costLines"),
    ("growth", "referencePoints"),
    ("growth", "rateComparison"),
}
# Tables that list something even in an office with nothing in it yet.
ALWAYS_FILLED = {
    ("compliance", "registrationTable"),  # the checklist to get ready for registration
    ("growth", "costLines"),  # the cost of an hour from the shipped reference figures
    ("growth", "referencePoints"),  # the published fee floors shipped with the program
}


@pytest.fixture(scope="session")
def large_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per session, the way a person builds it, on the tests' frozen day."""
    folder = tmp_path_factory.mktemp("large-demo")
    target = folder / "large.sqlite"
    env = dict(
        os.environ,
        MICROOFFICE_HOME=str(folder / "home"),
        MICROOFFICE_NOW=FROZEN_AT.isoformat(timespec="minutes"),
    )
    env.pop("MICROOFFICE_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "microoffice", "demo", "--scale", "large", "--db", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Demo database (large)" in done.stdout
    return target


@dataclass
class Office:
    kind: str  # "empty" or "large"
    window: MainWindow
    database: Database


@pytest.fixture(params=["empty", "large"])
def office(
    request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path, fresh_db_file: Path
) -> Iterator[Office]:
    kind: str = request.param
    path = fresh_db_file
    if kind == "large":
        path = tmp_path / "large.sqlite"
        shutil.copyfile(request.getfixturevalue("large_demo"), path)
    database = open_database(str(path))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.attach(Ops(database, Bus(window)))
    qtbot.waitUntil(lambda: window.data_shown_once)
    yield Office(kind, window, database)
    for task in running_tasks():
        task.cancel()
        task.wait()
    window.close()
    database.close()


def settle(qtbot: QtBot) -> None:
    """Let the page load (some tabs load when first shown, some read off the UI thread)."""
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)
    qtbot.wait(50)


def frozen_row(row: object) -> bool:
    params = getattr(type(row), "__dataclass_params__", None)
    return dataclasses.is_dataclass(row) and params is not None and bool(params.frozen)


def shown_tables(page: QWidget) -> list[QTableView]:
    return [t for t in page.findChildren(QTableView) if t.isVisible()]


def table_name(table: QTableView) -> str:
    return table.objectName() or table.accessibleName()


def every_tab(qtbot: QtBot, page: QWidget) -> Iterator[str]:
    """Show each tab of each tab widget on the page in turn (the page itself if it has none)."""
    tab_sets = [tabs for tabs in page.findChildren(QTabWidget) if tabs.isVisible()]
    if not tab_sets:
        settle(qtbot)
        yield "(the page)"
        return
    for tabs in tab_sets:
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle(qtbot)
            yield tabs.tabText(index)


def preview_last_month(qtbot: QtBot, page: Any) -> None:
    """The invoice run shows its data once a period is previewed (November, before the freeze)."""
    run = page.run_tab
    run.month.setCurrentIndex(max(0, run.month.findText("November 2026")))
    run.preview_button.click()
    settle(qtbot)


@pytest.mark.parametrize("key", KEYS)
def test_each_page_and_tab_shows_its_data_or_says_it_has_none(
    qtbot: QtBot, qtmodeltester: Any, office: Office, key: str
) -> None:
    page = office.window.show_page(key) or office.window.page(key)
    assert page is not None and page.isVisible()
    if key == "invoices" and office.kind == "large":
        preview_last_month(qtbot, page)
    filled: set[tuple[str, str]] = set()
    looked = 0
    for tab in every_tab(qtbot, page):
        for table in shown_tables(page):
            where = f"{key} / {tab} / {table_name(table)}"
            model = table.model()
            qtmodeltester.check(model)
            if isinstance(model, RowTableModel):  # rows straight from a core view
                assert all(frozen_row(r) for r in model.rows()), f"{where}: rows are not frozen"
            empty = table.viewport().findChild(EmptyState)
            assert empty is not None, f"{where}: says nothing when it has no rows"
            if model.rowCount():
                filled.add((key, table_name(table)))
                assert not empty.isVisible(), f"{where}: says it is empty but has rows"
            else:
                assert empty.isVisible() and empty.text(), f"{where}: blank, and says nothing"
            looked += 1
        for canvas in page.findChildren(TimeCanvas):
            if not canvas.isVisible():
                continue
            if canvas.blocks:
                filled.add((key, canvas.objectName()))
            else:
                assert canvas.empty_text, f"{key} / {tab}: the calendar is blank, and says nothing"
            looked += 1
        for browser in page.findChildren(QTextBrowser):
            if browser.isVisible() and browser.accessibleName() == "Care plan":
                assert browser.toPlainText().strip(), f"{key} / {tab}: the care plan view is blank"
    expected = DEMO_DATA if office.kind == "large" else ALWAYS_FILLED
    assert {(k, t) for k, t in expected if k == key} <= filled
    if office.kind == "empty":
        assert filled <= ALWAYS_FILLED, "an empty office lists nothing but the shipped lists"
    if key == "settings":
        legal_name = page.findChild(QLineEdit, "legal_name")
        assert legal_name is not None
        assert bool(legal_name.text()) == (office.kind == "large")
    else:
        assert looked, f"{key}: no table was looked at"


def test_the_demo_fixture_is_the_large_team(large_demo: Path) -> None:
    """What the page test relies on: five staff, years of visits, on the frozen day."""
    database = open_database(str(large_demo))
    try:
        with clock.frozen(FROZEN_AT), database.session() as s:
            from microoffice.core.services import clients, staff

            assert len(staff.list_staff(s)) == 5
            assert len(clients.list_clients(s)) >= 50
    finally:
        database.close()
