"""Settings > People: who signs in, with which role (the owner's; docs/people.md), and "You":
who is signed in now, switching person, and changing your own PIN.

The core decides everything (the first person must be an owner, the last owner stays one, who
may do what); these widgets only bind. An owner's recovery code is shown once, when they are
added or made owner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.changes import Changes
from microoffice.core.errors import ValidationError
from microoffice.core.models.enums import PersonRole
from microoffice.core.people import services as people
from microoffice.core.people.rights import Right
from microoffice.core.services import staff
from microoffice.ui.app.runner import Ops
from microoffice.ui.app.sign_in import show_recovery_code
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.form_dialog import FormDialog
from microoffice.ui.widgets.one_dialog import open_alone
from microoffice.ui.widgets.table_model import Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ROLES = [(r.value, r.label) for r in PersonRole]
COLUMNS: list[Column[people.PersonRow]] = [
    Column("Name", lambda r: r.name, 200),
    Column("Role", lambda r: r.role_label, 110),
    Column("Staff record", lambda r: r.staff_name or "—", 170),
    Column("Note", lambda r: "waiting after wrong tries" if r.locked else "", 200),
]


def _secret(form: Form, name: str, label: str) -> QLineEdit:
    field = form.text(name, label, max_length=200)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _staff_options(ops: Ops, parent: QWidget | None) -> list[tuple[Any, str]]:
    rows = ops.read(lambda s: staff.list_staff(s), [], parent=parent)
    return [(None, "— none —"), *((r.id, r.name) for r in rows)]


class PersonDialog(FormDialog):
    """Add someone who signs in: name, role, their staff record, and a PIN typed twice."""

    def __init__(self, ops: Ops, parent: QWidget | None) -> None:
        super().__init__(
            ops,
            "Add a person",
            "They sign in with their name and this PIN or password (six digits or more, or "
            "eight characters or more). Tell them it in person.",
            "Add person",
            parent,
        )
        self.setObjectName("personDialog")
        self.form.text("name", "Name", "as it should sign their records", 100)
        self.form.combo("role", "Role", ROLES)
        self.form.combo("staff_id", "Staff record", _staff_options(ops, parent))
        _secret(self.form, "secret", "PIN or password")
        _secret(self.form, "confirm", "Type it again")
        self.form.set_values({"role": PersonRole.CARER.value})
        self.form.field("name").setFocus()

    def write(self, session: Session, values: dict[str, Any]) -> people.Added:
        if values["secret"] != values["confirm"]:
            raise ValidationError({"confirm": "The two entries are not the same"})
        data = people.PersonData(
            values["name"], values["role"], values["secret"], values["staff_id"]
        )
        added = people.add_person(session, data)
        if added.first:  # she acts as herself from now on, before the pages hear of it
            self.ops.database.signed = added.as_signed()
        return added


class ChangePersonDialog(FormDialog):
    def __init__(self, ops: Ops, row: people.PersonRow, parent: QWidget | None) -> None:
        super().__init__(ops, f"Change {row.name}", f"What {row.name} may do.", "Save", parent)
        self.setObjectName("changePersonDialog")
        self.row = row
        self.form.combo("role", "Role", ROLES)
        self.form.combo("staff_id", "Staff record", _staff_options(ops, parent))
        self.form.set_values({"role": row.role.value, "staff_id": row.staff_id})

    def write(self, session: Session, values: dict[str, Any]) -> people.Added:
        return people.change_person(
            session, self.row.id, values["role"], values["staff_id"], self.row.version
        )


class ResetDialog(FormDialog):
    def __init__(self, ops: Ops, row: people.PersonRow, parent: QWidget | None) -> None:
        super().__init__(
            ops,
            f"New PIN for {row.name}",
            f"A new PIN or password for {row.name}, who forgot theirs. Their count of wrong "
            "tries is cleared.",
            "Set new PIN",
            parent,
        )
        self.setObjectName("resetDialog")
        self.row = row
        _secret(self.form, "secret", "New PIN or password")
        _secret(self.form, "confirm", "Type it again")

    def write(self, session: Session, values: dict[str, Any]) -> people.Added:
        if values["secret"] != values["confirm"]:
            raise ValidationError({"confirm": "The two entries are not the same"})
        return people.reset_secret(session, self.row.id, values["secret"])


class OwnPinDialog(FormDialog):
    def __init__(self, ops: Ops, parent: QWidget | None) -> None:
        super().__init__(
            ops, "Change your PIN", "Your current PIN, then the new one twice.", "Change", parent
        )
        self.setObjectName("ownPinDialog")
        _secret(self.form, "current", "Current PIN or password")
        _secret(self.form, "new", "New PIN or password")
        _secret(self.form, "confirm", "Type it again")

    def write(self, session: Session, values: dict[str, Any]) -> None:
        if values["new"] != values["confirm"]:
            raise ValidationError({"confirm": "The two entries are not the same"})
        people.change_own_secret(session, values["current"], values["new"])


class PeopleBox(QGroupBox):
    """The owner's list of people, with Add, Change role, Reset PIN and Remove."""

    first_added = Signal(object)  # the Signed of the office's first person (the sole trader)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__("People who sign in", parent)
        self.setObjectName("peopleBox")
        self.ops = ops
        self.dialog: QWidget | None = None
        self.code_box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        self.model: RowTableModel[people.PersonRow] = RowTableModel(COLUMNS, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("peopleTable")
        self.table.setAccessibleName("People who sign in")
        self.table.setModel(self.model)
        self.table.setMinimumHeight(150)
        configure_table(self.table, COLUMNS, empty="Nobody signs in yet: you work alone.")
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = push_button(self, "Add person…", self.add, row, name="addPersonButton")
        self.change_button = push_button(
            self, "Change role…", self.change, row, name="changePersonButton"
        )
        self.reset_button = push_button(self, "Reset PIN…", self.reset, row, name="resetPinButton")
        self.remove_button = push_button(
            self, "Remove…", self.remove, row, name="removePersonButton"
        )
        row.addStretch(1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.reload()

    def reload(self) -> None:
        rows = self.ops.read(people.list_people, [], parent=self)
        self.model.set_rows(rows)
        self.hint.setText(
            "Add the people who use this office; from then on everyone signs in with their "
            "name and PIN. Add yourself first, as the owner."
            if not rows
            else "Each person signs in with their name and PIN. What each role may do: "
            "docs/people.md."
        )
        self._buttons()

    def _buttons(self) -> None:
        chosen = selected_row(self.table, self.model) is not None
        for button in (self.change_button, self.reset_button, self.remove_button):
            button.setEnabled(chosen)

    def show_dialog(self, dialog: QDialog) -> None:
        self.dialog = open_alone(self.dialog, dialog)

    def add(self) -> PersonDialog:
        dialog = PersonDialog(self.ops, self)
        dialog.saved.connect(self._added)
        self.show_dialog(dialog)
        return dialog

    def _added(self, added: people.Added) -> None:
        if added.first:  # the sole trader added herself: the window now says who is signed in
            self.first_added.emit(added.as_signed())
        self._show_code(added)
        self.reload()

    def _show_code(self, added: people.Added) -> None:
        if added.recovery_code:
            self.code_box = show_recovery_code(self, added.name, added.recovery_code)

    def change(self) -> None:
        row = selected_row(self.table, self.model)
        if row is not None:
            dialog = ChangePersonDialog(self.ops, row, self)
            dialog.saved.connect(self._show_code)
            self.show_dialog(dialog)

    def reset(self) -> None:
        row = selected_row(self.table, self.model)
        if row is not None:
            dialog = ResetDialog(self.ops, row, self)
            dialog.saved.connect(self._show_code)
            self.show_dialog(dialog)

    def remove(self) -> None:
        row = selected_row(self.table, self.model)
        if row is None:
            return
        ask = AskDialog(
            self,
            "Remove person",
            f"{row.name} will no longer sign in. Everything they wrote stays signed with their "
            "name.",
            "Remove",
        )
        ask.accepted.connect(lambda: self.ops.run(lambda s: people.remove_person(s, row.id)))
        self.show_dialog(ask)

    def on_changed(self, changes: Changes) -> None:
        if changes.business or changes.staff:
            self.reload()


class YouBox(QGroupBox):
    """Who is signed in; switch person; change your own PIN."""

    switch = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__("You", parent)
        self.setObjectName("youBox")
        self.ops = ops
        self.dialog: QWidget | None = None
        layout = QHBoxLayout(self)
        self.who = QLabel(self)
        self.who.setObjectName("signedInName")
        layout.addWidget(self.who, 1)
        self.pin_button = push_button(self, "Change your PIN…", self.change_pin, layout,
                                      name="ownPinButton")  # fmt: skip
        self.switch_button = push_button(
            self, "Switch person…", self.switch.emit, layout, name="switchPersonButton"
        )
        self.refresh()

    def refresh(self) -> None:
        signed = self.ops.signed
        person = signed is not None and not signed.is_sole
        if signed is None:
            self.who.setText("Nobody is signed in.")
        elif signed.is_sole:
            self.who.setText(
                f"You work alone as {signed.shown_name}: nobody signs in. Your changes are "
                "signed with the name in your business details."
            )
        else:
            self.who.setText(f"Signed in as <b>{signed.name}</b> ({signed.role.label.lower()}).")
        self.pin_button.setVisible(person)
        self.switch_button.setVisible(person)

    def change_pin(self) -> None:
        self.dialog = open_alone(self.dialog, OwnPinDialog(self.ops, self))


def people_widgets(ops: Ops, parent: QWidget) -> tuple[YouBox, PeopleBox | None]:
    """The boxes the Settings page shows for this person."""
    people_box = PeopleBox(ops, parent) if ops.may(Right.PEOPLE) else None
    return YouBox(ops, parent), people_box
