"""Windows on real database files, opened the way app.py opens them (minus the event loop)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.core.db.database import Database, open_database
from microoffice.core.models import AuditLog, Client, Contact, FundingArrangement, Staff
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.app.runner import Ops

OpenWindow = Callable[[], MainWindow]

# The offscreen platform cannot pass size hints to a window manager and says so on every
# top-level window with a minimum size; that is the test platform talking, not the app.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _no_work_left_running() -> Iterator[None]:
    """A test that fails mid-task must not leave its thread to the next test."""
    yield
    from microoffice.ui.app import runner as tasks

    tasks.stop_all(wait_ms=10_000)
    tasks._running.clear()


@pytest.fixture
def open_window(qtbot: QtBot, db_path: Path) -> Iterator[OpenWindow]:
    """Open a main window on the test database file; each call opens a fresh one."""
    opened: list[Database] = []

    def open_() -> MainWindow:
        database = open_database(str(db_path))
        opened.append(database)
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1200, 760)
        window.show()
        window.attach(Ops(database, Bus(window)))
        qtbot.waitUntil(lambda: window.data_shown_once)
        return window

    yield open_
    for database in opened:
        database.close()


def close_window(window: MainWindow) -> None:
    """Close like a person would, then release the database as app.py does on exit."""
    window.close()
    assert window.ops is not None
    window.ops.database.close()


def counts(db_path: Path) -> dict[str, int]:
    """Rows per table that a refused form must not change (read through a separate connection)."""
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            return {
                model.__tablename__: s.scalar(select(func.count()).select_from(model)) or 0
                for model in (Client, Contact, FundingArrangement, Staff, AuditLog)
            }
    finally:
        database.close()
