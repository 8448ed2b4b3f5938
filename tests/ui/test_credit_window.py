"""Credit on account in the window, as Barbara meets it (issue 16, "Money right in the window").

She records £50.00 against a £40.80 invoice: the invoice shows paid, and the £9.20 shows as
credit on the client's Account tab and on the Arrears tab; the next month's invoice takes it off
("Less credit on account"); a later overpayment is recorded as refunded from the Arrears tab, and
one that came after an invoice is used on it from the Invoices tab.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from microoffice.core import clock
from microoffice.core.billing import account, payments
from microoffice.core.models.clients import Client
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.billing.invoice_preview import InvoicePreviewDialog
from microoffice.ui.billing.invoices import InvoicesPage
from microoffice.ui.billing.payment_dialog import PaymentDialog
from microoffice.ui.billing.refund_dialog import RefundDialog
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.widgets.ask import AskDialog
from tests.core.billing import helpers as h
from tests.ui.conftest import OpenWindow
from tests.ui.test_invoices import november, shown_text, table_text


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def issue_month(qtbot: QtBot, page: InvoicesPage, month: str) -> None:
    run = page.run_tab
    page.tabs.setCurrentWidget(run)
    run.month.setCurrentIndex(run.month.findText(month))
    click(qtbot, run.preview_button)
    click(qtbot, run.issue_button)
    qtbot.waitUntil(lambda: run.task is None)


def pay_selected(qtbot: QtBot, page: InvoicesPage, number: str, amount: str) -> None:
    listing = page.list_tab
    page.tabs.setCurrentWidget(listing)
    numbers = [r[0] for r in table_text(listing.model)]
    listing.table.selectRow(numbers.index(number))
    click(qtbot, listing.pay_button)
    pay = listing.dialog
    assert isinstance(pay, PaymentDialog)
    field = pay.form.field("amount")
    field.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, amount)
    click(qtbot, pay.save_button)
    assert not pay.isVisible()


def december(qtbot: QtBot, window: MainWindow, page: InvoicesPage) -> None:
    """One more visit for Ann on Tue 1 December (£25.50), invoiced on 5 January."""
    assert window.ops is not None
    with window.ops.database.session() as s:
        ann = s.scalars(select(Client)).one()
        h.add_visit(s, ann, date(2026, 12, 1), "09:00", "10:00")
    clock.freeze(datetime(2027, 1, 5, 9, 0))
    run = page.run_tab
    page.tabs.setCurrentWidget(run)
    run.start.setText("01/12/2026")
    run.end.setText("31/12/2026")
    click(qtbot, run.preview_button)
    click(qtbot, run.issue_button)
    qtbot.waitUntil(lambda: run.task is None)


def open_client(qtbot: QtBot, window: MainWindow) -> ClientDialog:
    window.show_page("clients")
    page = window.pages["clients"]
    page.reload()  # type: ignore[attr-defined]
    page.table.selectRow(0)  # type: ignore[attr-defined]
    click(qtbot, page.edit_button)  # type: ignore[attr-defined]
    dialog = page.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ClientDialog)
    dialog.tabs.setCurrentWidget(dialog.account)
    return dialog


def test_an_overpayment_is_shown_as_credit_then_used_on_the_next_invoice(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    november(window)  # Ann: £40.80 for November
    page = window.show_page("invoices") or window.page("invoices")
    assert isinstance(page, InvoicesPage)
    issue_month(qtbot, page, "November 2026")
    pay_selected(qtbot, page, "INV-000001", "50.00")
    assert page.list_tab.count_label.text() == (
        "1 shown · £0.00 owed in all · £9.20 in credit on account"
    )
    assert table_text(page.list_tab.model)[0][4:] == [
        "£40.80",
        "£40.80",
        "£0.00",
        "21/12/2026",
        "paid",
    ]

    # The £9.20 on the Arrears tab, in its own column, for a payer who owes nothing.
    page.tabs.setCurrentWidget(page.arrears_tab)
    assert table_text(page.arrears_tab.model) == [
        ["Mrs Ann Smith", "£0.00", "£0.00", "£0.00", "£0.00", "£0.00", "£9.20"]
    ]

    # ... and on the client.
    dialog = open_client(qtbot, window)
    assert dialog.account.summary.text() == (
        "Owed: £0.00. Credit on account: £9.20 (£9.20 from Mrs Ann Smith), taken off the next "
        "invoice unless it is refunded."
    )
    assert table_text(dialog.account.model)[0][0] == "INV-000001"
    assert dialog.account.refund_button.isEnabled()
    dialog.reject()

    # December's visits; the invoice run takes the credit off the new invoice.
    december(qtbot, window, page)
    page.tabs.setCurrentWidget(page.list_tab)
    listing = page.list_tab
    rows = {r[0]: r for r in table_text(listing.model)}
    assert rows["INV-000002"][4:7] == ["£25.50", "£9.20", "£16.30"]
    listing.table.selectRow([r[0] for r in table_text(listing.model)].index("INV-000002"))
    click(qtbot, listing.preview_button)
    preview = listing.dialog
    assert isinstance(preview, InvoicePreviewDialog)
    shown = " ".join(shown_text(preview).split())
    assert "Less credit on account" in shown and "£16.30" in shown
    preview.close()
    page.tabs.setCurrentWidget(page.arrears_tab)
    assert [r[-1] for r in table_text(page.arrears_tab.model)] == [""]  # no credit left


def test_a_refund_from_the_arrears_tab_and_credit_used_on_an_invoice(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    november(window)
    page = window.show_page("invoices") or window.page("invoices")
    assert isinstance(page, InvoicesPage)
    issue_month(qtbot, page, "November 2026")
    pay_selected(qtbot, page, "INV-000001", "60.00")  # £19.20 over

    arrears = page.arrears_tab
    page.tabs.setCurrentWidget(arrears)
    assert not arrears.refund_button.isEnabled()  # nobody chosen yet
    arrears.table.selectRow(0)
    click(qtbot, arrears.refund_button)
    refund = arrears.dialog
    assert isinstance(refund, RefundDialog)
    assert refund.form.field("amount").text() == "19.20"  # type: ignore[attr-defined]
    amount = refund.form.field("amount")
    amount.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(amount, "25.00")
    click(qtbot, refund.save_button)
    assert refund.isVisible()  # more than is held: said at the field, nothing saved
    assert refund.form.error_text("amount") == "Mrs Ann Smith has only £19.20 on account to refund"
    amount.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(amount, "10.00")
    qtbot.keyClicks(refund.form.field("reference"), "REFUND ANN")
    click(qtbot, refund.save_button)
    assert not refund.isVisible()
    assert table_text(arrears.model) == [
        ["Mrs Ann Smith", "£0.00", "£0.00", "£0.00", "£0.00", "£0.00", "£9.20"]
    ]

    # December's invoice takes the £9.20 left. Then £16.30 arrives by standing order and is
    # recorded without being put on an invoice: Barbara uses it on the invoice from the list.
    december(qtbot, window, page)
    assert window.ops is not None
    with window.ops.database.session() as s:
        data = payments.PaymentData(
            received_on=date(2027, 1, 5), amount="16.30", payer_name="Mrs Ann Smith"
        )
        payments.record_payment(s, data, auto=False)
        assert account.credit_on_account(s, "Mrs Ann Smith") == 1630
    listing = page.list_tab
    page.tabs.setCurrentWidget(listing)
    listing.reload()
    numbers = [r[0] for r in table_text(listing.model)]
    listing.table.selectRow(numbers.index("INV-000002"))
    assert table_text(listing.model)[numbers.index("INV-000002")][4:7] == [
        "£25.50",
        "£9.20",
        "£16.30",
    ]
    click(qtbot, listing.credit_button)
    ask = listing.dialog
    assert isinstance(ask, AskDialog)
    assert (
        "Take £16.30 of Mrs Ann Smith's credit on account off INV-000002"
        in ask.findChild(QLabel).text()
    )
    click(qtbot, ask.accept_button)
    rows = {r[0]: r for r in table_text(listing.model)}
    assert rows["INV-000002"][4:] == ["£25.50", "£25.50", "£0.00", "19/01/2027", "paid"]
    assert not listing.credit_button.isEnabled()  # nothing owed, nothing left
