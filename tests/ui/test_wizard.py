"""First run as a new sole trader meets it (issue 7, points 2 and 3): the welcome wizard on a
brand-new file, her details checked at each field, then her client spreadsheet with a few wrong
rows that are fixed or left out on purpose, and a working window at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QWizard,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.app import Startup
from microoffice.core import paths
from microoffice.core.db.database import open_database
from microoffice.core.models import Client
from microoffice.core.models.business import Business
from microoffice.ui.app.main_window import MainWindow
from microoffice.ui.importing.dialog import ImportDialog
from microoffice.ui.importing.preview import FIRST_CELL, PROBLEMS_COLUMN
from microoffice.ui.wizard.welcome import WelcomeWizard

CLIENTS_CSV = """\
Title,Forename,Surname,DOB,Post Code,Tel
Mrs,Joan,Hughes,03/04/1938,b13 9pl,0121 496 0011
Mr,Peter,Okafor,31/02/1941,B91 3QB,0121 496 0022
Miss,Edna,Price,17/09/1935,B15 2TT,not known
Ms,Rita,Shah,22/11/1944,B14 7QH,07700 900123
"""


class Started:
    """The app started the way app.py starts it (minus the event loop qtbot runs for us)."""

    def __init__(self, qtbot: QtBot, db_path: Path) -> None:
        self.window = MainWindow()
        qtbot.addWidget(self.window)
        self.window.resize(1200, 760)
        app = QApplication.instance()
        self.startup = Startup(app, self.window, str(db_path), None)
        self.window.show()

    @property
    def wizard(self) -> WelcomeWizard:
        found = getattr(self.window, "wizard", None)
        assert isinstance(found, WelcomeWizard)
        return found


@pytest.fixture
def started(qtbot: QtBot, db_path: Path) -> Iterator[Started]:
    run = Started(qtbot, db_path)
    yield run
    run.window.close()
    run.startup.shutdown()


def type_into(qtbot: QtBot, wizard: WelcomeWizard, page: object, name: str, text: str) -> None:
    field = page.form.field(name)  # type: ignore[attr-defined]
    field.clear()
    for i, line in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.keyClicks(field, line)


def press(qtbot: QtBot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def tick(qtbot: QtBot, box: QAbstractButton) -> None:
    """Click the box itself (the widget may stretch far past its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


NEXT, FINISH = QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton


def walk_to_the_start_page(qtbot: QtBot, wizard: WelcomeWizard) -> None:
    """Fill every page like a person, making the usual mistakes on the way."""
    assert wizard.currentPage() is wizard.intro
    press(qtbot, wizard, NEXT)
    business = wizard.business_page
    assert wizard.currentPage() is business
    press(qtbot, wizard, NEXT)  # nothing typed yet
    assert wizard.currentPage() is business
    assert business.form.error_text("legal_name") == "Legal name is required"
    type_into(qtbot, wizard, business, "legal_name", "Sunrise Home Care")
    type_into(qtbot, wizard, business, "address", "4 Church Road\nMoseley\nBirmingham")
    type_into(qtbot, wizard, business, "postcode", "b13 8aa")
    type_into(qtbot, wizard, business, "email", "hello@sunrise")
    press(qtbot, wizard, NEXT)
    assert business.form.error_text("email").startswith("'hello@sunrise' is not an email")
    type_into(qtbot, wizard, business, "email", "hello@sunrisecare.example")
    press(qtbot, wizard, NEXT)

    regulation = wizard.regulation_page
    assert wizard.currentPage() is regulation
    provider = regulation.form.field("cqc_provider_id")
    assert not provider.isEnabled()  # only asked once "registered" is ticked
    tick(qtbot, regulation.cqc)
    assert provider.isEnabled()
    press(qtbot, wizard, NEXT)
    assert regulation.form.error_text("cqc_provider_id") == (
        "Enter the CQC provider ID shown on your registration"
    )
    type_into(qtbot, wizard, regulation, "cqc_provider_id", "1-234567890")
    press(qtbot, wizard, NEXT)

    bank = wizard.bank_page
    assert wizard.currentPage() is bank
    type_into(qtbot, wizard, bank, "bank_account_name", "Sunrise Home Care")
    type_into(qtbot, wizard, bank, "bank_sort_code", "12345")
    type_into(qtbot, wizard, bank, "bank_account_number", "12345678")
    press(qtbot, wizard, NEXT)
    assert bank.form.error_text("bank_sort_code") == "A sort code has 6 digits, like 12-34-56"
    type_into(qtbot, wizard, bank, "bank_sort_code", "123456")
    press(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.start_page


def test_the_wizard_walks_to_a_working_window_through_the_import(
    qtbot: QtBot, started: Started, db_path: Path, tmp_path: Path
) -> None:
    qtbot.waitUntil(lambda: getattr(started.window, "wizard", None) is not None, timeout=20_000)
    wizard = started.wizard
    assert wizard.isVisible() and not started.window.data_shown_once
    walk_to_the_start_page(qtbot, wizard)
    assert wizard.start_page.buttons["import"].isChecked()  # the default choice
    press(qtbot, wizard, FINISH)
    assert not wizard.isVisible()

    qtbot.waitUntil(lambda: started.window.data_shown_once, timeout=20_000)
    window = started.window
    assert window.windowTitle() == "Sunrise Home Care - microoffice"
    assert window.nav.currentRow() == 2  # Clients, with the import open over it
    dialog = window.import_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Import clients from a spreadsheet"

    source = tmp_path / "my clients.csv"
    source.write_text(CLIENTS_CSV, encoding="utf-8")
    assert dialog.load_file(source)  # what "Choose file…" does with the file picked
    assert dialog.file_label.text() == "my clients.csv: 4 rows"
    assert dialog.summary.text().startswith("4 rows: 2 ready, 2 with problems")
    assert not dialog.import_button.isEnabled()
    model = dialog.model
    dob = FIRST_CELL + 3
    assert model.index(1, dob).data() == "31/02/1941"
    assert model.index(1, dob).data(Qt.ItemDataRole.ToolTipRole) == (
        "'31/02/1941' is not a date; type it like 31/12/1950"
    )
    assert model.index(1, PROBLEMS_COLUMN).data().startswith("Date of birth: '31/02/1941'")
    assert model.index(0, dob).data(Qt.ItemDataRole.ToolTipRole) is None  # Joan is fine

    # Fix Peter's date in the preview, as a keyboard user would: go to the cell, F2, type, Enter.
    table = dialog.table
    table.setCurrentIndex(model.index(1, dob))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState
    editors = table.viewport().findChildren(QLineEdit)
    assert len(editors) == 1 and editors[0].text() == "31/02/1941"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, "28/02/1941")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits the edit on its next turn
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("4 rows: 3 ready, 1 with problems"))
    assert dialog.skip_bad.text() == "Leave out the 1 row with problems"
    assert count_clients(db_path) == 0  # nothing imported while a row is wrong

    tick(qtbot, dialog.skip_bad)  # Edna's row left out on purpose
    assert dialog.import_button.text() == "Import 3 clients"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_result is not None, timeout=20_000)
    assert dialog.summary.text() == "Imported 3 clients; left out 1 row. You can close this window."
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    clients_page = window.pages["clients"]
    model_ = clients_page.model  # type: ignore[attr-defined]
    names = [model_.index(r, 0).data() for r in range(model_.rowCount())]
    assert names == ["Joan Hughes", "Peter Okafor", "Rita Shah"]
    window.show_page("today")
    assert window.stack.currentWidget() is window.pages["today"]

    database = open_database(str(db_path))
    try:
        with database.session() as s:
            firm = s.scalars(select(Business)).one()
            assert (firm.legal_name, firm.postcode, firm.nation) == (
                "Sunrise Home Care",
                "B13 8AA",
                "england",
            )
            assert (firm.cqc_registered, firm.cqc_provider_id) == (True, "1-234567890")
            assert (firm.bank_sort_code, firm.bank_account_number) == ("12-34-56", "12345678")
            peter = s.scalars(select(Client).where(Client.last_name == "Okafor")).one()
            assert peter.date_of_birth.isoformat() == "1941-02-28"  # type: ignore[union-attr]
    finally:
        database.close()


def count_clients(db_path: Path) -> int:
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            return s.scalar(select(func.count(Client.id))) or 0
    finally:
        database.close()


def test_an_office_already_in_use_opens_without_the_wizard(qtbot: QtBot, db_path: Path) -> None:
    from microoffice.core.services import clients

    database = open_database(str(db_path))
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Lee"))
    database.close()
    run = Started(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: run.window.ops is not None, timeout=20_000)
        assert getattr(run.window, "wizard", None) is None
    finally:
        run.window.close()
        run.startup.shutdown()


def test_closing_the_wizard_opens_an_empty_office_and_asks_again_next_time(
    qtbot: QtBot, db_path: Path
) -> None:
    for _ in range(2):
        run = Started(qtbot, db_path)
        try:
            qtbot.waitUntil(lambda r=run: getattr(r.window, "wizard", None) is not None)
            run.wizard.reject()
            qtbot.waitUntil(lambda r=run: r.window.ops is not None, timeout=20_000)
            assert run.window.windowTitle() == "microoffice"
        finally:
            run.window.close()
            run.startup.shutdown()


def test_the_demo_opens_in_its_own_file_and_the_office_keeps_its_details(
    qtbot: QtBot, started: Started, db_path: Path
) -> None:
    qtbot.waitUntil(lambda: getattr(started.window, "wizard", None) is not None, timeout=20_000)
    wizard = started.wizard
    walk_to_the_start_page(qtbot, wizard)
    tick(qtbot, wizard.start_page.buttons["demo"])
    press(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: started.window.ops is not None, timeout=60_000)
    window = started.window
    demo_file = paths.data_dir() / "demo.sqlite"
    assert window.ops is not None and window.ops.database.path == demo_file.resolve()
    qtbot.waitUntil(lambda: window.data_shown_once, timeout=20_000)
    assert window.windowTitle() == "Whitmore Home Care - microoffice"  # Barbara Whitmore's
    assert started.startup.database is window.ops.database  # closed and backed up on exit
    assert count_clients(db_path) == 0
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            assert s.scalars(select(Business.legal_name)).one() == "Sunrise Home Care"
    finally:
        database.close()
