"""People in the window (issue 15): the sign-in at start, the pages and buttons each role is
offered, a direct attempt refused by the core, Settings > People, switching person, the auto-lock
returning to the sign-in, a note's history with names and the MAR initials of the giver."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.app import Startup
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import NotAllowedError
from microoffice.core.models import Client
from microoffice.core.models.records import DailyNote
from microoffice.core.people.rights import Right, refusal
from microoffice.core.people.signin import WRONG
from microoffice.core.records import medication as med
from microoffice.core.services import clients
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.lock import IdleLock
from microoffice.ui.app.main_window import KEYS, MainWindow
from microoffice.ui.app.menus import switch_person
from microoffice.ui.app.runner import Ops
from microoffice.ui.app.sign_in import SignInDialog
from microoffice.ui.records.mar_dialog import DoseDialog
from microoffice.ui.records.note_dialogs import NoteDialog, NoteHistoryDialog
from microoffice.ui.records.page import RecordsPage
from microoffice.ui.settings.page import SettingsPage
from microoffice.ui.settings.people import PersonDialog
from tests import people_helpers as helpers
from tests.core.care_home import london
from tests.core.people.conftest import NAMES, Office, build

SignedWindow = Callable[[str], MainWindow]


@pytest.fixture
def office(fresh_db_file: Path) -> Office:
    database = open_database(str(fresh_db_file))
    built = build(database)
    database.close()
    return built


@pytest.fixture
def signed_window(qtbot: QtBot, office: Office, db_path: Path) -> Iterator[SignedWindow]:
    """A window on the team's office, signed in as one of them (through the real sign-in)."""
    opened: list[Database] = []

    def open_(name: str) -> MainWindow:
        database = open_database(str(db_path))
        opened.append(database)
        helpers.become(database, name)
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1200, 760)
        window.show()
        window.attach(Ops(database, Bus(window)))
        qtbot.waitUntil(lambda: window.data_shown_once)
        return window

    yield open_
    for database in opened:
        database.close()


def shown_pages(window: MainWindow) -> list[str]:
    return [key for row, key in enumerate(KEYS) if not window.nav.item(row).isHidden()]


def click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# -- signing in at the start -------------------------------------------------------------------
class Started:
    """The app started as app.py starts it (minus the event loop qtbot runs)."""

    def __init__(self, qtbot: QtBot, db_path: Path) -> None:
        self.window = MainWindow()
        qtbot.addWidget(self.window)
        self.startup = Startup(QApplication.instance(), self.window, str(db_path), None)
        self.window.show()


def test_at_start_nothing_is_shown_until_someone_signs_in(
    qtbot: QtBot, office: Office, db_path: Path
) -> None:
    run = Started(qtbot, db_path)
    try:
        qtbot.waitUntil(lambda: getattr(run.startup, "sign_in_dialog", None) is not None)
        dialog = run.startup.sign_in_dialog
        assert isinstance(dialog, SignInDialog) and dialog.isVisible()
        assert run.window.first_look is None and run.window.ops is None  # no data on screen
        assert [dialog.names.itemText(i) for i in range(dialog.names.count())] == sorted(
            NAMES.values()
        )
        dialog.names.setCurrentText(NAMES["carer"])
        qtbot.keyClicks(dialog.secret, "999999")
        click(qtbot, dialog.sign_in_button)
        assert dialog.isVisible() and dialog.problem.text() == WRONG
        assert dialog.secret.text() == "" and run.window.ops is None
        qtbot.keyClicks(dialog.secret, helpers.PIN)
        click(qtbot, dialog.sign_in_button)
        qtbot.waitUntil(lambda: run.window.data_shown_once)
        assert not dialog.isVisible()
        assert run.window.who.text() == "Signed in: Anna Lee (carer)"
        assert shown_pages(run.window) == ["today", "calendar", "clients", "records", "settings"]
    finally:
        run.window.close()
        run.startup.shutdown()


# -- what each role is offered -----------------------------------------------------------------
PAGES = {
    "owner": KEYS,
    "manager": KEYS,
    "carer": ["today", "calendar", "clients", "records", "settings"],
    "bookkeeper": ["today", "clients", "invoices", "settings"],
}


@pytest.mark.parametrize("role", list(PAGES))
def test_each_role_is_offered_only_its_pages_and_menus(
    signed_window: SignedWindow, role: str
) -> None:
    window = signed_window(NAMES[role])
    assert shown_pages(window) == list(PAGES[role])
    for key in KEYS:
        if key not in PAGES[role]:
            assert window.show_page(key) is None  # the shortcut keys cannot reach it either
            with pytest.raises(PermissionError):
                window.page(key)
    actions = window.menu_actions
    office_work = role in ("owner", "manager")
    assert actions["backup"].isVisible() == office_work
    assert actions["import_clients"].isVisible() == office_work
    assert actions["switch_person"].isVisible()
    settings = window.show_page("settings") or window.page("settings")
    assert isinstance(settings, SettingsPage)
    assert (settings.people is not None) == (role == "owner")
    assert settings.form.isVisibleTo(settings) == office_work
    assert settings.security.set_button.isVisibleTo(settings) == (role == "owner")


def test_a_carer_reads_but_does_not_change_and_the_core_refuses_a_direct_attempt(
    qtbot: QtBot, signed_window: SignedWindow, office: Office, db_path: Path
) -> None:
    window = signed_window(NAMES["carer"])
    page = window.show_page("clients") or window.page("clients")
    assert page.model.rowCount() == 1  # type: ignore[attr-defined]  # Edna only
    for name in ("new_button", "archive_button", "restore_button"):
        assert not getattr(page, name).isVisibleTo(page)
    assert page.edit_button.text() == "Open…"  # type: ignore[attr-defined]
    calendar = window.show_page("calendar") or window.page("calendar")
    assert not calendar.new_plan_button.isVisibleTo(calendar)  # type: ignore[attr-defined]
    assert [calendar.show_combo.itemText(0)] == ["My visits"]  # type: ignore[attr-defined]
    records = window.show_page("records") or window.page("records")
    assert isinstance(records, RecordsPage)
    assert records.incidents is None and records.tabs.count() == 3
    assert not records.plan.review_button.isVisibleTo(records.plan)
    assert not records.medicines.add_button.isVisibleTo(records.medicines)
    assert records.notes.new_note_button.isVisibleTo(records.notes)  # a carer writes notes

    before = _count_clients(db_path)
    assert window.ops is not None
    outcome = window.ops.run(
        lambda s: clients.create_client(s, clients.ClientData(first_name="Ivy", last_name="Q")),
        parent=window,
    )
    assert not outcome.ok and isinstance(outcome.error, NotAllowedError)
    assert str(outcome.error) == refusal(Right.CLIENTS)
    box = _error_box()
    assert box.text() == refusal(Right.CLIENTS)
    box.close()
    assert _count_clients(db_path) == before


def _error_box() -> QMessageBox:
    boxes = [
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]  # fmt: skip
    assert len(boxes) == 1
    return boxes[0]


def _count_clients(db_path: Path) -> int:
    database = open_database(str(db_path))
    try:
        helpers.become(database, NAMES["owner"])
        with database.session(reading=True) as s:
            return int(s.scalar(select(func.count()).select_from(Client)) or 0)
    finally:
        database.close()


def test_a_bookkeeper_sees_money_not_care(signed_window: SignedWindow) -> None:
    window = signed_window(NAMES["bookkeeper"])
    today = window.pages["today"]
    assert not today.visits.isVisibleTo(today)  # type: ignore[attr-defined]
    assert not today.header.staff_card.isVisibleTo(today)  # type: ignore[attr-defined]
    clients_page = window.show_page("clients") or window.page("clients")
    assert clients_page.model.rowCount() == 2  # type: ignore[attr-defined]  # to bill them
    invoices = window.show_page("invoices") or window.page("invoices")
    assert invoices is not None


# -- Settings > People -------------------------------------------------------------------------
def test_the_owner_adds_changes_resets_and_removes_people(
    qtbot: QtBot, signed_window: SignedWindow, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = signed_window(NAMES["owner"])
    settings = window.show_page("settings") or window.page("settings")
    assert isinstance(settings, SettingsPage) and settings.people is not None
    box = settings.people
    assert box.model.rowCount() == 4
    dialog = box.add()
    assert isinstance(dialog, PersonDialog)
    qtbot.keyClicks(dialog.form.field("name"), "Jo Carer")
    dialog.form.set_values({"role": "carer", "staff_id": office.jo_staff})
    qtbot.keyClicks(dialog.form.field("secret"), "13579")
    qtbot.keyClicks(dialog.form.field("confirm"), "13579")
    click(qtbot, dialog.save_button)
    assert dialog.form.error_text("secret") == "A PIN needs at least 6 digits"
    for name in ("secret", "confirm"):
        dialog.form.field(name).clear()  # type: ignore[attr-defined]
        qtbot.keyClicks(dialog.form.field(name), "135791")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: box.model.rowCount() == 5)
    assert box.code_box is None  # only an owner is given a recovery code
    assert [box.model.index(r, 0).data() for r in range(5)][3] == "Jo Carer"
    box.table.selectRow(3)
    monkeypatch.setattr(box, "show_dialog", lambda d: setattr(box, "dialog", d))
    box.reset()
    reset = box.dialog
    for name in ("secret", "confirm"):
        qtbot.keyClicks(reset.form.field(name), "864200")  # type: ignore[union-attr]
    click(qtbot, reset.save_button)  # type: ignore[union-attr]
    assert helpers.become(open_database_for(window), "Jo Carer", "864200").name == "Jo Carer"


def open_database_for(window: MainWindow) -> Database:
    assert window.ops is not None
    return window.ops.database


def test_a_sole_trader_adds_herself_first_and_is_shown_her_recovery_code(
    qtbot: QtBot, open_window: Callable[[], MainWindow], db_path: Path
) -> None:
    from microoffice.core.services import business

    database = open_database(str(db_path))
    with database.session() as s:
        business.update_business(s, business.BusinessData(legal_name="Barbara Whitmore"))
    database.close()
    window = open_window()
    assert not window.menu_actions["switch_person"].isVisible()  # nobody signs in yet
    settings = window.show_page("settings") or window.page("settings")
    assert isinstance(settings, SettingsPage) and settings.people is not None
    assert "You work alone as Barbara Whitmore" in settings.you.who.text()
    dialog = settings.people.add()
    qtbot.keyClicks(dialog.form.field("name"), "Barbara Whitmore")
    dialog.form.set_values({"role": "owner"})
    for name in ("secret", "confirm"):
        qtbot.keyClicks(dialog.form.field(name), "246810")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: settings.people is not None and settings.people.code_box is not None)
    code = settings.people.code_box
    assert code is not None and "Recovery code for Barbara Whitmore" in code.text()
    assert window.who.text() == "Signed in: Barbara Whitmore (owner)"
    assert window.menu_actions["switch_person"].isVisible()
    assert "Signed in as <b>Barbara Whitmore</b>" in settings.you.who.text()
    assert open_error_boxes() == []  # the pages that reloaded read as her, not as nobody


def open_error_boxes() -> list[str]:
    from microoffice.ui.app import errors

    return [box.text() for box in errors._open_boxes if box.isVisible()]


# -- switching person and the auto-lock --------------------------------------------------------
def test_switch_person_rebuilds_the_window_for_the_next_person(
    qtbot: QtBot, signed_window: SignedWindow, office: Office
) -> None:
    window = signed_window(NAMES["owner"])
    records = window.show_page("records") or window.page("records")
    assert isinstance(records, RecordsPage)
    records.choose_client(office.fred)
    records.notes.new_note()
    left_open = records.notes.dialog
    assert left_open is not None and left_open.isVisible()  # the owner's unsaved note
    dialog = switch_person(window)
    assert isinstance(dialog, SignInDialog)
    dialog.names.setCurrentText(NAMES["carer"])
    qtbot.keyClicks(dialog.secret, helpers.PIN)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(lambda: window.who.text() == "Signed in: Anna Lee (carer)")
    assert not left_open.isVisible()  # what the owner had open is not left to the carer
    assert shown_pages(window) == PAGES["carer"]
    assert "records" not in window.pages or window.pages["records"] is not records


def test_the_auto_lock_returns_to_the_sign_in(
    qtbot: QtBot, signed_window: SignedWindow, office: Office
) -> None:
    window = signed_window(NAMES["owner"])
    assert window.ops is not None
    lock = IdleLock(QApplication.instance(), window, window.ops)
    window.ops.run(
        lambda s: __import__("microoffice.core.services.business", fromlist=["x"]).set_setting(
            s, "lock_idle_minutes", 5
        )
    )
    lock.reload()
    assert lock.timer.isActive()  # people sign in: the lock is on, with no office password
    lock.lock_now()
    assert lock.locked and not window.centralWidget().isVisible()
    dialog = lock.dialog
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    assert dialog.names.currentText() == NAMES["owner"]
    qtbot.keyClicks(dialog.secret, "000000")
    click(qtbot, dialog.sign_in_button)
    assert lock.locked and not window.centralWidget().isVisible()
    assert dialog.problem.text() == WRONG
    qtbot.keyClicks(dialog.secret, helpers.PIN)
    click(qtbot, dialog.sign_in_button)
    assert not lock.locked and window.centralWidget().isVisible()
    assert window.who.text() == "Signed in: Barbara Whitmore (owner)"

    lock.lock_now()  # a carer finds the computer locked and signs in: it becomes hers
    dialog = lock.dialog
    dialog.names.setCurrentText(NAMES["carer"])
    qtbot.keyClicks(dialog.secret, helpers.PIN)
    click(qtbot, dialog.sign_in_button)
    assert not lock.locked and window.centralWidget().isVisible()
    qtbot.waitUntil(lambda: window.who.text() == "Signed in: Anna Lee (carer)")
    assert shown_pages(window) == PAGES["carer"]


# -- signed records in the window --------------------------------------------------------------
def test_a_notes_history_names_who_wrote_it_and_for_whom(
    qtbot: QtBot, signed_window: SignedWindow, office: Office, db_path: Path
) -> None:
    database = open_database(str(db_path))
    helpers.become(database, NAMES["owner"])
    helpers.old_note(database, office.edna, london(2026, 12, 6, 8))  # from before sign-in
    database.close()
    window = signed_window(NAMES["owner"])
    records = window.show_page("records") or window.page("records")
    assert isinstance(records, RecordsPage)
    records.choose_client(office.edna)
    tab = records.notes
    tab.visits.selectRow(0)  # Anna's visit this morning
    tab.note_for_visit()
    dialog = tab.dialog
    assert isinstance(dialog, NoteDialog)
    assert "staff_id" not in dialog.form.names()  # from a visit, the carer at it gave the care
    qtbot.keyClicks(dialog.form.field("text"), "Washed and dressed; ate porridge.")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.note_model.rowCount() == 2)
    assert tab.note_model.index(0, 2).data() == "Barbara Whitmore for Anna Lee"
    assert tab.note_model.index(1, 2).data() == "before sign-in was used"
    history = NoteHistoryDialog(window.ops, tab.note_model.row_at(0).id, window)  # type: ignore[arg-type]
    qtbot.addWidget(history)
    text = history.view.toPlainText()
    assert "written by Barbara Whitmore on behalf of Anna Lee" in text
    old = NoteHistoryDialog(window.ops, tab.note_model.row_at(1).id, window)  # type: ignore[arg-type]
    qtbot.addWidget(old)
    assert "written before sign-in was used" in old.view.toPlainText()


def _amlodipine(db_path: Path, client_id: int) -> None:
    database = open_database(str(db_path))
    helpers.become(database, NAMES["owner"])
    with database.session() as s:
        data = med.MedicineData(
            name="Amlodipine", dose="1 tablet", times=["08:00"], start_date=date(2026, 12, 1)
        )
        med.add_medicine(s, client_id, data)
    database.close()


def _dose_dialog(qtbot: QtBot, window: MainWindow, client_id: int) -> tuple[Any, DoseDialog]:
    records = window.show_page("records") or window.page("records")
    assert isinstance(records, RecordsPage)
    records.choose_client(client_id)
    tab = records.medicines
    tab.doses.selectRow(0)
    click(qtbot, tab.record_button)
    dialog = tab.dialog
    assert isinstance(dialog, DoseDialog)
    return tab, dialog


def test_mar_initials_are_the_givers_when_the_owner_types_the_dose_in(
    qtbot: QtBot, signed_window: SignedWindow, office: Office, db_path: Path
) -> None:
    _amlodipine(db_path, office.edna)
    window = signed_window(NAMES["owner"])
    tab, dialog = _dose_dialog(qtbot, window, office.edna)
    dialog.form.set_values({"staff_id": office.anna_staff, "given_at": ("07/12/2026", "08:05")})
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    chart = tab.grid_model.data_
    assert chart is not None and chart.rows[0].cells[6] == "G\nAL"


def test_a_carer_gives_her_own_dose_without_being_asked_who(
    qtbot: QtBot, signed_window: SignedWindow, office: Office, db_path: Path
) -> None:
    _amlodipine(db_path, office.edna)
    window = signed_window(NAMES["carer"])
    tab, dialog = _dose_dialog(qtbot, window, office.edna)
    assert "staff_id" not in dialog.form.names()
    dialog.form.set_values({"given_at": ("07/12/2026", "08:05")})
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    chart = tab.grid_model.data_
    assert chart is not None and chart.rows[0].cells[6] == "G\nAL"


@pytest.mark.parametrize("role", ["carer", "bookkeeper", "manager"])
def test_every_page_and_tab_a_role_is_offered_opens_without_a_refusal(
    qtbot: QtBot, signed_window: SignedWindow, role: str
) -> None:
    """What the window offers a person it can show them: no page or tab it offers reads
    something the core then refuses (which would show an error instead of the page)."""
    from PySide6.QtWidgets import QTabWidget

    window = signed_window(NAMES[role])
    for key in PAGES[role]:
        page = window.show_page(key) or window.page(key)
        assert page is not None
        for tabs in [t for t in page.findChildren(QTabWidget) if t.isVisible()]:
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.wait(20)
        qtbot.wait(50)
        assert open_error_boxes() == [], f"{role} on {key}"


def test_a_carer_writes_up_her_own_visit_from_today_and_it_is_signed_by_her(
    qtbot: QtBot, signed_window: SignedWindow, office: Office, db_path: Path
) -> None:
    from microoffice.ui.scheduling.visit_dialogs import OutcomeDialog

    window = signed_window(NAMES["carer"])
    visits = window.pages["today"].visits  # type: ignore[attr-defined]
    assert visits.model.rowCount() == 1 and not visits.extra_button.isVisibleTo(visits)
    visits.table.selectRow(0)
    visits.open_outcome("note")
    dialog = visits.dialog
    assert isinstance(dialog, OutcomeDialog)
    qtbot.keyClicks(dialog.form.field("note"), "Washed, dressed, porridge and tea.")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    database = open_database(str(db_path))
    try:
        helpers.become(database, NAMES["owner"])
        with database.session(reading=True) as s:
            note = s.scalars(select(DailyNote)).one()
    finally:
        database.close()
    assert (note.staff_id, note.author, note.on_behalf_of) == (office.anna_staff, "Anna Lee", "")
