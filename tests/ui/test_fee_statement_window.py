"""The Rates tab's statement of terms and fees, used the way a person would: look at it first,
record it as given, see which version was given when, and be warned when prices change after."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from microoffice.core.billing import rate_cards
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.db.database import open_database
from microoffice.core.models.billing import FeeStatement
from microoffice.ui.app.errors import open_error_dialogs
from microoffice.ui.billing.fee_statement_dialog import RecordStatementDialog
from microoffice.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.core.billing import helpers as h
from tests.ui.conftest import OpenWindow
from tests.ui.test_accessibility import unnamed_controls
from tests.ui.test_client_contacts_funding import click, table_text
from tests.ui.test_rates_tab import rates_tab, retype


def _self_funder(window: object) -> int:
    with window.ops.database.session() as s:  # type: ignore[attr-defined]
        h.set_up_business(s)
        client = h.add_client(s, "Edna", "Marsh")
        h.self_funded(s, client)
        h.add_card(s, client, start=date(2026, 12, 1), hourly_rate_pence=2800)
        return client.id


def _stored(db_path: Path) -> list[tuple[int, date, str, str]]:
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            return [
                (f.version_number, f.given_on, f.given_to, f.how)
                for f in s.scalars(select(FeeStatement).order_by(FeeStatement.id))
            ]
    finally:
        database.close()


def test_preview_then_record_as_given(qtbot: QtBot, open_window: OpenWindow, db_path: Path) -> None:
    window = open_window()
    cid = _self_funder(window)
    panel = rates_tab(qtbot, window, cid)
    status = panel.findChild(QLabel, "feeStatementStatus")
    warning = panel.findChild(QLabel, "fieldError")
    assert status.text().startswith("No statement of terms and fees recorded yet")
    assert not warning.isVisible()

    # Look at it first: the PDF the person will be given, with today's date.
    click(qtbot, panel.findChild(QWidget, "feeStatementButton"))
    preview = panel.preview
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    assert unnamed_controls(preview) == []
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(preview.data)).pages)
    assert "version 1, given 07/12/2026" in text
    assert "£28.00 an hour" in text
    preview.accept()

    # Record it: a typo in the date is refused at the field, nothing is stored.
    click(qtbot, panel.findChild(QWidget, "recordStatementButton"))
    dialog = panel.dialog
    assert isinstance(dialog, RecordStatementDialog) and dialog.isVisible()
    assert unnamed_controls(dialog) == []
    assert dialog.form.values()["given_to"] == "Mrs Edna Marsh"
    retype(qtbot, dialog.form.field("given_on"), "31/11/2026")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "is not a date" in dialog.form.error_text("given_on")
    assert _stored(db_path) == []

    retype(qtbot, dialog.form.field("given_on"), "05/12/2026")
    retype(qtbot, dialog.form.field("given_to"), "David Marsh (son)")
    dialog.form.field("how").setCurrentIndex(dialog.form.field("how").findData("by_hand"))
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert open_error_dialogs() == []
    assert _stored(db_path) == [(1, date(2026, 12, 5), "David Marsh (son)", "by_hand")]
    assert status.text() == (
        "Statement of terms and fees: version 1 given 05/12/2026 to David Marsh (son), by hand."
    )
    assert not warning.isVisible()

    # New prices from 1 April: the tab warns that the statement must be given again.
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        (card,) = rate_cards.cards_for_client(s, cid)
        data = RateCardData.from_card(card)
        data.hourly_rate_pence = 2950
        rate_cards.change_prices_from(s, card.id, date(2027, 4, 1), data)
    panel.reload()
    assert len(table_text(panel.model)) == 2
    assert "version 1 given 05/12/2026" in status.text()
    assert warning.isVisible()
    assert "Prices change on 01/04/2027" in warning.text()
