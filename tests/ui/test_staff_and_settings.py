"""Staff register and business settings through the window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.services import business, staff
from microoffice.ui.settings.page import SettingsPage
from microoffice.ui.staff.dialog import StaffDialog
from microoffice.ui.staff.page import StaffPage
from microoffice.ui.today.page import TodayPage
from microoffice.ui.widgets.ask import AskDialog
from tests.ui.conftest import OpenWindow, counts


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(combo: QWidget, text: str) -> None:
    assert isinstance(combo, QComboBox)
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def staff_rows(page: StaffPage) -> list[list[str]]:
    m = page.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_staff_created_archived_and_restored(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    window.show_page("staff")
    page = window.pages["staff"]
    assert isinstance(page, StaffPage)
    click(qtbot, page.new_button)
    dialog = page.dialog
    assert isinstance(dialog, StaffDialog)
    form = dialog.form
    for name, text in {
        "first_name": "Priya",
        "last_name": "Shah",
        "phone": "07700 900456",
        "start_date": "01/03/2025",
        "contracted_minutes_per_week": "22.5",
        "hourly_pay_pence": "ten pounds",
    }.items():
        qtbot.keyClicks(form.field(name), text)
    choose(form.field("role"), "Senior carer")
    choose(form.field("employment_type"), "Zero-hours worker")
    before = counts(db_path)
    click(qtbot, dialog.save_button)
    assert form.error_text("hourly_pay_pence") == (
        "'ten pounds' is not an amount of money; type it like 12.50"
    )
    assert counts(db_path) == before

    form.field("hourly_pay_pence").clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(form.field("hourly_pay_pence"), "£12.60")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert staff_rows(page) == [
        ["Priya Shah", "Senior carer", "Zero-hours worker", "07700 900456", "01/03/2025", ""]
    ]
    assert window.ops is not None
    with window.ops.database.session() as s:
        person = staff.find_staff(s, "Priya Shah")
        assert (person.hourly_pay_pence, person.contracted_minutes_per_week) == (1260, 1350)
        assert (person.role, person.employment_type) == ("senior_carer", "zero_hours")
        assert person.start_date == date(2025, 3, 1)
    today = window.pages["today"]
    assert isinstance(today, TodayPage)
    assert today.header.staff_card.figure.text() == "1"

    # Reopen: pay and hours come back as typed amounts, not raw pence and minutes.
    page.select_id(page.model.row_at(0).id)
    click(qtbot, page.edit_button)
    edit = page.dialog
    assert isinstance(edit, StaffDialog)
    assert edit.form.values()["hourly_pay_pence"] == "£12.60"
    assert edit.form.values()["contracted_minutes_per_week"] == "22.5"
    edit.reject()

    click(qtbot, page.archive_button)
    ask = page.dialog
    assert isinstance(ask, AskDialog)
    click(qtbot, ask.accept_button)
    assert staff_rows(page) == []
    assert today.header.staff_card.figure.text() == "0"
    click(qtbot, page.show_archived)
    assert staff_rows(page)[0][-1] == "Archived"
    page.select_id(page.model.row_at(0).id)
    click(qtbot, page.restore_button)
    assert staff_rows(page)[0][-1] == ""
    with window.ops.database.session() as s:
        assert staff.find_staff(s, "Priya Shah").archived_at is None


def test_business_settings_saved_and_shown(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path, tmp_path: Path
) -> None:
    window = open_window()
    today = window.pages["today"]
    assert isinstance(today, TodayPage)
    assert today.header.setup_hint.isVisibleTo(today)
    window.show_page("settings")
    page = window.pages["settings"]
    assert isinstance(page, SettingsPage)
    form = page.form
    for name, text in {
        "legal_name": "Barbara Whitmore",
        "trading_name": "Whitmore Home Care",
        "postcode": "b90 4dg",
        "bank_sort_code": "204577",
        "bank_account_number": "123",
    }.items():
        qtbot.keyClicks(form.field(name), text)
    choose(form.field("legal_form"), "Limited company")
    before = counts(db_path)
    click(qtbot, page.save_button)
    assert form.error_text("bank_account_number") == "An account number has 8 digits"
    assert form.error_text("company_number") == (
        "A limited company must show its company number on invoices"
    )
    assert page.status.text() == ""
    assert counts(db_path) == before

    choose(form.field("legal_form"), "Sole trader")
    qtbot.keyClicks(form.field("bank_account_number"), "45678")
    click(qtbot, page.save_button)
    assert page.status.text() == "Saved."
    assert form.values()["postcode"] == "B90 4DG"
    assert form.values()["bank_sort_code"] == "20-45-77"
    assert window.windowTitle() == "Whitmore Home Care - microoffice"
    assert today.header.business_label.text() == "Whitmore Home Care"
    assert not today.header.setup_hint.isVisibleTo(today)
    assert window.ops is not None
    with window.ops.database.session() as s:
        firm = business.get_business(s)
        assert (firm.legal_name, firm.bank_account_number) == ("Barbara Whitmore", "12345678")

    # Logo: a PNG is kept and previewed; a file that is not a picture is refused at the field.
    picture = tmp_path / "logo.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6db5"))
    assert image.save(str(picture))
    assert page.set_logo_file(picture)
    assert not page.logo_preview.pixmap().isNull()
    notes = tmp_path / "logo.txt"
    notes.write_text("not a picture")
    assert not page.set_logo_file(notes)
    assert form.error_text("logo") == "The logo must be a PNG or JPEG picture"
    with window.ops.database.session() as s:
        firm = business.get_business(s)
        assert (firm.logo, firm.logo_mime) == (picture.read_bytes(), "image/png")
