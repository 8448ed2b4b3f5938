"""The people around a client: next of kin, attorneys and deputies, professionals.

A representative's authority is only relied on once the document has been seen, so the list
shows core's `authority_warnings` beside each person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from microoffice.core.people.rights import Right
from microoffice.core.services import contacts
from microoffice.core.services.contacts import ContactData, ContactRow, contact_rows
from microoffice.core.vocabulary import CONTACT_KINDS, contact_kind_label, format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.panel import ChildPanel
from microoffice.ui.widgets.table_model import Column
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


COLUMNS: list[Column[ContactRow]] = [
    Column("Name", lambda r: r.name, 150),
    Column("Role", lambda r: contact_kind_label(r.kind), 225),
    Column("Relationship", lambda r: r.relationship, 130),
    Column("Phone", lambda r: r.phone, 115),
    Column("Emergency", lambda r: "Yes" if r.emergency else "", 90),
    Column("Document seen", lambda r: format_date(r.checked_on), 120),
    Column("To check", lambda r: r.warnings, 200),
]


class ContactsPanel(ChildPanel[ContactRow]):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Next of kin, family, and anyone with legal authority (LPA, deputy, direct payment "
            "nominee). Record when you saw the legal document before relying on it.",
            COLUMNS,
            parent,
            empty="No contacts recorded yet.",
        )
        self.setObjectName("contactsPanel")
        buttons = [
            self.add_button("Add contact…", "addContactButton", lambda: self.edit(None), False),
            self.add_button("Edit…", "editContactButton", lambda: self.edit(self.selected())),
            self.add_button("Archive…", "archiveContactButton", self.archive),
        ]
        self.finish_buttons()
        self.editable = ops.may(Right.CLIENTS)
        for button in buttons:
            button.setVisible(self.editable)

    def fetch(self, client_id: int) -> list[ContactRow]:
        return self.ops.read(lambda s: contact_rows(s, client_id), [], parent=self)

    def on_activated(self) -> None:
        if self.editable:
            self.edit(self.selected())

    def edit(self, row: ContactRow | None) -> None:
        assert self.client_id is not None
        dialog = ContactDialog(self.ops, self.client_id, row, self)
        dialog.accepted.connect(self.reload)
        self.show_dialog(dialog)

    def archive(self) -> None:
        row = self.selected()
        if row is None:
            return
        ask = AskDialog(
            self,
            "Archive contact",
            f"Archive {row.name}? They will no longer be listed for this client, "
            "but every record that mentions them is kept.",
            "Archive contact",
        )
        ask.accepted.connect(lambda: self._archive(row.id))
        self.show_dialog(ask)

    def _archive(self, contact_id: int) -> None:
        if self.ops.run(lambda s: contacts.archive_contact(s, contact_id)).ok:
            self.reload()


class ContactDialog(EditingDialog):
    def __init__(
        self, ops: Ops, client_id: int, row: ContactRow | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ops, self.client_id, self.row = ops, client_id, row
        self.setObjectName("contactDialog")
        self.setWindowTitle("New contact" if row is None else f"Contact: {row.name}")
        layout = QVBoxLayout(self)
        self.form = Form(self)
        f = self.form
        f.combo("kind", "Role", CONTACT_KINDS)
        f.text("name", "Name", max_length=200)
        f.text("relationship_to_client", "Relationship", "daughter, neighbour…", 100)
        f.text("phone", "Phone", max_length=40)
        f.text("email", "Email", max_length=200)
        f.area("address", "Address", 2)
        f.text("postcode", "Postcode", max_length=10)
        f.check("is_emergency_contact", "Emergency", "Call this person in an emergency")
        f.text("opg_reference", "OPG reference", "for a registered LPA", 40)
        f.date("document_checked_on", "Document seen on")
        f.area("notes", "Notes", 2)
        layout.addWidget(self.form)
        buttons, self.save_button, _ = action_buttons(
            self, "Save", self.save, self.reject, accessible_name="Save contact"
        )
        layout.addWidget(buttons)
        f.load(row.data if row is not None else ContactData())
        f.field("kind").setFocus()

    def save(self) -> None:
        values = self.form.values()
        row, client_id = self.row, self.client_id

        def write(session: Session) -> int:
            data = ContactData.from_text(values)
            if row is None:
                return contacts.add_contact(session, client_id, data).id
            return contacts.update_contact(session, row.id, data, row.version).id

        if self.ops.run(write, form=self.form, parent=self).ok:
            self.accept()
