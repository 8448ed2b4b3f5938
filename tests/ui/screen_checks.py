"""Run by test_fits_the_screen.py in a program whose (offscreen) screen is the size under test
(FIT_SCREEN, e.g. 1280x720): every page and every dialog fits it, buttons on screen.

Not collected on its own (the name does not start with test_): on the usual 800 x 800 test
screen its sizes would mean nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.demo import build_demo
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.main_window import KEYS, MainWindow
from microoffice.ui.app.runner import Ops
from tests.ui.dialog_cases import cases, office_of

WIDTH, HEIGHT = (int(n) for n in os.environ.get("FIT_SCREEN", "1280x720").split("x"))


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    build_demo(str(tmp_path / "demo.sqlite"), scale="small")
    database = open_database(str(tmp_path / "demo.sqlite"))
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.show()
    shown.attach(Ops(database, Bus(shown)))
    qtbot.waitUntil(lambda: shown.data_shown_once)
    yield shown
    database.close()


def screen_room() -> QRect:
    screen = QApplication.primaryScreen()
    room = screen.availableGeometry()
    assert (room.width(), room.height()) == (WIDTH, HEIGHT), "not the screen under test"
    return room


def scrolled(widget: QWidget, top: QWidget) -> bool:
    """Inside a scroll area: reached by scrolling, so it may lie outside the window's rect."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def cut_off(top: QWidget) -> list[str]:
    """Buttons shown but not wholly inside the window (and not in a scroll area)."""
    bounds = top.rect()
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, (QPushButton, QDialogButtonBox)) or not widget.isVisible():
            continue
        if widget.window() is not top or scrolled(widget, top):
            continue
        where = QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())
        if not bounds.contains(where):
            found.append(
                f"{widget.objectName() or widget.text() if isinstance(widget, QPushButton) else 'buttons'} at {where}"
            )
    return found


def assert_fits(top: QWidget, what: str) -> None:
    room = screen_room()
    frame = top.frameGeometry()
    assert room.contains(frame), f"{what}: {frame} is not within the screen {room}"
    assert top.minimumSizeHint().width() <= room.width(), what
    assert cut_off(top) == [], what


def test_every_page_fits(qtbot: QtBot, window: MainWindow) -> None:
    assert_fits(window, "the main window")
    for key in KEYS:
        window.show_page(key)
        qtbot.wait(20)
        assert window.stack.currentWidget() is window.pages[key]
        assert_fits(window, f"the {key} page")


def test_every_dialog_fits(qtbot: QtBot, window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None
    built = cases(office_of(ops))
    for name, build in sorted(built.items()):
        dialog = build(ops, window)
        assert isinstance(dialog, QDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(10)
        assert_fits(dialog, name)
        dialog.done(0)
        dialog.deleteLater()
