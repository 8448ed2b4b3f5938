"""Start-up as the benchmark and a person see it: first paint, data shown, closing, failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from microoffice.app import run_gui
from microoffice.core import paths
from microoffice.core.services.backups import list_backups
from microoffice.ui.app.main_window import MainWindow

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


def test_a_protected_database_asks_for_its_password(qtbot: QtBot, db_path: Path) -> None:
    from microoffice.core.db.database import open_database
    from microoffice.core.services import clients
    from microoffice.core.services.encryption import change_password
    from microoffice.ui.app.password_dialog import PasswordDialog

    database = open_database(str(db_path))
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Lee"))
    change_password(database, "correct horse battery").close()

    seen: list[str] = []
    answers = ["wrong guess", "correct horse battery"]

    def answer() -> None:
        """Type the next answer into the next password dialog that appears, like a person."""
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, PasswordDialog) and w.isVisible() and not w.property("answered")
        ]
        if not dialogs:
            QTimer.singleShot(20, answer)
            return
        dialog = dialogs[0]
        dialog.setProperty("answered", True)
        seen.append(dialog.problem.text() if dialog.problem.isVisibleTo(dialog) else "")
        qtbot.keyClicks(dialog.field, answers.pop(0))
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        if answers:
            QTimer.singleShot(0, answer)

    def close_when_shown() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.data_shown_once
        ]
        if shown:
            today = shown[0].pages["today"]
            seen.append(today.header.clients_card.figure.text())  # type: ignore[attr-defined]
            shown[0].close()
        else:
            QTimer.singleShot(20, close_when_shown)

    QTimer.singleShot(0, answer)
    QTimer.singleShot(0, close_when_shown)
    assert run_gui(str(db_path), None) == 0
    assert seen == ["", "That password did not open the file. Check it and try again.", "1"]

    refused = run("--smoke", "--db", str(db_path))
    assert refused.returncode != 0
    assert "protected by a password" in refused.stderr


def test_a_database_from_a_newer_version_is_refused_and_left_alone(db_path: Path) -> None:
    import sqlite3

    from microoffice.core.db.database import open_database

    open_database(str(db_path)).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = db_path.read_bytes()
    result = run("--smoke", "--db", str(db_path))
    assert result.returncode != 0
    assert "microoffice cannot open its data." in result.stderr
    assert "newer" in result.stderr
    assert db_path.read_bytes() == before


def test_a_polite_kill_closes_the_window_and_still_backs_up(tmp_path: Path, db_path: Path) -> None:
    import signal
    import time

    from microoffice.core.db.database import open_database
    from microoffice.core.services import clients

    database = open_database(str(db_path))  # an office in use: no first-run wizard
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Lee"))
    database.close()
    home = tmp_path / "killed-home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MICROOFFICE_HOME=str(home))
    app = subprocess.Popen(
        [sys.executable, "-m", "microoffice", "--db", str(db_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = home / "logs" / "microoffice.log"
    deadline = time.monotonic() + 60
    try:
        while not (log.exists() and "Ready" in log.read_text(encoding="utf-8")):
            assert app.poll() is None, app.communicate()
            assert time.monotonic() < deadline, "the window never opened its data"
            time.sleep(0.05)
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    tags = [b.tag for b in list_backups(paths.backup_dir(db_path))]
    assert "close" in tags, tags  # (the daily one may also have been made by then)
