"""The Invoices page as a bookkeeper uses it (issue 4, point 4): preview the month's run with its
problems first, issue, record a payment, and see the invoice shown as paid."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.core import clock
from microoffice.core.models.billing import Invoice, Payment
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.billing.invoice_preview import InvoicePreviewDialog
from microoffice.ui.billing.invoices import InvoicesPage
from microoffice.ui.billing.payment_dialog import PaymentDialog
from tests.core.billing import helpers as h
from tests.ui.conftest import OpenWindow


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def table_text(model: object) -> list[list[str]]:
    m = model
    return [
        [m.index(r, c).data() for c in range(m.columnCount())]  # type: ignore[attr-defined]
        for r in range(m.rowCount())  # type: ignore[attr-defined]
    ]


def november(window: MainWindow) -> None:
    """Ann self-funds: Tue 3 Nov 1 h (£25.50), Sat 7 Nov 30 min (£15.30), and a visit on
    Wed 4 Nov with no daily note (a problem, not invoiced)."""
    assert window.ops is not None
    with window.ops.database.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        h.add_visit(s, ann, date(2026, 11, 3), "09:00", "10:00")
        h.add_visit(s, ann, date(2026, 11, 7), "09:00", "09:30")
        h.add_visit(s, ann, date(2026, 11, 4), "09:00", "10:00", note=False)


def test_preview_issue_pay_and_see_it_paid(
    qtbot: QtBot, qtmodeltester: Any, open_window: OpenWindow
) -> None:
    window = open_window()
    november(window)
    window.show_page("invoices")
    page = window.pages["invoices"]
    assert isinstance(page, InvoicesPage)
    run = page.run_tab
    assert run.month.currentText() == "November 2026"  # last month, by default
    assert (run.start.text(), run.end.text()) == ("01/11/2026", "30/11/2026")
    click(qtbot, run.preview_button)
    qtmodeltester.check(run.stops)  # the problems models, with their tooltips
    qtmodeltester.check(run.looks)
    stops, looks = table_text(run.stops), table_text(run.looks)
    assert [p[:3] for p in stops] == [["No daily note", "Mrs Ann Smith", "04/11/2026"]]
    assert [p[:3] for p in looks] == [["No fee statement", "Mrs Ann Smith", ""]]  # Reg 19
    assert run.stops_title.text() == "Stops an invoice (1): left out of this run until put right"
    assert run.looks_title.text() == "Worth a look (1): still invoiced"
    assert "write the note, then run the invoices again" in stops[0][3]
    assert "No written statement of fees (Reg 19) recorded for Mrs Ann Smith" in looks[0][3]
    assert table_text(run.drafts) == [["Mrs Ann Smith", "Mrs Ann Smith", "Standard", "2", "£40.80"]]
    assert run.summary.text().startswith("1 thing to put right first (left out of this run).")
    assert run.issue_button.text() == "Issue 1 invoice"

    click(qtbot, run.issue_button)
    qtbot.waitUntil(lambda: run.task is None)  # issuing runs off the UI thread (ui/app/runner.py)
    assert run.summary.text().startswith(
        "Issued 1 invoice (INV-000001 to INV-000001), total £40.80"
    )
    assert run.drafts.rowCount() == 0  # nothing left to bill; the issue button goes quiet
    assert not run.issue_button.isEnabled()

    page.tabs.setCurrentWidget(page.list_tab)
    listing = page.list_tab
    assert table_text(listing.model) == [
        [
            "INV-000001",
            "07/12/2026",
            "Mrs Ann Smith",
            "Mrs Ann Smith",
            "£40.80",
            "£0.00",
            "£40.80",
            "21/12/2026",
            "issued",
        ]
    ]
    listing.table.selectRow(0)
    click(qtbot, listing.preview_button)
    preview = listing.dialog
    assert isinstance(preview, InvoicePreviewDialog)
    shown = shown_text(preview)
    assert "INV-000001" in shown and "£40.80" in shown and "Mrs Ann Smith" in shown
    preview.close()

    click(qtbot, listing.pay_button)
    pay = listing.dialog
    assert isinstance(pay, PaymentDialog)
    assert pay.form.field("amount").text() == "40.80"  # type: ignore[attr-defined]
    pay.form.field("amount").clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(pay.form.field("amount"), "forty")
    click(qtbot, pay.save_button)
    assert pay.isVisible()
    assert pay.form.error_text("amount") == "'forty' is not an amount of money; type it like 12.50"
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        assert s.scalar(select(func.count(Payment.id))) == 0
    pay.form.field("amount").clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(pay.form.field("amount"), "40.80")
    qtbot.keyClicks(pay.form.field("reference"), "A SMITH NOV")
    click(qtbot, pay.save_button)
    assert not pay.isVisible()
    assert table_text(listing.model)[0][5:] == ["£40.80", "£0.00", "21/12/2026", "paid"]
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        invoice = s.scalar(select(Invoice))
        assert invoice is not None and invoice.status == "paid"

    page.tabs.setCurrentWidget(page.arrears_tab)
    assert page.arrears_tab.model.rowCount() == 0  # nothing owed any more
    assert "Taxable turnover in the last 12 months" in page.arrears_tab.vat_label.text()


def test_print_save_void_and_reminder(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from microoffice.ui.widgets.ask import AskDialog

    window = open_window()
    november(window)
    page = window.show_page("invoices") or window.page("invoices")
    assert isinstance(page, InvoicesPage)
    click(qtbot, page.run_tab.preview_button)
    click(qtbot, page.run_tab.issue_button)
    qtbot.waitUntil(lambda: page.run_tab.task is None)
    listing = page.list_tab
    listing.table.selectRow(0)
    click(qtbot, listing.preview_button)
    preview = listing.dialog
    assert isinstance(preview, InvoicePreviewDialog)
    # Saved exactly as issued; printed through Qt (here to a PDF file instead of a printer).
    preview.write_pdf(str(tmp_path / "saved.pdf"))
    assert (tmp_path / "saved.pdf").read_bytes() == preview.pdf
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.print_to(printer)
    printed = PdfReader(tmp_path / "printed.pdf").pages
    if preview.browser is not None:  # the HTML stand-in prints as text
        text = " ".join(p.extract_text() for p in printed)
        assert "INV-000001" in text and "£40.80" in text
    else:  # the stored PDF itself, each page printed as it looks on screen
        assert len(printed) == preview.pdf_doc.pageCount() >= 1
        assert all(len(page.images) == 1 for page in printed)
        assert "INV-000001" in shown_text(preview)
    click(qtbot, preview.findChild(QWidget, "printButton"))
    assert preview.print_dialog.isVisible()  # the Qt print dialog, not blocking the window
    preview.print_dialog.reject()
    preview.close()

    # Overdue by February: a reminder letter for the payer from the arrears tab.
    arrears = page.arrears_tab
    arrears.reload()
    arrears.table.selectRow(0)
    clock.freeze(datetime(2027, 2, 1, 9, 0))
    arrears.write_letter("reminder", "Mrs Ann Smith", str(tmp_path / "reminder.pdf"))
    assert "INV-000001" in PdfReader(tmp_path / "reminder.pdf").pages[0].extract_text()

    # Void with a reason: a credit note appears and the invoice shows void.
    click(qtbot, listing.void_button)
    ask = listing.dialog
    assert isinstance(ask, AskDialog) and ask.field is not None
    qtbot.keyClicks(ask.field, "Sent to the wrong address")
    click(qtbot, ask.accept_button)
    rows = {r[0]: r for r in table_text(listing.model)}
    assert rows["INV-000001"][-1] == "void"
    assert rows["CN-000001"][4] == "-£40.80" and rows["CN-000001"][-1] == "credit note"


def shown_text(preview: InvoicePreviewDialog) -> str:
    """The text the person sees: the stored PDF itself (QtPdf) or its HTML stand-in."""
    if preview.browser is not None:
        return preview.browser.toPlainText()
    document = preview.pdf_doc
    assert document.status() == document.Status.Ready
    return "\n".join(document.getAllText(p).text() for p in range(document.pageCount()))
