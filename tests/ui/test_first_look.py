"""Today's first look (read without SQLAlchemy) is what the full Today page then shows."""

from __future__ import annotations

import os
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


def test_a_protected_office_leaves_no_plain_copy_behind(tmp_path: Path) -> None:
    """The window on a password-protected office: no first look (it cannot read the file), the
    live page after the password, and no file anywhere that holds the office in plain."""
    from microoffice.core.services import clients
    from microoffice.core.services.encryption import change_password

    office = tmp_path / "office" / "office.sqlite"
    office.parent.mkdir()
    build_demo(str(office), "small")
    database = open_database(str(office))
    with database.session() as s:
        surname = clients.list_clients(s)[0].name.split()[-1].encode()
    change_password(database, "correct horse").close()
    home = tmp_path / "home"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        MICROOFFICE_HOME=str(home),
        MICROOFFICE_PASSWORD="correct horse",
    )
    for stage in ("look", "data"):
        done = subprocess.run(
            [sys.executable, "-m", "microoffice", f"--smoke={stage}", "--db", str(office)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    written = [p for folder in (office.parent, home) for p in folder.rglob("*") if p.is_file()]
    assert office in written and len(written) >= 2  # the office, and at least the log
    for path in written:
        data = path.read_bytes()
        assert surname not in data, path
        assert not data.startswith(b"SQLite format 3"), path
