"""The first-run wizard: the pages in order, the details saved on Finish, the choice read back.

Finish saves the business details through the same core call Settings uses
(services.business.update_business), in one transaction; the caller then opens the window on an
empty office, on the import dialog, or on the demo.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget, QWizard

from microoffice.core import paths
from microoffice.core.services import business
from microoffice.core.services.business import BusinessData
from microoffice.ui.app.runner import Ops
from microoffice.ui.wizard.pages import BankPage, BusinessPage, IntroPage, RegulationPage, StartPage


class WelcomeWizard(QWizard):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.saved = False
        self.setObjectName("welcomeWizard")
        self.setWindowTitle("Set up microoffice")
        self.setAccessibleName("Set up microoffice")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(QSize(720, 560))
        icon = paths.resources_dir() / "icons" / "microoffice.svg"
        if icon.exists():
            self.setPixmap(QWizard.WizardPixmap.LogoPixmap, QIcon(str(icon)).pixmap(48, 48))
        place = ops.database.place
        self.intro = IntroPage(str(place), self)
        self.business_page = BusinessPage(self)
        self.regulation_page = RegulationPage(self)
        self.bank_page = BankPage(self)
        self.start_page = StartPage(self)
        for page in (
            self.intro,
            self.business_page,
            self.regulation_page,
            self.bank_page,
            self.start_page,
        ):
            self.addPage(page)
        for which in (
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            button = self.button(which)
            button.setAccessibleName(button.text().replace("&", "").strip(" <>"))
        self._load()

    def _load(self) -> None:
        """Start from what is stored (defaults on a new file: sole trader, England, 14 days)."""
        found = self.ops.read(
            lambda s: BusinessData.from_business(business.get_business(s)), BusinessData()
        )
        for page in (self.business_page, self.regulation_page, self.bank_page):
            page.form.load(found)
            page.form.clear_errors()
        self.regulation_page._registered(found.cqc_registered)

    def business_data(self) -> BusinessData:
        """Everything entered on the pages, with the stored values for fields not asked."""
        values: dict[str, Any] = {}
        for page in (self.business_page, self.regulation_page, self.bank_page):
            values |= page.form.values()
        defaults = BusinessData()
        return BusinessData(
            **{f.name: values.get(f.name, getattr(defaults, f.name)) for f in fields(defaults)}
        )

    def choice(self) -> str:
        return self.start_page.choice()

    def accept(self) -> None:
        """Finish: save the details (one transaction); the wizard closes only if they saved."""
        data = self.business_data()

        def save(session: Any) -> None:
            business.update_business(session, data)

        outcome = self.ops.run(save, parent=self)
        if outcome.ok:
            self.saved = True
            super().accept()
