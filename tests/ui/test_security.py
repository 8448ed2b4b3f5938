"""Issue 6 in the window: set, change and remove the password from Settings; idle lock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import open_database
from microoffice.core.db.sqlite_files import PasswordRequired
from microoffice.core.services import clients
from microoffice.ui.app.lock import IdleLock
from microoffice.ui.settings.page import SettingsPage
from tests.ui.conftest import OpenWindow, close_window

SURNAME = b"Quigley-Burtonshaw"


def _type_new_password(qtbot: QtBot, page: SettingsPage, text: str, confirm: str) -> None:
    dialog = page.security.dialog
    assert dialog is not None and dialog.isVisible()
    for key, value in (("password", text), ("confirm", confirm)):
        dialog.fields[key].clear()
        qtbot.keyClicks(dialog.fields[key], value)
    dialog.try_accept()


def test_password_set_changed_removed_from_settings(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    assert window.ops is not None
    window.ops.run(
        lambda s: clients.create_client(
            s, clients.ClientData(first_name="Philomena", last_name="Quigley-Burtonshaw")
        )
    )
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    box = page.security
    assert "not protected" in box.state.text()
    assert not box.remove_button.isEnabled()

    qtbot.mouseClick(box.set_button, Qt.MouseButton.LeftButton)
    _type_new_password(qtbot, page, "short", "short")
    assert box.dialog is not None and box.dialog.isVisible()  # refused: too short
    assert "at least 10" in box.dialog.errors["password"].text()
    _type_new_password(qtbot, page, "tea at four o'clock", "tea at four oclock")
    assert "not the same" in box.dialog.errors["confirm"].text()
    _type_new_password(qtbot, page, "tea at four o'clock", "tea at four o'clock")
    qtbot.waitUntil(lambda: "encrypted with a password" in box.state.text())
    assert window.ops.database.key == "tea at four o'clock"
    assert SURNAME not in db_path.read_bytes()
    assert box.set_button.text() == "Change password…"
    with_names = window.ops.read(lambda s: [r.name for r in clients.list_clients(s)], [])
    assert with_names == ["Philomena Quigley-Burtonshaw"]  # the window carries on

    qtbot.mouseClick(box.set_button, Qt.MouseButton.LeftButton)
    _type_new_password(qtbot, page, "scones and jam 2", "scones and jam 2")
    qtbot.waitUntil(lambda: window.ops.database.key == "scones and jam 2")

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not protected" in box.state.text())
    close_window(window)
    assert SURNAME in db_path.read_bytes() or b"Quigley" in db_path.read_bytes()
    open_database(str(db_path)).close()  # opens without a password again


def test_idle_lock_hides_the_records_until_the_password(
    qtbot: QtBot, open_window: OpenWindow, db_path: Path
) -> None:
    window = open_window()
    assert window.ops is not None
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    from microoffice.core.services.encryption import change_password

    window.ops.swap_database(change_password(window.ops.database, "lock me please"))
    page.security.refresh()
    lock = IdleLock(QApplication.instance(), window, window.ops)
    page.security.lock_minutes.setValue(5)
    qtbot.mouseClick(page.security.lock_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.minutes == 5)
    assert lock.timer.isActive() and lock.timer.interval() == 5 * 60_000

    lock.lock_now()  # as if five quiet minutes had passed
    assert lock.locked and not window.centralWidget().isVisible()
    qtbot.keyClicks(lock.dialog.field, "wrong guess")
    lock.dialog.accept()
    assert lock.locked and not window.centralWidget().isVisible()
    assert "not the password" in lock.dialog.problem.text()
    qtbot.keyClicks(lock.dialog.field, "lock me please")
    lock.dialog.accept()
    assert not lock.locked and window.centralWidget().isVisible()
    assert lock.timer.isActive()
    close_window(window)
    try:
        open_database(str(db_path)).close()
    except PasswordRequired:
        pass
    else:
        raise AssertionError("the file should still be protected")


def test_idle_lock_hides_every_window_and_dialog_and_brings_them_back(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    """Issue 13: a client's form (a dialog of its own, with a date of birth and NHS number) and
    any other window were left on screen by the lock; now nothing but the lock is visible, and
    what was typed is still there after unlocking."""
    from PySide6.QtWidgets import QLabel

    from microoffice.core.services.encryption import change_password
    from microoffice.ui.clients.dialog import ClientDialog
    from microoffice.ui.clients.page import ClientsPage

    window = open_window()
    assert window.ops is not None
    window.ops.swap_database(change_password(window.ops.database, "lock me please"))
    lock = IdleLock(QApplication.instance(), window, window.ops)
    window.show_page("clients")
    page = window.pages["clients"]
    assert isinstance(page, ClientsPage)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ClientDialog) and dialog.isVisible()
    field = dialog.details.field("last_name")
    field.setFocus()
    qtbot.keyClicks(field, "Quigley-Burtonshaw")
    loose = QLabel("NHS 943 476 5919")  # a window of its own, with no parent
    qtbot.addWidget(loose)
    loose.show()

    lock.lock_now()
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert set(shown) == {window, lock.dialog}
    assert not window.centralWidget().isVisible()
    assert not dialog.isVisible() and not loose.isVisible()

    qtbot.keyClicks(lock.dialog.field, "lock me please")
    lock.dialog.accept()
    assert not lock.locked
    assert dialog.isVisible() and loose.isVisible() and window.centralWidget().isVisible()
    assert dialog.details.values()["last_name"] == "Quigley-Burtonshaw"  # nothing was lost
    dialog.reject()
    close_window(window)


def test_settings_lists_unencrypted_backups_made_elsewhere_and_encrypts_them(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    from microoffice.core.db.sqlite_files import is_plain_sqlite
    from microoffice.core.services import backups
    from microoffice.core.services.encryption import change_password

    window = open_window()
    assert window.ops is not None
    window.ops.run(
        lambda s: clients.create_client(
            s, clients.ClientData(first_name="Philomena", last_name="Quigley-Burtonshaw")
        )
    )
    usb_copy = backups.create_backup(window.ops.database, to=tmp_path / "usb")
    window.ops.swap_database(change_password(window.ops.database, "lock me please"))
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    box = page.security
    box.refresh()
    assert box.copies_label.isVisible() and str(usb_copy) in box.copies_label.text()
    assert "1 backup(s) of this office are not encrypted" in box.copies_label.text()

    qtbot.mouseClick(box.protect_copies_button, Qt.MouseButton.LeftButton)
    assert not is_plain_sqlite(usb_copy) and SURNAME not in usb_copy.read_bytes()
    assert not box.copies_label.isVisible()
    opened = open_database(str(usb_copy), password="lock me please")
    opened.close()
    close_window(window)
