"""Issue 12 in the window: file dialogs leave the office's locks alone; a second window only looks.

Each test runs a second, real program on the same office (tests/office_program.py) the way a
person would have one: another window, a command in a terminal, a script.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from microoffice.app import _release_logging, run_gui, setup_logging
from microoffice.core import paths
from microoffice.core.db.database import open_database
from microoffice.core.models import Client
from microoffice.core.services import clients
from microoffice.core.services.backups import list_backups
from microoffice.ui.app.errors import install_excepthook, open_error_dialogs
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.office_program import DMS_BYTE, HOLDER, SHARED_RANGE, Program, held_by, save_once
from tests.ui.conftest import OpenWindow, close_window

UI = Path(__file__).resolve().parents[2] / "microoffice" / "ui"
SURNAME = "Quigley-Burtonshaw"


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "A letter")
    page.showPage()
    page.save()
    return out.getvalue()


def _names(db: Path) -> list[str]:
    database = open_database(str(db))
    try:
        with database.session() as s:
            return list(s.scalars(select(Client.last_name).order_by(Client.id)))
    finally:
        database.close()


def _add(window: MainWindow, last_name: str) -> bool:
    assert window.ops is not None
    outcome = window.ops.run(
        lambda s: clients.create_client(s, clients.ClientData(first_name="A", last_name=last_name))
    )
    return outcome.ok


def _save_dialog_on(qtbot: QtBot, window: MainWindow, folder: Path) -> PdfPreviewDialog:
    """Save PDF from a preview, with the dialog showing the office's folder until it is listed."""
    preview = PdfPreviewDialog(_pdf(), "A letter", "letter.pdf", window)
    qtbot.addWidget(preview)
    preview.show()
    preview.save()
    dialog = preview.file_dialog
    loaded: list[str] = []
    dialog.directoryEntered.connect(loaded.append)
    from PySide6.QtWidgets import QFileSystemModel

    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    model.directoryLoaded.connect(loaded.append)
    dialog.setDirectory(str(folder))
    qtbot.waitUntil(lambda: str(folder) in loaded, timeout=10_000)
    qtbot.wait(2_000)  # the file system model fetches icons and types in a thread, after listing
    return preview


def test_a_file_dialog_on_the_offices_folder_leaves_the_window_its_locks(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    assert _add(window, "Before")
    preview = _save_dialog_on(qtbot, window, db_path.parent)
    me = str(os.getpid())
    assert held_by(db_path, *SHARED_RANGE) == me  # SQLite's own locks are still the window's
    assert held_by(Path(f"{db_path}-shm"), *DMS_BYTE) == me
    other = save_once(db_path.parent / "home", db_path, "Other")
    assert other.returncode == 3, other.stdout + other.stderr  # the claim still stands
    assert "OfficeInUseError" in other.stdout
    assert _add(window, "After")
    preview.file_dialog.reject()
    preview.close()
    close_window(window)
    assert _names(db_path) == ["Before", "After"]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_the_offices_own_file_cannot_be_chosen_to_save_over(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    assert _add(window, "Kept")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    preview = _save_dialog_on(qtbot, window, db_path.parent)
    dialog = preview.file_dialog
    chosen: list[str] = []
    dialog.fileSelected.connect(chosen.append)

    def replace_if_asked() -> None:  # an older build asked "replace it?": a person says yes
        for box in QApplication.topLevelWidgets():
            if box.isVisible() and "already exists" in getattr(box, "text", lambda: "")():
                box.accept()  # type: ignore[attr-defined]

    timer = QTimer()
    timer.timeout.connect(replace_if_asked)
    timer.start(50)
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_box is not None
    name_box.clear()
    qtbot.keyClicks(name_box, db_path.name)  # the person types the office's own file name
    dialog.accept()
    timer.stop()
    errors = [box.text() for box in open_error_dialogs()]
    assert any("one of your office's own files" in text for text in errors), errors
    for box in open_error_dialogs():
        box.close()
    assert chosen == [] and dialog.isVisible()
    dialog.reject()
    preview.close()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    close_window(window)
    assert _names(db_path) == ["Kept"]


def test_every_file_dialog_is_built_in_one_place() -> None:
    """QFileDialog appears only in ui/widgets/file_dialogs.py, so no dialog can sniff the office."""
    users = sorted(
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if "QFileDialog" in path.read_text(encoding="utf-8")
    )
    assert users == ["widgets/file_dialogs.py"]


def _drive_second_window(qtbot: QtBot, choice: str, seen: dict[str, object]) -> None:
    """Answer the 'already open' question like a person, then look at the window."""
    from microoffice.ui.app.office_in_use import OfficeInUseDialog

    deadline = time.monotonic() + 60

    def step() -> None:
        widgets = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        asked = [w for w in widgets if isinstance(w, OfficeInUseDialog)]
        windows = [w for w in widgets if isinstance(w, MainWindow)]
        if asked and "question" not in seen:
            label = asked[0].findChild(QLabel, "inUseMessage")
            seen["question"] = label.text() if label is not None else ""
            button = asked[0].view_button if choice == "view" else asked[0].quit_button
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            if choice == "quit":
                return  # the window quits; nothing more to look at
        elif windows and windows[0].windowTitle().endswith("(read-only)"):
            window = windows[0]
            seen["where"] = window.where.text()
            seen["saved"] = _add(window, "Viewer")
            seen["errors"] = [box.text() for box in open_error_dialogs()]
            for box in open_error_dialogs():
                box.close()
            window.close()
            return
        elif time.monotonic() > deadline:
            seen["timed out"] = True
            for window in windows:
                window.close()
            QApplication.exit(9)
            return
        QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)


@pytest.mark.parametrize("choice", ["view", "quit"])
def test_a_second_window_offers_a_read_only_view_that_never_writes(
    qtbot: QtBot, db_path: Path, choice: str
) -> None:
    open_database(str(db_path)).close()
    holder = Program(db_path.parent / "home", "hold", str(db_path))
    try:
        assert holder.ask("save Owned") == "saved Owned"
        wal = Path(f"{db_path}-wal").read_bytes()
        seen: dict[str, object] = {}
        _drive_second_window(qtbot, choice, seen)
        assert run_gui(str(db_path), None) == (0 if choice == "view" else 1)
        assert "timed out" not in seen
        assert f"already open in {HOLDER} on this computer" in str(seen["question"])
        if choice == "view":
            assert "(read-only" in str(seen["where"])
            assert seen["saved"] is False
            errors = seen["errors"]
            assert isinstance(errors, list)
            assert any("can only be read: nothing was saved" in e for e in errors), errors
        assert Path(f"{db_path}-wal").read_bytes() == wal  # the second window wrote nothing
        assert list_backups(paths.backup_dir(db_path)) == []  # nor made or rotated backups
        assert holder.ask("save After") == "saved After"
        assert holder.ask("quit") == "closed"
    finally:
        holder.kill()
    assert _names(db_path) == ["Owned", "After"]


def test_the_log_never_holds_the_names_a_failing_save_carried(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    conn = sqlite3.connect(db_path)
    conn.execute(  # a fault inside the database: every new client is rejected
        "CREATE TRIGGER test_fault BEFORE INSERT ON client BEGIN SELECT RAISE(ABORT, 'fault'); END"
    )
    conn.commit()
    conn.close()
    undo = install_excepthook(setup_logging)
    try:
        try:
            _add(window, SURNAME)  # a name, not a literal: tracebacks quote source lines
        except Exception:
            sys.excepthook(*sys.exc_info())  # where a failing slot's exception goes
        for box in open_error_dialogs():
            box.close()
    finally:
        undo()
    log = paths.log_file().read_text(encoding="utf-8")
    _release_logging()
    close_window(window)
    assert "Unexpected error" in log and "IntegrityError" in log
    assert SURNAME not in log
