"""The window opens a server office as the person's own login: the address names the login
(postgresql://LOGIN@HOST/OFFICE) and the window asks for its password, as it does for a
protected file (runs on a real PostgreSQL in ./dev test-postgres)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from microoffice.app import run_gui
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.app.password_dialog import PasswordDialog
from tests.core.server.conftest import (  # noqa: F401  (fixtures)
    OWNER_PASSWORD,
    Office,
    demo_export,
    make_office,
    needs_postgres,
    new_office_name,
)

pytestmark = needs_postgres()


def test_the_window_signs_in_with_the_persons_own_server_login(
    qtbot: QtBot,
    make_office: Callable[..., Office],  # noqa: F811
    demo_export: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    office = make_office(source=demo_export)
    seen: list[str] = []
    answers = ["not-the-password", OWNER_PASSWORD]

    def answer() -> None:
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
        seen.append(dialog.findChildren(QLabel)[0].text())  # what the dialog says first
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
            seen.append(shown[0].where.text())
            shown[0].close()
        else:
            QTimer.singleShot(20, close_when_shown)

    QTimer.singleShot(0, answer)
    QTimer.singleShot(0, close_when_shown)
    assert run_gui(office.address(), None) == 0
    assert len(seen) == 4
    assert f"asks for the password of the login '{office.owner}'" in seen[0]
    assert seen[2] == "14"  # Barbara's fourteen clients, read as the owner's own login
    assert seen[3] == f"Data: postgresql://{office.owner}:***@localhost/{office.name}"
