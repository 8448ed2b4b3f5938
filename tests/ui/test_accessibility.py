"""Every control can be named by a screen reader and reached with Tab in reading order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from microoffice.ui.dialogs.client_dialog import ClientDialog
from microoffice.ui.dialogs.staff_dialog import StaffDialog
from microoffice.ui.main_window import KEYS
from microoffice.ui.widgets.form import Form
from tests.ui.conftest import OpenWindow

CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QTableView)


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # the editor inside a spin box or combo is named by its owner
        if w.metaObject().className() in ("QTabBar", "QScrollBar") or not w.isVisibleTo(root):
            continue
        button_text = w.text().replace("&", "") if isinstance(w, QAbstractButton) else ""
        if not (w.accessibleName() or button_text):
            missing.append(f"{w.metaObject().className()} {w.objectName()!r}")
    return missing


def tab_order(form: Form, start: QWidget) -> list[str]:
    wanted = set(form.names())
    seen: list[str] = []
    w = start
    for _ in range(200):
        if w.objectName() in wanted and w.objectName() not in seen:
            seen.append(w.objectName())
        w = w.nextInFocusChain()
        if w is start:
            break
    return seen


def test_every_page_and_dialog_names_its_controls(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    for key in KEYS:
        window.show_page(key)
        assert unnamed_controls(window.pages[key]) == [], key
    assert unnamed_controls(window) == []
    clients_page = window.pages["clients"]
    clients_page.new_button.click()  # type: ignore[attr-defined]
    dialog = clients_page.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ClientDialog)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        assert unnamed_controls(dialog) == [], dialog.tabs.tabText(index)
    dialog.reject()
    staff_page = window.pages["staff"]
    staff_page.new_button.click()  # type: ignore[attr-defined]
    staff_dialog = staff_page.dialog  # type: ignore[attr-defined]
    assert isinstance(staff_dialog, StaffDialog)
    assert unnamed_controls(staff_dialog) == []
    staff_dialog.reject()


def test_tab_follows_the_form_from_top_to_bottom(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    window.show_page("clients")
    page = window.pages["clients"]
    page.new_button.click()  # type: ignore[attr-defined]
    dialog = page.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ClientDialog)
    form = dialog.details
    assert tab_order(form, form.field("title")) == form.names()
    assert form.names()[:5] == [
        "title",
        "first_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
    ]
    dialog.reject()
    chain = []
    w: QWidget = page.search  # type: ignore[attr-defined]
    for _ in range(8):
        chain.append(w.accessibleName())
        w = w.nextInFocusChain()
        while w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isVisible():
            w = w.nextInFocusChain()
    assert chain[:5] == [
        "Search clients",
        "Funding type",
        "Nation",
        "Show archived clients",
        "Clients list",
    ]
