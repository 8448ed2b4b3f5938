"""Messages go as soon as the person puts right what they were about, not at the next Save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.growth.page import GrowthPage
from microoffice.ui.settings.page import SettingsPage
from tests.ui.conftest import OpenWindow, counts


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_field_message_goes_once_the_field_is_corrected(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    window.show_page("clients")
    page = window.pages["clients"]
    click(qtbot, page.new_button)  # type: ignore[attr-defined]
    dialog = page.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ClientDialog)
    form = dialog.details
    type_into(qtbot, form.field("last_name"), "Okafor")
    type_into(qtbot, form.field("postcode"), "XYZ 123")
    before = counts(db_path)
    click(qtbot, dialog.save_button)
    assert form.error_text("first_name") == "First name is required"
    assert form.error_text("postcode").startswith("'XYZ 123' is not a UK postcode")
    assert form.banner.isVisibleTo(dialog)

    type_into(qtbot, form.field("first_name"), "Ann")  # the first name is typed: its message goes
    assert form.error_text("first_name") == ""
    assert form.field("first_name").property("invalid") is False
    assert form.error_text("postcode").startswith("'XYZ 123'"), "the other problem still shows"
    assert form.banner.isVisibleTo(dialog), "a field is still marked, so the banner stays"

    postcode = form.field("postcode")
    assert isinstance(postcode, QLineEdit)
    postcode.selectAll()
    qtbot.keyClicks(postcode, "B15 2TT")
    assert form.error_text("postcode") == ""
    assert not form.banner.isVisibleTo(dialog), "nothing is marked any more"
    assert counts(db_path) == before, "nothing was saved by correcting"
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert counts(db_path)["client"] == before["client"] + 1


def test_settings_legal_name_message_goes_as_it_is_typed_and_saved_goes_at_the_next_change(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    window.show_page("settings")
    page = window.pages["settings"]
    assert isinstance(page, SettingsPage)
    type_into(qtbot, page.form.field("trading_name"), "Whitmore Care")
    click(qtbot, page.save_button)
    assert page.form.error_text("legal_name") == "Legal name is required"
    assert page.status.text() == ""
    type_into(qtbot, page.form.field("legal_name"), "Barbara Whitmore")
    assert page.form.error_text("legal_name") == ""
    assert not page.form.banner.isVisibleTo(page)
    click(qtbot, page.save_button)
    assert page.status.text() == "Saved."
    type_into(qtbot, page.form.field("trading_name"), " Ltd")
    assert page.status.text() == "", "the typing since is not saved, so 'Saved.' must go"


def test_the_capacity_finder_problem_goes_once_the_time_is_corrected(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    window.show_page("growth")
    page = window.pages["growth"]
    assert isinstance(page, GrowthPage)
    tab = page.show_tab("capacity")
    tab.at.selectAll()
    type_into(qtbot, tab.at, "25:00")
    click(qtbot, tab.check_button)
    assert tab.error.isVisibleTo(tab) and "is not a time" in tab.error.text()
    tab.days[0].setChecked(False)  # a change that does not put it right: the message stays
    assert tab.error.isVisibleTo(tab) and "is not a time" in tab.error.text()
    tab.at.selectAll()
    qtbot.keyClicks(tab.at, "10:15")
    assert not tab.error.isVisibleTo(tab)
    assert tab.error.text() == ""
