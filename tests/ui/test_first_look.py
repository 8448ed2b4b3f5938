"""Today's first look (read without SQLAlchemy) is what the full Today page then shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.demo import build_demo
from microoffice.core.quicklook import first_look
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.app.runner import Ops
from microoffice.ui.today.view import FirstLookPage


def test_first_look_is_shown_then_replaced_by_the_live_page(qtbot: QtBot, db_path: Path) -> None:
    build_demo(str(db_path), "small")  # the clock is frozen on a Monday morning
    look = first_look(str(db_path))
    assert look is not None and len(look.visits) >= 5
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    window.show_first_look(look)
    assert window.data_shown_once
    page = window.stack.currentWidget()
    assert isinstance(page, FirstLookPage)
    assert page.header.date_label.text() == "Monday 7 December 2026"
    assert page.model.rowCount() == len(look.visits)
    first = page.model.index(0, 1).data()
    assert first == look.visits[0].occurrence.client_name

    database = open_database(str(db_path))
    try:
        window.attach(Ops(database, Bus(window)))
        qtbot.waitUntil(lambda: window.first_look is None)
        live = window.stack.currentWidget()
        assert not isinstance(live, FirstLookPage)
        assert live.visits.model.rowCount() == len(look.visits)  # type: ignore[attr-defined]
        assert live.visits.confirm_button.isEnabled()  # type: ignore[attr-defined]
    finally:
        window.close()
        database.close()


def _smoke(db_path: Path, stage: str) -> str:
    probe = (
        "import sys\n"
        "from microoffice.app import run_gui\n"
        "import microoffice.ui.app.main_window as mw\n"
        "seen = []\n"
        "attach = mw.MainWindow.attach\n"
        "def spy(self, ops):\n"
        "    seen.append('attached')\n"
        "    attach(self, ops)\n"
        "mw.MainWindow.attach = spy\n"
        "code = run_gui(sys.argv[1], sys.argv[2])\n"
        "print(code, 'sqlalchemy' in sys.modules, seen)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(db_path), stage],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_smoke_look_stops_at_the_first_look_before_sqlalchemy_loads(db_path: Path) -> None:
    build_demo(str(db_path), "small")
    assert _smoke(db_path, "look") == "0 False []"


def test_smoke_data_waits_for_the_live_today_page(db_path: Path) -> None:
    """What the benchmark's "data shown" times: the data layer loaded and Today attached."""
    build_demo(str(db_path), "small")
    assert _smoke(db_path, "data") == "0 True ['attached']"
