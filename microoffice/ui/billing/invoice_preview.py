"""Look at an issued invoice in the window, print it, save it, or open it in a PDF viewer.

With Qt's PDF module (PySide6.QtPdf, in the PySide6-Addons wheel) the stored PDF itself is shown
and printed. pyside6-essentials, which the app installs, does not include it: then the preview is
the same invoice laid out as a page of HTML from the same data, printed through the Qt print
dialog, and "Open PDF" hands the exact document to the computer's own PDF viewer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.billing.document import InvoiceDoc, category_label, collect, stored_pdf
from microoffice.core.money import format_gbp
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.errors import show_error
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.file_dialogs import FileDialog
from microoffice.ui.widgets.screen_fit import ScreenDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def qtpdf_available() -> bool:
    """Whether Qt's PDF viewer is installed (PySide6-Addons); pyside6-essentials lacks it."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("PySide6.QtPdf", "PySide6.QtPdfWidgets"))


def invoice_html(doc: InvoiceDoc) -> str:
    """The invoice as a page of HTML: the same facts and figures as the PDF."""
    s = doc.supplier
    credit = doc.kind == "credit_note"
    heading = "Credit note" if credit else "Invoice"

    def lines(text: str) -> str:
        return "<br>".join(escape(p) for p in text.splitlines())

    def money(pence: int) -> str:
        return format_gbp(-pence if credit else pence)

    rows = "".join(
        "<tr>"
        f"<td>{format_date(r.day)}</td><td>{r.weekday}</td><td>{escape(r.description)}</td>"
        f"<td>{escape(r.actual or r.planned)}</td><td align=right>{r.minutes or ''}</td>"
        f"<td align=right>{r.staff}</td><td align=right>{escape(r.rate)}</td>"
        f"<td>{escape(r.enhancement)}</td><td align=right>{money(r.amount_pence)}</td></tr>"
        for r in doc.rows
    )
    vat = ""
    if doc.vat_registered:
        vat = "".join(
            f"<tr><td>{escape(category_label(c))}</td><td align=right>{money(p)}</td></tr>"
            for c, p in doc.by_category
        )
        vat += f"<tr><td>Total VAT</td><td align=right>{money(doc.vat_pence)}</td></tr>"
    facts = [("Number", doc.number), ("Date", format_date(doc.issued_on))]
    if credit:
        facts.append(("Credits invoice", doc.original))
    else:
        facts += [
            ("Care provided", f"{format_date(doc.period_start)} to {format_date(doc.period_end)}"),
            ("Payment due by", format_date(doc.due_on)),
        ]
    fact_rows = "".join(f"<tr><td>{k}</td><td><b>{escape(v)}</b></td></tr>" for k, v in facts if v)
    reference = f"<br>Your reference: {escape(doc.payer_reference)}" if doc.payer_reference else ""
    return (
        "<html><body style='font-family: sans-serif'>"
        "<table width=100%><tr><td valign=top>"
        f"<h2>{escape(s.name)}</h2>{lines(chr(10).join(s.legal_lines))}<br>{lines(s.address)}"
        f"<br><small>{escape(s.contact)}<br>{escape(s.cqc_line)}</small></td>"
        f"<td valign=top align=right><h1>{heading}</h1><table>{fact_rows}</table></td></tr></table>"
        f"<p><b>{escape(doc.payer_name)}</b><br>{lines(doc.payer_address)}{reference}"
        f"<br>Care for {escape(doc.client_name)}</p>"
        "<table width=100% cellspacing=0 cellpadding=3 border=1>"
        "<tr><th>Date</th><th>Day</th><th>Care</th><th>Time</th><th>Mins</th><th>Staff</th>"
        f"<th>Rate</th><th>Enhancement</th><th>Amount</th></tr>{rows}</table>"
        f"<table align=right>{vat}{_total_rows(doc, money)}</table>"
        f"<p><small>{escape(doc.basis)}</small></p>"
        + (f"<p><small>{escape(doc.terms)}</small></p>" if doc.terms else "")
        + (f"<p>Reason: {escape(doc.reason)}</p>" if credit else "")
        + "</body></html>"
    )


def _total_rows(doc: InvoiceDoc, money: Callable[[int], str]) -> str:
    """The total; with credit on account taken off at issue, the amount due after it too."""
    if not doc.credit_pence:
        label = "Total credited" if doc.kind == "credit_note" else "Total due"
        total = money(doc.total_pence)
        return f"<tr><td><b>{label}</b></td><td align=right><b>{total}</b></td></tr>"
    return (
        f"<tr><td>Total for this invoice</td><td align=right>{money(doc.total_pence)}</td></tr>"
        f"<tr><td>Less credit on account</td><td align=right>-{money(doc.credit_pence)}</td></tr>"
        f"<tr><td><b>Amount due</b></td><td align=right><b>{money(doc.amount_due_pence)}</b>"
        "</td></tr>"
    )


class InvoicePreviewDialog(ScreenDialog):
    def __init__(self, ops: Ops, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.invoice_id = ops, invoice_id
        self.setObjectName("invoicePreview")
        self.resize(900, 760)

        def fetch(session: Session) -> tuple[InvoiceDoc, bytes]:
            return collect(session, invoice_id), stored_pdf(session, invoice_id)

        nothing: tuple[InvoiceDoc | None, bytes] = (None, b"")
        self.doc, self.pdf = ops.read(fetch, nothing, parent=parent)
        self.setWindowTitle(self.doc.title if self.doc else "Invoice")
        layout = QVBoxLayout(self)
        self.pdf_view: Any = None
        self.browser: QTextBrowser | None = None
        if qtpdf_available():
            self._pdf_viewer(layout)
        else:
            note = QLabel(
                "A preview of the invoice. The PDF is the document as issued: use "
                '"Open PDF" to see it exactly as the payer receives it.',
                self,
            )
            note.setObjectName("hint")
            note.setWordWrap(True)
            layout.addWidget(note)
            self.browser = QTextBrowser(self)
            self.browser.setObjectName("invoiceHtml")
            self.browser.setHtml(invoice_html(self.doc) if self.doc else "")
            layout.addWidget(self.browser, 1)
        row = QHBoxLayout()
        for text, name, slot in (
            ("Print…", "printButton", self.print_),
            ("Save PDF…", "savePdfButton", self.save_pdf),
            ("Open PDF", "openPdfButton", self.open_pdf),
            ("Close", "closeButton", self.accept),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(slot)
            row.addWidget(button)
            if name == "openPdfButton":
                row.addStretch(1)
        layout.addLayout(row)

    def _pdf_viewer(self, layout: QVBoxLayout) -> None:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self._bytes = QByteArray(self.pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf_doc = QPdfDocument(self)
        self.pdf_doc.load(self._buffer)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setDocument(self.pdf_doc)
        layout.addWidget(self.pdf_view, 1)

    def print_(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(f"Print {self.windowTitle()}")
        dialog.accepted.connect(self._print_to_printer)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()  # QPrintDialog.open() wants a receiver; show() stays non-blocking
        self.print_dialog = dialog

    def print_to(self, printer: Any) -> None:
        """Print on a printer already set up (the print dialog's, or a PDF file in tests)."""
        self.printer = printer
        self._print_to_printer()

    def _print_to_printer(self) -> None:
        if self.pdf_view is not None:
            from PySide6.QtGui import QPainter

            painter = QPainter(self.printer)
            area = self.printer.pageLayout().paintRectPixels(self.printer.resolution())
            for page in range(self.pdf_doc.pageCount()):
                if page:
                    self.printer.newPage()
                image = self.pdf_doc.render(page, area.size())
                painter.drawImage(area.topLeft(), image)
            painter.end()
        elif self.browser is not None:
            self.browser.document().print_(self.printer)

    def save_pdf(self) -> None:
        name = f"{self.doc.number}.pdf" if self.doc else "invoice.pdf"
        dialog = FileDialog(
            self, "Save the invoice as a PDF", Path.home() / name, "PDF files (*.pdf)", save=True
        )
        dialog.fileSelected.connect(self.write_pdf)
        dialog.open()
        self.file_dialog = dialog

    def write_pdf(self, path: str) -> None:
        try:
            Path(path).write_bytes(self.pdf)
        except OSError as exc:
            show_error(f"Cannot write {path}: {exc.strerror or exc}", parent=self)

    def open_pdf(self) -> None:
        folder = Path(tempfile.gettempdir()) / "microoffice-invoices"
        folder.mkdir(exist_ok=True)
        target = folder / (f"{self.doc.number}.pdf" if self.doc else "invoice.pdf")
        self.write_pdf(str(target))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
