"""Start-up as the benchmark and a person see it: first paint, data shown, closing, failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from microoffice.app import run_gui
from microoffice.core import paths
from microoffice.core.services.backups import list_backups
from microoffice.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "microoffice"]
    return subprocess.run(
        [*command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_smoke_paint_and_data_exit_zero(db_path: Path) -> None:
    painted = run("--smoke=paint", "--db", str(db_path))
    assert painted.returncode == 0, painted.stderr
    assert not db_path.exists(), "painting must not need the database"
    shown = run("--db", str(db_path), "--smoke")
    assert shown.returncode == 0, shown.stderr
    assert db_path.exists(), "showing Today's data opened (and created) the database"


def test_first_paint_happens_before_the_data_layer_is_imported(db_path: Path) -> None:
    probe = (
        "import sys\n"
        "from microoffice.app import run_gui\n"
        "code = run_gui(sys.argv[1], 'paint')\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'alembic', 'reportlab', 'microoffice.core.db')"
        " if m in sys.modules)\n"
        "print(code, heavy)\n"
    )
    result = run(str(db_path), code=probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 []"


def test_a_file_that_is_not_a_database_is_refused_with_a_message(tmp_path: Path) -> None:
    bogus = tmp_path / "letter.sqlite"
    bogus.write_text("Dear Sir or Madam, this is not a database.")
    result = run("--smoke", "--db", str(bogus))
    assert result.returncode != 0
    assert "microoffice cannot open its data." in result.stderr
    assert "is not a microoffice database" in result.stderr
    assert bogus.read_text() == "Dear Sir or Madam, this is not a database."


def test_run_gui_in_process_shows_data_then_backs_up_on_close(qtbot: QtBot, db_path: Path) -> None:
    assert run_gui(str(db_path), "data") == 0
    backups = paths.backup_dir(db_path)
    assert list_backups(backups) == [], "smoke runs make no backups"

    def close_when_shown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        shown = [w for w in windows if w.isVisible() and w.data_shown_once]
        if shown:
            shown[0].close()
        else:
            QTimer.singleShot(20, close_when_shown)

    QTimer.singleShot(0, close_when_shown)
    assert run_gui(str(db_path), None) == 0
    assert [b.tag for b in list_backups(backups)] == ["close"]
    log = paths.log_file().read_text(encoding="utf-8")
    assert "Database opened" in log
    assert "backup written" in log
