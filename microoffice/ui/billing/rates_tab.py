"""A client's rate cards, one row per version, oldest first.

Prices on an issued invoice never change, so the tab offers new prices from a date rather than
edits; a correction is only possible until a card has priced an issued invoice, and the list
says which cards have.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from microoffice.core import clock
from microoffice.core.billing import fee_statements
from microoffice.core.billing.card_text import BASIS, label_of
from microoffice.core.billing.card_views import ALL_PAYERS, CardRow, card_rows, payer_choices
from microoffice.core.services import clients
from microoffice.core.vocabulary import format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.billing.fee_statement_dialog import RecordStatementDialog
from microoffice.ui.billing.rate_card_dialog import Existing, Mode, RateCardDialog
from microoffice.ui.widgets.panel import ChildPanel
from microoffice.ui.widgets.pdf_preview import PdfPreviewDialog, preview_pdf
from microoffice.ui.widgets.table_model import Column

if TYPE_CHECKING:
    pass

COLUMNS: list[Column[CardRow]] = [
    Column("Card", lambda r: r.name, 150),
    Column("From", lambda r: format_date(r.start), 85, sort_key=lambda r: r.start),
    Column("Until", lambda r: format_date(r.end), 85, sort_key=lambda r: r.end or date.max),
    Column("Prices", lambda r: r.prices, 150),
    Column("Minimum", lambda r: f"{r.minimum} min", 82, sort_key=lambda r: r.minimum),
    Column("Basis", lambda r: label_of(BASIS, r.basis), 105),
    Column("For", lambda r: r.payer, 200),
    Column("Invoiced", lambda r: "Yes" if r.used else "", 70),
]


class RatesPanel(ChildPanel[CardRow]):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(
            ops,
            "What this client is charged. To change prices, start new ones from a date: the "
            "current card ends the day before, and issued invoices keep the prices they used.",
            COLUMNS,
            parent,
            empty="No rate cards yet.",
        )
        self.setObjectName("ratesPanel")
        self.table.setAccessibleName("Rate cards")
        self.add_button("New from template…", "newRateCardButton", self.new_card, False)
        self.add_button("Change prices from…", "changePricesButton", self.change_prices)
        self.add_button("Edit…", "editRateCardButton", self.edit)
        self.add_button(
            "Statement of terms and fees…", "feeStatementButton", self.preview_statement, False
        )
        self.add_button("Record as given…", "recordStatementButton", self.record_statement, False)
        self.finish_buttons()
        # What was last given in writing (CQC Reg 19), and a warning when prices moved since.
        self.statement_status = QLabel(self)
        self.statement_status.setObjectName("feeStatementStatus")
        self.statement_status.setWordWrap(True)
        self.statement_warning = QLabel(self)
        self.statement_warning.setObjectName("fieldError")
        self.statement_warning.setAccessibleName("Statement of terms and fees: out of date")
        self.statement_warning.setWordWrap(True)
        self.statement_warning.hide()
        self.body.addWidget(self.statement_status)
        self.body.addWidget(self.statement_warning)
        self.preview: PdfPreviewDialog | None = None

    def fetch(self, client_id: int) -> list[CardRow]:
        return self.ops.read(lambda s: card_rows(s, client_id), [], parent=self)

    def reload(self) -> None:
        super().reload()
        self.show_statement_status()

    def show_statement_status(self) -> None:
        cid = self.client_id
        if cid is None:
            return
        status = self.ops.read(
            lambda s: fee_statements.statement_status(s, cid, clock.today()), None, parent=self
        )
        if status is None:
            return
        self.statement_status.setText(status.summary)
        self.statement_status.setAccessibleName(status.summary)
        warning = " ".join(status.changes)
        if warning:
            warning = f"Prices or terms have changed since this statement: {warning}"
        self.statement_warning.setText(warning)
        self.statement_warning.setVisible(bool(warning))

    def preview_statement(self) -> None:
        """The statement as it would be given today, to read, print or save first."""
        cid = self.client_id
        if cid is None:
            return

        def make() -> bytes | None:
            return self.ops.read(
                lambda s: fee_statements.preview_pdf(s, cid, clock.today()), None, parent=self
            )

        self.preview = preview_pdf(
            self, "Statement of terms and fees", "Statement of terms and fees.pdf", make
        )

    def record_statement(self) -> None:
        cid = self.client_id
        if cid is None:
            return
        to = self.ops.read(lambda s: clients.get_client(s, cid).full_name, "", parent=self)
        dialog = RecordStatementDialog(self.ops, cid, to, self)
        dialog.saved.connect(lambda _version: self.show_statement_status())
        self.show_dialog(dialog)

    def is_muted(self, row: CardRow) -> bool:
        return row.ended

    def on_activated(self) -> None:
        self.edit()

    def _open(self, mode: Mode, row: CardRow | None) -> None:
        assert self.client_id is not None
        cid = self.client_id
        fallback: list[tuple[int | None, str]] = [(None, ALL_PAYERS)]
        payers = self.ops.read(lambda s: payer_choices(s, cid), fallback, parent=self)
        existing = (
            None
            if row is None
            else Existing(row.id, row.version, row.funding_id, row.used, row.data)
        )
        dialog = RateCardDialog(self.ops, cid, mode, existing, payers, self)
        dialog.accepted.connect(self.reload)
        self.show_dialog(dialog)

    def new_card(self) -> None:
        self._open(Mode.NEW, None)

    def change_prices(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(Mode.CHANGE, row)

    def edit(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(Mode.EDIT, row)
