"""Settings: the business's own details as printed on invoices and CQC paperwork, and its logo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import paths
from microoffice.core.changes import Changes
from microoffice.core.people.rights import Right
from microoffice.core.services import business
from microoffice.core.services.business import BusinessData
from microoffice.core.vocabulary import LEGAL_FORMS, NATIONS
from microoffice.ui.app.runner import Ops
from microoffice.ui.settings.people import people_widgets
from microoffice.ui.settings.record_keeping import RecordKeepingBox
from microoffice.ui.settings.security import SecurityBox
from microoffice.ui.widgets.file_dialogs import ask_open_file
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.unsaved import Answer, ask_and_act

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def build_form(form: Form) -> None:
    form.group("Business")
    form.combo("legal_form", "Legal form", LEGAL_FORMS)
    form.text("legal_name", "Legal name", "your name, or the company's registered name", 200)
    form.text("trading_name", "Trading name", "the name clients know", 200)
    form.area("address", "Address for invoices", 3)
    form.text("postcode", "Postcode", max_length=10)
    form.text("phone", "Phone", max_length=40)
    form.text("email", "Email", max_length=200)
    form.combo("nation", "Nation", NATIONS)
    form.group("Registration")
    form.text("company_number", "Company number", "limited companies only", 20)
    form.text("vat_number", "VAT number", max_length=20)
    form.check("cqc_registered", "CQC", "Registered with the CQC")
    form.text("cqc_provider_id", "CQC provider ID", "1-123456789", 20)
    form.text("cqc_location_id", "CQC location ID", "1-987654321", 20)
    form.text("ico_registration_number", "ICO registration", "ZA123456", 20)
    form.group("Invoices and bank", below=True)
    form.text("bank_account_name", "Account name", max_length=100)
    form.text("bank_sort_code", "Sort code", "12-34-56", 8)
    form.text("bank_account_number", "Account number", "8 digits", 8)
    form.spin("payment_terms_days", "Payment terms", 0, 120, " days")
    form.area("invoice_footer", "Invoice footer", 3, "a thank-you, or how to pay")


class SettingsPage(QScrollArea):
    """Leaving with changes typed but not saved asks first (the window asks through `ask`)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.version: int | None = None
        self._clean: dict[str, Any] | None = None  # the details as saved
        self.prompt: QMessageBox | None = None
        self.setObjectName("settingsPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        body.setObjectName("pageBody")
        layout = QVBoxLayout(body)
        heading = QLabel("Settings", body)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        intro = QLabel("Your business details, as printed on invoices and CQC paperwork.", body)
        intro.setObjectName("hint")
        layout.addWidget(intro)
        self.form = Form(body)
        build_form(self.form)
        self._add_logo_field(body)
        layout.addWidget(self.form)

        actions = QHBoxLayout()
        self.save_button = QPushButton("Save business details", body)
        self.save_button.setObjectName("saveButton")
        self.save_button.setAccessibleName("Save business details")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(body)
        self.status.setObjectName("savedLabel")
        # "Saved." stops being true at the first change
        self.form.field_edited.connect(lambda _name: self.status.clear())
        actions.addWidget(self.save_button)
        actions.addWidget(self.status, 1)
        actions.addStretch(1)
        layout.addLayout(actions)

        where = QLabel(body)
        where.setObjectName("hint")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setText(
            f"Your data is kept in {ops.database.place}. Problems are logged to {paths.log_file()}."
        )
        layout.addWidget(where)
        self.you, self.people = people_widgets(ops, body)
        self.you.switch.connect(self._switch_person)
        layout.addWidget(self.you)
        if self.people is not None:
            self.people.first_added.connect(lambda _signed: self._signed_in_changed())
            layout.addWidget(self.people)
        self.record_keeping = RecordKeepingBox(ops, body)
        layout.addWidget(self.record_keeping)
        self.security = SecurityBox(ops, body)
        self.security.setVisible(ops.may(Right.PASSWORD) or ops.may(Right.BUSINESS))
        layout.addWidget(self.security)
        layout.addStretch(1)
        self.setWidget(body)
        self.details = ops.may(Right.BUSINESS)  # the business and bank details
        for widget in (intro, self.form, self.save_button, self.status):
            widget.setVisible(self.details)
        ops.bus.changed.connect(self._on_changed)
        self.reload()

    def _switch_person(self) -> None:
        from microoffice.ui.app.menus import switch_person
        from microoffice.ui.app.shell import Shell

        shell = self.window()
        if isinstance(shell, Shell):
            switch_person(shell)

    def _signed_in_changed(self) -> None:
        from microoffice.ui.app.shell import Shell

        self.you.refresh()
        self.security.refresh()
        shell = self.window()
        if isinstance(shell, Shell):
            shell.show_rights()

    def _add_logo_field(self, body: QWidget) -> None:
        """The logo sits in the form as a field, so a refused picture is explained right there."""
        self.form.group("Logo", column=0)
        holder = QWidget(body)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel("No logo yet", holder)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(180, 80)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setAccessibleName("Logo")
        self.logo_button = QPushButton("Choose logo…", holder)
        self.logo_button.setAccessibleName("Choose a logo picture (PNG or JPEG)")
        self.logo_button.clicked.connect(self.choose_logo)
        row.addWidget(self.logo_preview)
        row.addWidget(self.logo_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        self.form.add("logo", "Logo", holder, lambda: None, lambda _v: None, self.logo_button)

    def reload(self) -> None:
        if not self.details:
            return

        def fetch(session: Session) -> tuple[BusinessData, int, bytes | None]:
            firm = business.get_business(session)
            return BusinessData.from_business(firm), firm.version, firm.logo

        found = self.ops.read(fetch, None, parent=self)
        if found is None:
            return
        data, self.version, logo = found
        edited = self._edits()
        self.form.load(data)
        self._clean = self.form.values()
        self.form.set_values(edited)  # a logo chosen, or a save elsewhere, keeps what is typed
        self._show_logo(logo)

    def _edits(self) -> dict[str, Any]:
        if self._clean is None:
            return {}
        return {k: v for k, v in self.form.values().items() if self._clean.get(k) != v}

    def has_changes(self) -> bool:
        return self.details and bool(self._edits())

    def discard(self) -> None:
        """Put back the details as saved."""
        if self._clean is not None:
            self.form.set_values(self._clean)
        self.form.clear_errors()

    def ask(self, then: Callable[[Answer], None] | None) -> QMessageBox:
        """Save / Discard / Cancel for the business details typed but not saved; `then` hears
        the answer once it has been acted on (`has_changes` says whether a Save worked)."""
        if self.prompt is None or not self.prompt.isVisible():
            what = "your business details"
            self.prompt = ask_and_act(self, what, self.save, self.discard, then)
        return self.prompt

    def _show_logo(self, logo: bytes | None) -> None:
        picture = QPixmap()
        if logo and picture.loadFromData(logo):
            self.logo_preview.setPixmap(
                picture.scaled(
                    self.logo_preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.setText("No logo yet")

    def save(self) -> bool:
        values = self.form.values()
        expected = self.version

        def write(session: Session) -> int:
            data = BusinessData(**{f.name: values[f.name] for f in fields(BusinessData)})
            return business.update_business(session, data, expected).version

        self.status.clear()
        outcome = self.ops.run(write, form=self.form, parent=self)
        if outcome.ok:
            self._clean = values
            self.reload()  # what was saved, as the core wrote it (a postcode in capitals)
            self.status.setText("Saved.")
        return outcome.ok

    def choose_logo(self) -> None:
        chosen = ask_open_file(
            self, "Choose your logo", Path.home(), "Pictures (*.png *.jpg *.jpeg)"
        )
        if chosen is not None:
            self.set_logo_file(chosen)

    def set_logo_file(self, path: Path) -> bool:
        """Store a picture file as the logo; problems appear at the logo field."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.form.show_errors({"logo": f"Cannot read {path.name}: {exc.strerror}"})
            return False
        mime = LOGO_TYPES.get(path.suffix.lower(), "application/octet-stream")

        outcome = self.ops.run(
            lambda s: business.set_logo(s, data, mime), form=self.form, parent=self
        )
        return outcome.ok

    def _on_changed(self, changes: Changes) -> None:
        if self.people is not None:
            self.people.on_changed(changes)
        if changes.business:
            self.reload()
