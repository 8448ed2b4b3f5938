"""Who pays for a client's care: self-funded, direct payment, council, third party, or a split.

Which payer is allowed for which funding type (never the council for a direct payment) is
core's rule; the dialog only offers the choices and shows core's message at the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.errors import ValidationError
from microoffice.core.readers.times import hours_text
from microoffice.core.services import funding
from microoffice.core.services.contacts import contact_rows
from microoffice.core.services.funding import (
    FundingData,
    FundingRow,
    OrganisationData,
    funding_rows,
)
from microoffice.core.vocabulary import (
    FUNDING_TYPES,
    ORGANISATION_KINDS,
    SERVICE_TYPES,
    contact_kind_label,
    format_date,
    funding_label,
)
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.buttons import action_buttons
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.panel import ChildPanel
from microoffice.ui.widgets.table_model import Column
from microoffice.ui.widgets.unsaved import EditingDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


COLUMNS: list[Column[FundingRow]] = [
    Column("Funding", lambda r: funding_label(r.funding_type), 180),
    Column("Invoice goes to", lambda r: r.payer, 250),
    Column("Council ref.", lambda r: r.reference, 100),
    Column("Share", lambda r: f"{r.share}%", 60),
    Column("Services", lambda r: r.services, 150),
    Column("From", lambda r: format_date(r.start), 90),
    Column("Until", lambda r: format_date(r.end), 90),
]


class FundingPanel(ChildPanel[FundingRow]):
    people_changed = Signal()  # a save also recorded a contact (funding.save_with_authorised_...)

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Who is invoiced for this client's care. For split funding add one arrangement "
            "per payer, each with its share or its own services.",
            COLUMNS,
            parent,
            empty="No funding recorded yet.",
        )
        self.setObjectName("fundingPanel")
        self.add_button("Add funding…", "addFundingButton", lambda: self.edit(None), False)
        self.add_button("Edit…", "editFundingButton", lambda: self.edit(self.selected()))
        self.add_button("End…", "endFundingButton", self.end)
        self.finish_buttons()

    def fetch(self, client_id: int) -> list[FundingRow]:
        return self.ops.read(lambda s: funding_rows(s, client_id), [], parent=self)

    def is_muted(self, row: FundingRow) -> bool:
        return row.ended

    def allows(self, button: QPushButton, row: FundingRow) -> bool:
        return button.objectName() != "endFundingButton" or row.end is None

    def on_activated(self) -> None:
        self.edit(self.selected())

    def edit(self, row: FundingRow | None) -> None:
        assert self.client_id is not None
        dialog = FundingDialog(self.ops, self.client_id, row, self)
        dialog.accepted.connect(self.reload)
        dialog.authorised.connect(self.people_changed.emit)
        self.show_dialog(dialog)

    def end(self) -> None:
        row = self.selected()
        if row is None:
            return
        ask = AskDialog(
            self,
            "End funding",
            f"End the {funding_label(row.funding_type).lower()} arrangement? "
            "Visits after its last day will not be invoiced to this payer.",
            "End funding",
            "Last day of this funding:",
            format_date(clock.today()),
            "dd/mm/yyyy",
        )
        ask.accepted.connect(lambda: self._end(row.id, ask.answer()))
        self.show_dialog(ask)

    def _end(self, funding_id: int, last_day: str) -> None:
        def write(session: Session) -> None:
            on = FundingData.from_text({"end_date": last_day}).end_date
            funding.end_funding(session, funding_id, on)

        if self.ops.run(write, parent=self).ok:
            self.reload()


class ServiceChecks(QWidget):
    """Tick the services this arrangement pays for; none ticked means all of them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (value, label) in enumerate(SERVICE_TYPES):
            box = QCheckBox(label, self)
            box.setAccessibleName(f"Service: {label}")
            grid.addWidget(box, i // 3, i % 3)
            self.boxes[value] = box

    def value(self) -> list[str]:
        return [v for v, box in self.boxes.items() if box.isChecked()]

    def set_value(self, values: list[str] | None) -> None:
        for v, box in self.boxes.items():
            box.setChecked(v in (values or []))


class FundingDialog(EditingDialog):
    authorised = Signal()  # the payer was recorded as the direct payment's authorised person

    def __init__(
        self, ops: Ops, client_id: int, row: FundingRow | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ops, self.client_id, self.row = ops, client_id, row
        self.dialog: QDialog | None = None
        self.setObjectName("fundingDialog")
        self.setWindowTitle("New funding" if row is None else "Funding")
        layout = QVBoxLayout(self)
        self.form = f = Form(self)
        f.combo("funding_type", "Funding type", FUNDING_TYPES)
        self.payer = f.combo("payer_contact_id", "Who pays", [])
        council_row = QWidget(self)
        line = QHBoxLayout(council_row)
        line.setContentsMargins(0, 0, 0, 0)
        self.council = QComboBox(council_row)
        self.new_council = QPushButton("New…", council_row)
        self.new_council.setAccessibleName("Add a council or NHS body")
        self.new_council.clicked.connect(self.add_organisation)
        line.addWidget(self.council, 1)
        line.addWidget(self.new_council)
        f.add(
            "organisation_id",
            "Council or NHS body",
            council_row,
            self.council.currentData,
            lambda v: self.council.setCurrentIndex(max(0, self.council.findData(v))),
            focus=self.council,
        )
        f.text("council_reference", "Council reference", "their care package number", 60)
        f.text("purchase_order", "Purchase order", max_length=60)
        f.spin("share_percent", "Share", 1, 100, " %")
        self.services = ServiceChecks(self)
        f.add(
            "service_types",
            "Services covered",
            self.services,
            self.services.value,
            self.services.set_value,
            focus=next(iter(self.services.boxes.values())),
        )
        f.text("weekly_minutes", "Hours a week", "e.g. 10.5", 10)
        f.date("start_date", "Starts")
        f.date("end_date", "Ends")
        f.area("notes", "Notes", 2)
        layout.addWidget(f)
        buttons, self.save_button, _ = action_buttons(
            self, "Save", self.save, self.reject, accessible_name="Save funding"
        )
        layout.addWidget(buttons)
        self._fill_choices()
        data = row.data if row is not None else FundingData(start_date=clock.today())
        f.load(data)
        f.set_values({"weekly_minutes": hours_text(data.weekly_minutes)})

    def _fill_choices(self, select_org: int | None = None) -> None:
        cid = self.client_id

        def fetch(session: Session) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
            people = [
                (c.id, f"{c.name} ({contact_kind_label(c.kind)})")
                for c in contact_rows(session, cid)
            ]
            orgs = [(o.id, o.name) for o in funding.list_organisations(session)]
            return people, orgs

        nothing: tuple[list[tuple[int, str]], list[tuple[int, str]]] = ([], [])
        people, orgs = self.ops.read(fetch, nothing, parent=self)
        keep_payer = self.payer.currentData()
        self.payer.clear()
        self.payer.addItem("The client (or nobody else)", None)
        for pid, text in people:
            self.payer.addItem(text, pid)
        self.payer.setCurrentIndex(max(0, self.payer.findData(keep_payer)))
        keep_org = select_org if select_org is not None else self.council.currentData()
        self.council.clear()
        self.council.addItem("None", None)
        for oid, name in orgs:
            self.council.addItem(name, oid)
        self.council.setCurrentIndex(max(0, self.council.findData(keep_org)))

    def add_organisation(self) -> None:
        dialog = OrganisationDialog(self.ops, self)
        dialog.created.connect(lambda oid: self._fill_choices(select_org=oid))
        self.dialog = dialog
        dialog.open()

    def save(self) -> None:
        """Save; when the payer chosen cannot hold a direct payment, first offer to record them
        as its authorised person (core: funding.dp_holder_offer) in the same step."""
        values = self.form.values()
        client_id = self.client_id

        def offer(session: Session) -> funding.HolderOffer | None:
            try:
                data = FundingData.from_text(values)
            except ValidationError:
                return None  # the save below says what is wrong, at the field
            return funding.dp_holder_offer(session, client_id, data)

        found = self.ops.read(offer, None, parent=self)
        if found is None:
            self._save(values, authorise=False)
            return
        ask = AskDialog(
            self,
            "Who holds the direct payment",
            found.question,
            f"Record {found.name} as authorised person and save",
        )
        ask.setObjectName("holderOffer")
        ask.accepted.connect(lambda: self._save(values, authorise=True))
        ask.rejected.connect(lambda: self._save(values, authorise=False))
        self.dialog = ask
        ask.open()

    def _save(self, values: dict[str, Any], *, authorise: bool) -> None:
        row, client_id = self.row, self.client_id

        def write(session: Session) -> int:
            data = FundingData.from_text(values)
            if authorise:
                funding_id, version = (None, None) if row is None else (row.id, row.version)
                return funding.save_with_authorised_person(
                    session, client_id, data, funding_id, version
                ).id
            if row is None:
                return funding.add_funding(session, client_id, data).id
            return funding.update_funding(session, row.id, data, row.version).id

        if self.ops.run(write, form=self.form, parent=self).ok:
            if authorise:
                self.authorised.emit()
            self.accept()


class OrganisationDialog(EditingDialog):
    """Add a council, managed-account provider or NHS body to choose as a commissioner."""

    created = Signal(int)

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("organisationDialog")
        self.setWindowTitle("New council or NHS body")
        layout = QVBoxLayout(self)
        self.form = f = Form(self)
        f.text("name", "Name", "e.g. Birmingham City Council", 200)
        f.combo("kind", "Kind", ORGANISATION_KINDS)
        f.area("address", "Invoice address", 3)
        f.text("postcode", "Postcode", max_length=10)
        f.text("phone", "Phone", max_length=40)
        f.text("email", "Invoices email", max_length=200)
        layout.addWidget(f)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        values = self.form.values()
        outcome = self.ops.run(
            lambda s: funding.create_organisation(s, OrganisationData(**values)).id,
            form=self.form,
            parent=self,
        )
        if outcome.ok and outcome.value is not None:
            self.created.emit(outcome.value)
            self.accept()
