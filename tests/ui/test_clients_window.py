"""Clients through the window, the way a person uses it: typing, clicking, reopening the app."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.errors import CHANGED_ELSEWHERE
from microoffice.core.services import clients
from microoffice.ui.app.errors import open_error_dialogs
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.clients.page import ClientsPage
from microoffice.ui.widgets.ask import AskDialog
from tests.ui.conftest import OpenWindow, close_window, counts


def clients_page(window: MainWindow) -> ClientsPage:
    window.show_page("clients")
    page = window.pages["clients"]
    assert isinstance(page, ClientsPage) and page.isVisible()
    return page


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, dialog: ClientDialog, values: dict[str, str]) -> None:
    for name, text in values.items():
        field = dialog.details.field(name)
        field.setFocus()
        qtbot.keyClicks(field, text)


def open_new_client(qtbot: QtBot, page: ClientsPage) -> ClientDialog:
    click(qtbot, page.new_button)
    dialog = page.dialog
    assert isinstance(dialog, ClientDialog) and dialog.isVisible()
    return dialog


def double_click_row(qtbot: QtBot, page: ClientsPage, row: int) -> None:
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def visible_rows(page: ClientsPage) -> list[tuple[str, str, str]]:
    """Name, postcode and status exactly as the table displays them."""
    m = page.model
    return [
        (m.index(r, 0).data(), m.index(r, 2).data(), m.index(r, 6).data())
        for r in range(m.rowCount())
    ]


def test_create_edit_archive_then_reopen_finds_client(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    page = clients_page(window)
    assert visible_rows(page) == []

    dialog = open_new_client(qtbot, page)
    type_into(
        qtbot,
        dialog,
        {
            "title": "Mrs",
            "first_name": "Margaret",
            "last_name": "Okafor",
            "date_of_birth": "14/02/1938",
            "nhs_number": "943 476 5919",
            "address_line1": "12 Elm Road",
            "town": "Birmingham",
            "postcode": "b15 2tt",
            "access_notes": "Key safe by the back door",
        },
    )
    nation = dialog.details.field("nation")
    nation.setFocus()
    qtbot.keyClicks(nation, "Wales")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert visible_rows(page) == [("Margaret Okafor", "B15 2TT", "")]
    assert page.selected() is not None and page.selected().name == "Margaret Okafor"
    assert page.count_label.text() == "1 client"

    # Edit: double-click the row, check what was saved came back, add a preferred name.
    double_click_row(qtbot, page, 0)
    edit = page.dialog
    assert isinstance(edit, ClientDialog) and edit.isVisible()
    loaded = edit.details.values()
    assert loaded["postcode"] == "B15 2TT"
    assert loaded["nhs_number"] == "943 476 5919"
    assert loaded["date_of_birth"] == "14/02/1938"
    assert loaded["nation"] == "wales"
    type_into(qtbot, edit, {"preferred_name": "Maggie"})
    click(qtbot, edit.save_button)
    assert not edit.isVisible()
    assert visible_rows(page) == [("Maggie Okafor", "B15 2TT", "")]

    # Archive, with a reason, after confirming.
    page.select_id(page.model.row_at(0).id)
    click(qtbot, page.archive_button)
    ask = page.dialog
    assert isinstance(ask, AskDialog) and ask.isVisible()
    assert ask.field is not None
    qtbot.keyClicks(ask.field, "Moved in with her daughter")
    click(qtbot, ask.accept_button)
    assert visible_rows(page) == []
    assert page.count_label.text() == "0 clients"
    click(qtbot, page.show_archived)
    assert visible_rows(page) == [("Maggie Okafor", "B15 2TT", "Archived")]
    assert page.select_id(page.model.row_at(0).id)
    assert page.selected() is not None and page.selected().archived  # type: ignore[union-attr]
    assert not page.archive_button.isEnabled(), "an archived client cannot be archived again"
    assert page.restore_button.isEnabled()

    close_window(window)

    # A brand-new window on the same file finds her, archived, with everything kept.
    again = open_window()
    page = clients_page(again)
    assert visible_rows(page) == []
    click(qtbot, page.show_archived)
    assert visible_rows(page) == [("Maggie Okafor", "B15 2TT", "Archived")]
    check = open_database(str(db_path))
    try:
        with check.session() as s:
            client = clients.find_client(s, "Maggie Okafor")
            assert (client.title, client.first_name, client.preferred_name) == (
                "Mrs",
                "Margaret",
                "Maggie",
            )
            assert client.date_of_birth == date(1938, 2, 14)
            assert client.nhs_number == "9434765919"
            assert client.nation == "wales"
            assert client.access_notes == "Key safe by the back door"
            assert client.archived_at is not None
            assert client.end_reason == "Moved in with her daughter"
            assert client.end_date == date(2026, 12, 7)
    finally:
        check.close()


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"first_name": "", "last_name": "Okafor"}, "first_name", "First name is required"),
        (
            {"first_name": "Ann", "last_name": "Lee", "postcode": "XYZ 123"},
            "postcode",
            "'XYZ 123' is not a UK postcode; it should look like B15 2TT",
        ),
        (
            {"first_name": "Ann", "last_name": "Lee", "nhs_number": "943 476 5918"},
            "nhs_number",
            "This NHS number is not valid (its check digit is wrong); please re-check it",
        ),
        (
            {"first_name": "Ann", "last_name": "Lee", "date_of_birth": "01/01/2030"},
            "date_of_birth",
            "The date of birth is in the future; please check it",
        ),
        (
            {"first_name": "Ann", "last_name": "Lee", "date_of_birth": "31/02/1950"},
            "date_of_birth",
            "'31/02/1950' is not a date; type it like 31/12/1950",
        ),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(
    qtbot: QtBot,
    open_window: OpenWindow,
    db_path: Path,
    typed: dict[str, str],
    field: str,
    message: str,
) -> None:
    window = open_window()
    page = clients_page(window)
    before = counts(db_path)
    dialog = open_new_client(qtbot, page)
    type_into(qtbot, dialog, typed)
    click(qtbot, dialog.save_button)

    assert dialog.isVisible(), "the dialog stays open so the person can correct it"
    assert dialog.details.error_text(field) == message
    widget = dialog.details.field(field)
    assert widget.property("invalid") is True
    assert dialog.focusWidget() is widget, "the first bad field takes the focus"
    assert dialog.details.banner.isVisible()
    others = [n for n in dialog.details.names() if n != field]
    assert all(dialog.details.error_text(n) == "" for n in others)
    assert open_error_dialogs() == []
    assert counts(db_path) == before
    assert visible_rows(page) == []

    # Correcting the field and saving again clears the message and saves once.
    widget.setFocus()
    widget.clear()  # type: ignore[attr-defined]
    if field == "first_name":
        qtbot.keyClicks(widget, "Ann")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    after = counts(db_path)
    assert after["client"] == before["client"] + 1
    assert len(visible_rows(page)) == 1


def test_stale_edit_shows_the_conflict_and_keeps_the_other_change(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    ops = window.ops
    assert ops is not None
    with ops.database.session() as s:
        cid = clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Lee")).id
    page = clients_page(window)
    page.reload()
    double_click_row(qtbot, page, 0)
    dialog = page.dialog
    assert isinstance(dialog, ClientDialog)
    # Someone else (another window) changes her phone number meanwhile.
    with ops.database.session() as s:
        data = clients.ClientData.from_client(clients.get_client(s, cid))
        data.phone = "0121 496 0000"
        clients.update_client(s, cid, data)
    type_into(qtbot, dialog, {"town": "Solihull"})
    click(qtbot, dialog.save_button)

    boxes = open_error_dialogs()
    assert len(boxes) == 1
    assert boxes[0].text() == CHANGED_ELSEWHERE  # the core's one wording, whichever check caught it
    assert dialog.isVisible()
    with ops.database.session() as s:
        client = clients.get_client(s, cid)
        assert (client.phone, client.town) == ("0121 496 0000", "")
    boxes[0].accept()


def test_search_and_filters_narrow_the_list(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    ops = window.ops
    assert ops is not None
    with ops.database.session() as s:
        for first, last, town, postcode, nation in [
            ("Ann", "Lee", "Solihull", "B91 1AA", "england"),
            ("Bryn", "Jones", "Cardiff", "CF10 1AA", "wales"),
            ("Cath", "Moore", "Shirley", "B90 4DG", "england"),
        ]:
            clients.create_client(
                s,
                clients.ClientData(
                    first_name=first, last_name=last, town=town, postcode=postcode, nation=nation
                ),
            )
    page = clients_page(window)
    page.reload()
    assert [r[0] for r in visible_rows(page)] == ["Bryn Jones", "Ann Lee", "Cath Moore"]

    qtbot.keyClicks(page.search, "b90")
    qtbot.waitUntil(lambda: [r[0] for r in visible_rows(page)] == ["Cath Moore"])
    page.search.clear()
    qtbot.keyClicks(page.search, "soli")
    qtbot.waitUntil(lambda: [r[0] for r in visible_rows(page)] == ["Ann Lee"])
    page.search.clear()
    qtbot.waitUntil(lambda: len(visible_rows(page)) == 3)

    page.nation_filter.setCurrentIndex(page.nation_filter.findText("Wales"))
    assert [r[0] for r in visible_rows(page)] == ["Bryn Jones"]
    assert page.count_label.text() == "1 client"
