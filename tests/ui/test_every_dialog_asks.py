"""Every dialog that edits data asks before a change is lost: found by walking the subclasses
of the shared base, so a new dialog is covered without anyone remembering to add it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import Database, open_database
from microoffice.core.demo import build_demo
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.unsaved import EditingDialog
from tests.ui.dialog_cases import BASES, NOT_BUILT_HERE, all_dialog_classes, cases, office_of


@pytest.fixture
def demo(qtbot: QtBot, tmp_path: Path) -> Iterator[Ops]:
    build_demo(str(tmp_path / "demo.sqlite"), scale="small")
    database: Database = open_database(str(tmp_path / "demo.sqlite"))
    try:
        yield Ops(database, Bus())
    finally:
        database.close()


def make_a_change(dialog: EditingDialog) -> str:
    """Change the first field a person could change, as they would: type into it if there is
    one to type into, otherwise pick another choice or tick a box. Returns what was changed."""
    usable = [
        w
        for w in dialog.fields_host().findChildren(QWidget)
        if w.window() is dialog and w.isVisible() and w.isEnabled()
    ]
    for widget in usable:
        inside = isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox))
        if isinstance(widget, QLineEdit) and not widget.isReadOnly() and not inside:
            widget.setText(widget.text() + " changed")
            return widget.objectName()
        if isinstance(widget, QPlainTextEdit) and not widget.isReadOnly():
            widget.setPlainText(widget.toPlainText() + " changed")
            return widget.objectName()
    for widget in usable:
        if isinstance(widget, QComboBox) and widget.count() > 1:
            widget.setCurrentIndex((widget.currentIndex() + 1) % widget.count())
            return widget.objectName()
        if isinstance(widget, QCheckBox):
            widget.setChecked(not widget.isChecked())
            return widget.objectName()
    raise AssertionError(f"{type(dialog).__name__} has nothing a person could change")


def test_every_editing_dialog_has_a_case() -> None:
    names = {c.__name__ for c in all_dialog_classes(EditingDialog)} - BASES
    assert names, "no editing dialogs found"
    missing = names - set(cases(office_stub())) - set(NOT_BUILT_HERE)
    assert missing == set()


def office_stub():  # type: ignore[no-untyped-def]
    from tests.ui.dialog_cases import Office

    return Office(1, "Peggy Henshaw", 1, 1, 1)


def test_a_change_then_close_asks_in_every_editing_dialog(qtbot: QtBot, demo: Ops) -> None:
    office = office_of(demo)
    built = cases(office)
    editing = sorted(c.__name__ for c in all_dialog_classes(EditingDialog))
    asked: list[str] = []
    for name in editing:
        if name in BASES or name in NOT_BUILT_HERE:
            continue
        dialog = built[name](demo, None)  # type: ignore[arg-type]
        assert isinstance(dialog, EditingDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.reject()  # untouched: closes at once
        assert not dialog.isVisible(), f"{name} asked with nothing changed"
        dialog.show()
        dialog.mark_clean()
        changed = make_a_change(dialog)
        dialog.reject()
        prompts = [b for b in dialog.findChildren(QMessageBox, "unsavedPrompt") if b.isVisible()]
        assert dialog.isVisible() and len(prompts) == 1, f"{name}: {changed} lost unasked"
        discard = prompts[0].findChild(QPushButton, "promptDiscard")
        discard.click()
        assert not dialog.isVisible(), f"{name} stayed open after Discard"
        asked.append(name)
    assert len(asked) >= 30, asked
