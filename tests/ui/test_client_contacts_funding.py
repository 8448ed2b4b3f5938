"""The client dialog's other tabs: representatives with their document checks, and funding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.services import clients, contacts, funding
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.clients.contacts import ContactDialog
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.clients.funding import FundingDialog, OrganisationDialog
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


def table_text(model: object) -> list[list[str]]:
    m = model
    return [
        [m.index(r, c).data() for c in range(m.columnCount())]  # type: ignore[attr-defined]
        for r in range(m.rowCount())  # type: ignore[attr-defined]
    ]


def open_client(qtbot: QtBot, window: MainWindow, client_id: int) -> ClientDialog:
    window.show_page("clients")
    page = window.pages["clients"]
    page.reload()  # type: ignore[attr-defined]
    assert page.select_id(client_id)  # type: ignore[attr-defined]
    click(qtbot, page.edit_button)  # type: ignore[attr-defined]
    dialog = page.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ClientDialog)
    return dialog


def make_client(window: MainWindow) -> int:
    assert window.ops is not None
    with window.ops.database.session() as s:
        return clients.create_client(
            s, clients.ClientData(first_name="Edith", last_name="Crawley", postcode="B15 2TT")
        ).id


def test_representative_added_with_warning_until_document_seen(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    cid = make_client(window)
    dialog = open_client(qtbot, window, cid)
    dialog.tabs.setCurrentWidget(dialog.contacts)
    panel = dialog.contacts
    click(qtbot, panel.findChild(QWidget, "addContactButton"))
    person = panel.dialog
    assert isinstance(person, ContactDialog)
    choose(person.form.field("kind"), "LPA (property and financial affairs)")
    qtbot.keyClicks(person.form.field("name"), "Mary Crawley")
    qtbot.keyClicks(person.form.field("relationship_to_client"), "Daughter")
    qtbot.keyClicks(person.form.field("phone"), "07700 900123")
    click(qtbot, person.save_button)
    assert not person.isVisible()
    rows = table_text(panel.model)
    assert rows == [
        [
            "Mary Crawley",
            "LPA (property and financial affairs)",
            "Daughter",
            "07700 900123",
            "",
            "",
            "LPA (property and financial affairs) - the document has not been seen yet; "
            "no OPG registration reference recorded",
        ]
    ]
    # Today lists what to check about her.
    today = window.pages["today"]
    assert isinstance(today, TodayPage)
    assert today.summary is not None
    assert today.summary.to_check == (
        (
            "Edith Crawley",
            "Mary Crawley: LPA (property and financial affairs) - the document has not been "
            "seen yet",
        ),
        ("Edith Crawley", "Mary Crawley: no OPG registration reference recorded"),
    )
    assert "Mary Crawley" in today.header.check_list.text()

    # A document date in the future is refused at that field; a real one clears the warning.
    panel.table.selectRow(0)
    click(qtbot, panel.findChild(QWidget, "editContactButton"))
    person = panel.dialog
    assert isinstance(person, ContactDialog)
    qtbot.keyClicks(person.form.field("document_checked_on"), "08/12/2026")
    click(qtbot, person.save_button)
    assert person.isVisible()
    assert person.form.error_text("document_checked_on") == (
        "The date the document was checked is in the future"
    )
    person.form.field("document_checked_on").clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(person.form.field("document_checked_on"), "01/12/2026")
    qtbot.keyClicks(person.form.field("opg_reference"), "M-1234-5678-9012")
    click(qtbot, person.save_button)
    assert not person.isVisible()
    assert table_text(panel.model)[0][5:] == ["01/12/2026", ""]
    assert today.summary.to_check == ()

    # Archive the contact after confirming.
    panel.table.selectRow(0)
    click(qtbot, panel.findChild(QWidget, "archiveContactButton"))
    ask = panel.dialog
    assert isinstance(ask, AskDialog)
    click(qtbot, ask.accept_button)
    assert table_text(panel.model) == []
    assert window.ops is not None
    with window.ops.database.session() as s:
        (kept,) = contacts.client_contacts(s, cid, include_archived=True)
        assert kept.archived_at is not None
        assert kept.document_checked_on == date(2026, 12, 1)


def test_council_funding_needs_a_council_then_saves(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    cid = make_client(window)
    dialog = open_client(qtbot, window, cid)
    dialog.tabs.setCurrentWidget(dialog.funding)
    panel = dialog.funding
    click(qtbot, panel.findChild(QWidget, "addFundingButton"))
    form_dialog = panel.dialog
    assert isinstance(form_dialog, FundingDialog)
    form = form_dialog.form
    assert form.values()["start_date"] == "07/12/2026"
    choose(form.field("funding_type"), "Council-commissioned")
    qtbot.keyClicks(form.field("council_reference"), "ASC-55012")
    qtbot.keyClicks(form.field("weekly_minutes"), "7.5")
    before = counts(db_path)
    click(qtbot, form_dialog.save_button)
    assert form.error_text("organisation_id") == (
        "Choose the council or NHS body that commissions this care"
    )
    assert counts(db_path) == before

    click(qtbot, form_dialog.new_council)
    org = form_dialog.dialog
    assert isinstance(org, OrganisationDialog)
    qtbot.keyClicks(org.form.field("name"), "Solihull Council")
    qtbot.keyClicks(org.form.field("postcode"), "b91 3qb")
    org.save()
    assert not org.isVisible()
    assert form.field("organisation_id").currentText() == "Solihull Council"  # type: ignore[attr-defined]
    click(qtbot, form_dialog.save_button)
    assert not form_dialog.isVisible()
    assert table_text(panel.model) == [
        [
            "Council-commissioned",
            "Solihull Council",
            "ASC-55012",
            "100%",
            "All",
            "07/12/2026",
            "",
        ]
    ]
    assert window.ops is not None
    with window.ops.database.session() as s:
        (arrangement,) = funding.current_funding(s, cid)
        assert arrangement.weekly_minutes == 450
        assert arrangement.organisation is not None
        assert arrangement.organisation.postcode == "B91 3QB"

    # End it: the last day defaults to today.
    panel.table.selectRow(0)
    click(qtbot, panel.findChild(QWidget, "endFundingButton"))
    ask = panel.dialog
    assert isinstance(ask, AskDialog)
    assert ask.answer() == "07/12/2026"
    click(qtbot, ask.accept_button)
    assert table_text(panel.model)[0][6] == "07/12/2026"
    assert not panel.findChild(QWidget, "endFundingButton").isEnabled()


def test_new_client_tabs_ask_to_save_details_first(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    window.show_page("clients")
    page = window.pages["clients"]
    click(qtbot, page.new_button)  # type: ignore[attr-defined]
    dialog = page.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ClientDialog)
    dialog.tabs.setCurrentWidget(dialog.contacts)
    assert not dialog.contacts.table.isVisible()
    click(qtbot, dialog.contacts.save_first_button)
    # Nothing typed yet: the details tab comes forward with the message at the name.
    assert dialog.tabs.currentWidget() is dialog.details
    assert dialog.details.error_text("first_name") == "First name is required"
    qtbot.keyClicks(dialog.details.field("first_name"), "Tom")
    qtbot.keyClicks(dialog.details.field("last_name"), "Hardy")
    dialog.tabs.setCurrentWidget(dialog.contacts)
    click(qtbot, dialog.contacts.save_first_button)
    assert dialog.isVisible(), "saving from a tab keeps the dialog open to carry on"
    assert dialog.client_id is not None
    assert dialog.windowTitle() == "Client: Tom Hardy"
    assert dialog.contacts.table.isVisible()
    assert [r.name for r in page.model.rows()] == ["Tom Hardy"]  # type: ignore[attr-defined]
