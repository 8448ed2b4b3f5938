"""The first-run wizard's pages: welcome, the business, where it works and the CQC, getting
paid, and how to start. Each field is the same field Settings shows later, checked by the same
core rule (services.business.validate), with its message shown at the field."""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from microoffice.core.errors import ValidationError
from microoffice.core.services import business
from microoffice.core.services.business import BusinessData
from microoffice.core.vocabulary import LEGAL_FORMS, NATIONS
from microoffice.ui.widgets.form import Form

CHOICES = (
    (
        "import",
        "Bring in my clients from a spreadsheet",
        "Choose a CSV or Excel file with one client per row; you will see every row checked "
        "before anything is saved. Staff can be brought in the same way.",
    ),
    (
        "empty",
        "Start with an empty office",
        "Add your clients and staff yourself, one at a time.",
    ),
    (
        "demo",
        "Look around with the demo first",
        "Opens Barbara's made-up business (14 clients and their visits) in a separate file, so "
        "you can try everything safely. Your own office, with the details you just gave, opens "
        "next time you start microoffice.",
    ),
)


def hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class _Collects(Protocol):
    """The wizard as its pages see it: it gathers what every page holds into one record."""

    def business_data(self) -> BusinessData: ...


class IntroPage(QWizardPage):
    def __init__(self, data_place: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("introPage")
        self.setTitle("Welcome to microoffice")
        self.setSubTitle("Your clients, visits, invoices and CQC records in one place.")
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                "A few questions set up your invoices and paperwork. It takes about two "
                "minutes, and you can change every answer later under Settings.",
                self,
            )
        )
        layout.addWidget(
            hint(
                f"Everything you enter is kept in one file on this computer:\n{data_place}\n"
                "Nothing is sent anywhere. microoffice makes a backup copy every day.",
                self,
            )
        )
        layout.addStretch(1)


class FormPage(QWizardPage):
    """A page of business fields; Next is refused while one of its fields breaks a rule."""

    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.column = QVBoxLayout(self)
        self.form = Form(self)
        self.column.addWidget(self.form)

    def collect(self) -> BusinessData:
        wizard = cast(_Collects, self.wizard())
        return wizard.business_data()

    def validatePage(self) -> bool:
        """Check everything entered so far; show only what this page can fix."""
        try:
            business.validate(self.collect())
        except ValidationError as exc:
            mine = {k: v for k, v in exc.errors.items() if k in self.form.names()}
            if mine:
                self.form.show_errors(mine)
                self.form.banner.setText(
                    "Please correct the fields marked in red, then press Next."
                )
                return False
        self.form.clear_errors()
        return True


class BusinessPage(FormPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Your business",
            "As it should appear on your invoices and letters.",
            parent,
        )
        self.setObjectName("businessPage")
        f = self.form
        f.combo("legal_form", "Legal form", LEGAL_FORMS)
        f.text("legal_name", "Legal name", "your own name, or the company's registered name", 200)
        f.text("trading_name", "Trading name", "the name your clients know (optional)", 200)
        f.area("address", "Address", 3, "the address for your invoices")
        f.text("postcode", "Postcode", max_length=10)
        f.text("phone", "Phone", max_length=40)
        f.text("email", "Email", max_length=200)
        f.text("company_number", "Company number", "limited companies only", 20)


class RegulationPage(FormPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Where you work, and the CQC",
            "The nation decides bank holidays and the rules that apply; registration decides "
            "which records microoffice asks you to keep.",
            parent,
        )
        self.setObjectName("regulationPage")
        f = self.form
        f.combo("nation", "Nation", NATIONS)
        self.cqc = f.check("cqc_registered", "CQC", "We are registered with the CQC")
        f.text("cqc_provider_id", "CQC provider ID", "1-123456789", 20)
        f.text("cqc_location_id", "CQC location ID", "1-987654321 (optional)", 20)
        f.text("ico_registration_number", "ICO registration", "ZA123456 (optional)", 20)
        self.column.addWidget(
            hint(
                "Personal care (help with washing, dressing, eating or medicines) needs CQC "
                "registration in England. Companionship and help around the home do not.",
                self,
            )
        )
        self.cqc.toggled.connect(self._registered)
        self._registered(False)

    def _registered(self, on: bool) -> None:
        for name in ("cqc_provider_id", "cqc_location_id"):
            self.form.field(name).setEnabled(on)


class BankPage(FormPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Getting paid",
            "Printed on every invoice so clients and councils know where to pay. You can leave "
            "these empty and add them later.",
            parent,
        )
        self.setObjectName("bankPage")
        f = self.form
        f.text("bank_account_name", "Account name", max_length=100)
        f.text("bank_sort_code", "Sort code", "12-34-56", 8)
        f.text("bank_account_number", "Account number", "8 digits", 8)
        f.spin("payment_terms_days", "Payment terms", 0, 120, " days")
        f.text("vat_number", "VAT number", "only if you are registered for VAT", 20)


class StartPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.setTitle("How would you like to start?")
        self.setSubTitle("Your business details are saved when you press Finish.")
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, title, text in CHOICES:
            button = QRadioButton(title, self)
            button.setObjectName(f"{key}Choice")
            button.setAccessibleName(title)
            button.setAccessibleDescription(text)
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
            explanation = hint(text, self)
            explanation.setContentsMargins(26, 0, 0, 8)
            layout.addWidget(explanation)
        self.buttons["import"].setChecked(True)
        layout.addStretch(1)

    def choice(self) -> str:
        for key, button in self.buttons.items():
            if button.isChecked():
                return key
        return "empty"
