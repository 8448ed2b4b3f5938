"""One client: details, the people around them, and who pays.

Thin by design: it loads `ClientData`, binds it to the form, and saves through `ops.run`; every
rule (names required, postcode format, NHS checksum, dates) is checked in core and comes back
as messages shown at the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.people.rights import Right
from microoffice.core.readers.identifiers import nhs_number_text
from microoffice.core.services import clients
from microoffice.core.services.clients import ClientData
from microoffice.core.vocabulary import NATIONS
from microoffice.ui.app.runner import Ops
from microoffice.ui.billing.account_tab import AccountPanel
from microoffice.ui.billing.rates_tab import RatesPanel
from microoffice.ui.clients.contacts import ContactsPanel
from microoffice.ui.clients.funding import FundingPanel
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def build_details(form: Form) -> None:
    """Every field of ClientData, named exactly as core names it (so errors land here)."""
    form.group("Person")
    form.text("title", "Title", "Mrs, Mr, Ms, Dr…", max_length=20)
    form.text("first_name", "First name", max_length=100)
    form.text("last_name", "Last name", max_length=100)
    form.text("preferred_name", "Known as", "the name they like to be called", 100)
    form.date("date_of_birth", "Date of birth")
    form.text("nhs_number", "NHS number", "943 476 5919", max_length=14)
    form.text("phone", "Phone", max_length=40)
    form.text("email", "Email", max_length=200)
    form.text("gp_practice", "GP practice", max_length=200)
    form.area("communication_needs", "Communication needs", 2, "hearing, sight, language…")
    form.group("Home and service")
    form.text("address_line1", "Address", max_length=200)
    form.text("address_line2", "Address line 2", max_length=200)
    form.text("town", "Town", max_length=100)
    form.text("postcode", "Postcode", "B15 2TT", max_length=10)
    form.combo("nation", "Nation", NATIONS)
    form.area("access_notes", "Access notes", 2, "key safe code location, parking, pets…")
    form.date("start_date", "Service started")
    form.date("end_date", "Service ended")
    form.text("end_reason", "Reason it ended", max_length=200)
    form.area("notes", "Notes", 2)


class ClientDialog(EditingDialog):
    """New or existing client; `saved` carries the client's id after each successful save."""

    saved = Signal(int)

    def __init__(self, ops: Ops, client_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.client_id = client_id
        self.version: int | None = None
        self.setObjectName("clientDialog")
        self.setMinimumSize(860, 560)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("clientTabs")
        self.details = Form(self)
        build_details(self.details)
        self.contacts = ContactsPanel(ops, self)
        self.funding = FundingPanel(ops, self)
        self.rates = RatesPanel(ops, self)
        self.account = AccountPanel(ops, self)
        self.tabs.addTab(self.details, "&Details")
        self.tabs.addTab(self.contacts, "&Contacts and representatives")
        self.tabs.addTab(self.funding, "&Funding")
        self.tabs.addTab(self.rates, "&Rates")
        self.tabs.addTab(self.account, "&Account")
        if not ops.may(Right.MONEY):  # who pays and what it costs: money (docs/people.md)
            for money in (self.funding, self.rates, self.account):
                self.tabs.removeTab(self.tabs.indexOf(money))
                money.hide()
        self.editable = ops.may(Right.CLIENTS)
        layout.addWidget(self.tabs)
        buttons, self.save_button, self.cancel_button = action_buttons(
            self,
            "Save",
            self.save,
            self.reject,
            accessible_name="Save client",
            cancel_name="Close without saving",
            cancel_object_name="cancelButton",
        )
        layout.addWidget(buttons)
        if not self.editable:  # seen, not changed: the core refuses a change anyway
            self.save_button.hide()
            self.cancel_button.setText("Close")
            for name in self.details.names():
                self.details.field(name).setEnabled(False)
        for panel in (self.contacts, self.funding, self.rates, self.account):
            panel.save_first.connect(lambda: self.save(close=False))
        # funding may record a contact too (the direct payment's authorised person)
        self.funding.people_changed.connect(self.contacts.reload)
        if client_id is None:
            self.setWindowTitle("New client")
            self.details.load(ClientData())
            self._attach(None)
        else:
            self.load()
        self.details.field("title").setFocus()

    def fields_host(self) -> QWidget:
        """The details are what this dialog saves; the other tabs save as they go."""
        return self.details

    def load(self) -> None:
        assert self.client_id is not None
        cid = self.client_id

        def fetch(session: Session) -> tuple[ClientData, int, str]:
            client = clients.get_client(session, cid)
            return ClientData.from_client(client), client.version, client.display_name

        found = self.ops.read(fetch, None, parent=self)
        if found is None:
            return
        data, self.version, name = found
        self.details.load(data)
        self.details.set_values({"nhs_number": nhs_number_text(data.nhs_number)})
        self.setWindowTitle(f"Client: {name}")
        self._attach(cid)

    def _attach(self, client_id: int | None) -> None:
        self.contacts.set_client(client_id)
        if self.ops.may(Right.MONEY):
            self.funding.set_client(client_id)
            self.rates.set_client(client_id)
            self.account.set_client(client_id)

    def save(self, close: bool = True) -> bool:
        """Save the details; close unless asked to stay (to go on to contacts and funding)."""
        values = self.details.values()
        cid, expected = self.client_id, self.version

        def write(session: Session) -> tuple[int, int, str]:
            data = ClientData.from_text(values)
            if cid is None:
                client = clients.create_client(session, data)
            else:
                client = clients.update_client(session, cid, data, expected)
            return client.id, client.version, client.display_name

        outcome = self.ops.run(write, form=self.details, parent=self)
        if not outcome.ok or outcome.value is None:
            return False
        self.client_id, self.version, name = outcome.value
        self.saved.emit(self.client_id)
        if close:
            self.accept()
        else:
            self.setWindowTitle(f"Client: {name}")
            self._attach(self.client_id)
            self.mark_clean()
        return True
