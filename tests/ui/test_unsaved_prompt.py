"""Never lose typing: a form or the Settings page with changes asks Save / Discard / Cancel
before they are thrown away (Escape, Close, another page, quitting), done as a person does it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from microoffice.ui.app.main_window import KEYS, MainWindow
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.settings.page import SettingsPage
from tests.ui.conftest import OpenWindow, counts
from tests.ui.test_clients_window import click, clients_page, open_new_client, type_into


def prompt_of(window: QWidget) -> QMessageBox:
    """The question as it is on screen: the one visible 'Unsaved changes' box."""
    shown = [b for b in window.findChildren(QMessageBox, "unsavedPrompt") if b.isVisible()]
    assert len(shown) == 1, f"{len(shown)} unsaved-changes prompts on screen"
    return shown[0]


def answer(qtbot: QtBot, window: QWidget, name: str) -> None:
    box = prompt_of(window)
    assert "Save your changes" in box.text()
    button = box.findChild(QPushButton, name)
    assert button is not None and button.isVisible()
    click(qtbot, button)


def escape(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def new_client_typed(qtbot: QtBot, window: MainWindow) -> ClientDialog:
    dialog = open_new_client(qtbot, clients_page(window))
    type_into(qtbot, dialog, {"first_name": "Peggy", "last_name": "Henshaw"})
    return dialog


def test_escape_in_a_new_client_asks_and_cancel_keeps_the_typing(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    before = counts(db_path)
    dialog = new_client_typed(qtbot, window)
    escape(qtbot, dialog.details.field("last_name"))
    qtbot.waitUntil(lambda: bool(dialog.findChildren(QMessageBox, "unsavedPrompt")))
    assert dialog.isVisible()
    answer(qtbot, dialog, "promptCancel")
    qtbot.waitUntil(lambda: not dialog.findChild(QMessageBox, "unsavedPrompt").isVisible())
    assert dialog.isVisible()
    assert dialog.details.values()["first_name"] == "Peggy"
    assert dialog.details.values()["last_name"] == "Henshaw"
    assert counts(db_path) == before


def test_discard_closes_with_nothing_saved(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    before = counts(db_path)
    dialog = new_client_typed(qtbot, window)
    click(qtbot, dialog.cancel_button)  # "Close without saving", by mouse
    answer(qtbot, dialog, "promptDiscard")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert counts(db_path) == before


def test_save_in_the_prompt_saves_and_a_refused_save_stays_open(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    before = counts(db_path)
    dialog = open_new_client(qtbot, clients_page(window))
    type_into(qtbot, dialog, {"first_name": "Peggy"})  # no last name: the core refuses
    escape(qtbot, dialog.details.field("first_name"))
    answer(qtbot, dialog, "promptSave")
    assert dialog.isVisible()
    assert dialog.details.error_text("last_name")
    assert counts(db_path) == before
    type_into(qtbot, dialog, {"last_name": "Henshaw"})
    dialog.close()  # the window's X
    answer(qtbot, dialog, "promptSave")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    after = counts(db_path)
    assert after["client"] == before["client"] + 1


def test_closing_an_untouched_form_asks_nothing(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    dialog = open_new_client(qtbot, clients_page(window))
    type_into(qtbot, dialog, {"first_name": "P"})
    dialog.details.field("first_name").clear()  # typed and taken back: no change
    escape(qtbot, dialog.details.field("first_name"))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not dialog.findChildren(QMessageBox, "unsavedPrompt")


def settings_typed(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    window.show_page("settings")
    page = window.pages["settings"]
    assert isinstance(page, SettingsPage) and page.isVisible()
    phone = page.form.field("phone")
    phone.setFocus()
    qtbot.keyClicks(phone, "0121 496 0000")
    return page


def saved_phone(db_path: Path) -> str:
    from microoffice.core.db.database import open_database
    from microoffice.core.services import business

    database = open_database(str(db_path))
    try:
        with database.session(reading=True) as s:
            return business.get_business(s).phone or ""
    finally:
        database.close()


def test_leaving_settings_with_a_new_phone_number_asks(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    page = settings_typed(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(page.form.field("phone"), Qt.Key.Key_3, ctrl)  # Ctrl+3: Clients
    answer(qtbot, page, "promptCancel")
    assert window.stack.currentWidget() is page and page.isVisible()
    assert window.nav.currentRow() == KEYS.index("settings")
    assert page.form.values()["phone"] == "0121 496 0000"
    assert saved_phone(db_path) == ""

    window.nav.setCurrentRow(KEYS.index("staff"))  # a click in the navigation
    answer(qtbot, page, "promptDiscard")
    assert window.stack.currentWidget() is window.pages["staff"]
    assert saved_phone(db_path) == ""
    window.show_page("settings")
    assert page.form.values()["phone"] == ""

    settings_typed(qtbot, window)
    qtbot.keyClicks(page.form.field("postcode"), "not a postcode")
    window.show_page("today")
    answer(qtbot, page, "promptSave")  # refused: the problem is shown and Settings stays
    assert window.stack.currentWidget() is page
    assert page.form.error_text("postcode")
    assert saved_phone(db_path) == ""
    page.form.field("postcode").clear()
    qtbot.keyClicks(page.form.field("postcode"), "b90 4dg")
    qtbot.keyClicks(page.form.field("legal_name"), "Barbara Whitmore")
    window.show_page("today")
    answer(qtbot, page, "promptSave")
    assert window.stack.currentWidget() is window.pages["today"]
    assert saved_phone(db_path) == "0121 496 0000"
    window.show_page("settings")  # back again: no question, the saved details shown
    assert page.form.values()["postcode"] == "B90 4DG" and not page.has_changes()


def test_quitting_with_a_form_open_asks_first(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    before = counts(db_path)
    dialog = new_client_typed(qtbot, window)
    quit_action = window.menu_actions["quit"]
    quit_action.trigger()  # Ctrl+Q
    assert window.isVisible() and dialog.isVisible()
    answer(qtbot, dialog, "promptCancel")
    assert window.isVisible() and dialog.isVisible()

    quit_action.trigger()
    answer(qtbot, dialog, "promptSave")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert counts(db_path)["client"] == before["client"] + 1


def test_quitting_with_settings_changed_asks_and_discard_quits(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    page = settings_typed(qtbot, window)
    window.show_page("today")
    answer(qtbot, page, "promptCancel")  # stayed on Settings
    window.close()
    assert window.isVisible()
    answer(qtbot, page, "promptDiscard")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert saved_phone(db_path) == ""
