"""The menu bar and the keyboard shortcuts for the common actions, in one place.

Every action here is also a button somewhere; the menu makes it findable and gives it a key.
Built once the data is open (Shell._finish_chrome), never before the first paint. The page
keys (Ctrl+1 ... Ctrl+9) belong to the window's navigation and are listed in the help, not
bound twice. Ctrl+F, Ctrl+N and Delete work on the Clients and Staff pages (widgets/list_page.py)
and F5 on the pages that list things, each only while its page is shown (widgets/page_keys.py);
Ctrl+O, Ctrl+P and Ctrl+S in the import and document dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMenu, QMessageBox, QVBoxLayout, QWidget

from microoffice.ui.app.shell import Shell

if TYPE_CHECKING:
    from microoffice.ui.settings.backup_dialog import BackupDialog

# (keys, what they do): shown by Help > Keyboard shortcuts and in docs/guide/shortcuts.md
SHORTCUTS: list[tuple[str, str]] = [
    ("Ctrl+1 … Ctrl+9", "Go to a section, in the order listed on the left (Today is Ctrl+1)"),
    ("Ctrl+F", "Search the list on the Clients or Staff page"),
    ("Ctrl+N", "New client or new member of staff (on their page)"),
    ("Delete", "Archive the chosen client or member of staff (on their page; it asks first)"),
    ("F5", "Show the page again with the latest changes (Today, Calendar, lists, Invoices)"),
    ("Enter", "Open the chosen row in a list"),
    ("Shift+F10", "The menu for the chosen visit in the calendar (as a right-click does)"),
    ("Ctrl+I", "Import clients from a spreadsheet"),
    ("Ctrl+Shift+I", "Import staff from a spreadsheet"),
    ("Ctrl+O", "Choose the spreadsheet (in the import window)"),
    ("Ctrl+P", "Print the document shown"),
    ("Ctrl+S", "Save the document shown as a PDF"),
    ("Ctrl+B", "Back up now"),
    ("Ctrl+Shift+W", "Switch person (someone else signs in)"),
    ("Alt+Up", "Calendar: the chosen visit a quarter of an hour earlier"),
    ("Alt+Down", "Calendar: the chosen visit a quarter of an hour later"),
    ("Alt+Left", "Calendar: the chosen visit a day earlier"),
    ("Alt+Right", "Calendar: the chosen visit a day later"),
    ("Alt+Shift+Up/Down", "Calendar: the chosen visit shorter or longer"),
    ("Shift+F10", "Calendar: the chosen visit's menu (move, skip, cancel, who goes, note)"),
    ("F1", "This list of shortcuts"),
    ("Esc", "Close a window without saving, or stop a long task"),
    ("Ctrl+Q", "Quit (a backup is made as microoffice closes)"),
]


def _action(
    window: QWidget,
    menu: QMenu,
    text: str,
    keys: str | None,
    slot: Callable[[], object],
    name: str,
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    window.addAction(action)  # the key works whichever page has focus
    return action


def install_menus(window: Shell) -> dict[str, QAction]:
    """File, Help: import, back up, restore, quit, shortcuts, about."""
    bar = window.menuBar()
    bar.setAccessibleName("Menu bar")
    actions: dict[str, QAction] = {}
    file_menu = bar.addMenu("&File")
    actions["import_clients"] = _action(
        window,
        file_menu,
        "Import &clients from a spreadsheet…",
        "Ctrl+I",
        lambda: open_import(window, "clients"),
        "importClientsAction",
    )
    actions["import_staff"] = _action(
        window,
        file_menu,
        "Import &staff from a spreadsheet…",
        "Ctrl+Shift+I",
        lambda: open_import(window, "staff"),
        "importStaffAction",
    )
    file_menu.addSeparator()
    actions["backup"] = _action(
        window, file_menu, "&Back up now", "Ctrl+B", lambda: back_up_now(window), "backupAction"
    )
    actions["backups"] = _action(
        window,
        file_menu,
        "Backups and &restore…",
        None,
        lambda: open_backups(window),
        "backupsAction",
    )
    file_menu.addSeparator()
    actions["switch_person"] = _action(
        window,
        file_menu,
        "S&witch person…",
        "Ctrl+Shift+W",
        lambda: switch_person(window),
        "switchPersonAction",
    )
    actions["quit"] = _action(window, file_menu, "&Quit", "Ctrl+Q", window.close, "quitAction")
    help_menu = bar.addMenu("&Help")
    actions["shortcuts"] = _action(
        window,
        help_menu,
        "&Keyboard shortcuts",
        "F1",
        lambda: show_shortcuts(window),
        "shortcutsAction",
    )
    actions["about"] = _action(
        window, help_menu, "&About microoffice", None, lambda: show_about(window), "aboutAction"
    )
    window.menu_actions = actions
    return actions


# The right each menu action needs (core/people/rights.py); the core refuses it anyway.
ACTION_RIGHTS = {
    "import_clients": "clients",
    "import_staff": "staff",
    "backup": "office_file",
    "backups": "office_file",
}


def apply_rights(window: Shell) -> None:
    """Leave out what the signed-in person may not do; Switch person only once people sign in."""
    from microoffice.core.people.rights import Right

    ops = window.ops
    for key, right in ACTION_RIGHTS.items():
        if key in window.menu_actions:
            allowed = ops is not None and ops.may(Right(right))
            window.menu_actions[key].setVisible(allowed)
            window.menu_actions[key].setEnabled(allowed)
    signed = ops.signed if ops is not None else None
    switch = window.menu_actions.get("switch_person")
    if switch is not None:
        switch.setVisible(signed is not None and not signed.is_sole)
        switch.setEnabled(signed is not None and not signed.is_sole)


def switch_person(window: Shell) -> QWidget | None:
    """File > Switch person: the next person at a shared computer signs in."""
    if window.ops is None:
        return None
    from microoffice.ui.app.sign_in import SignInDialog

    dialog = SignInDialog(window.ops, window, "Who is using microoffice now?")
    dialog.signed_in.connect(window.switch_to)
    window.sign_in_dialog = dialog
    dialog.open()
    return dialog


def open_import(window: Shell, kind: str) -> QWidget | None:
    if window.ops is None:
        return None
    from microoffice.ui.importing.dialog import open_import as open_dialog

    window.show_page("clients" if kind == "clients" else "staff")
    return open_dialog(window, window.ops, kind)


def open_backups(window: Shell) -> BackupDialog | None:
    if window.ops is None:
        return None
    from microoffice.ui.settings.backup_dialog import BackupDialog

    dialog = BackupDialog(window.ops, window)
    dialog.restored.connect(lambda _path: _closed_after_restore(window))
    window.backup_dialog = dialog
    dialog.open()
    return dialog


def back_up_now(window: Shell) -> None:
    dialog = open_backups(window)
    if dialog is not None:
        dialog.back_up()


def _closed_after_restore(window: Shell) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Restored",
        "The backup is back in place. microoffice will close now: open it again "
        "to carry on from that copy.",
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.setObjectName("restoredMessage")
    box.finished.connect(lambda _r: window.close())
    window.restored_message = box
    box.open()


def show_shortcuts(window: QWidget) -> QDialog:
    dialog = QDialog(window)
    dialog.setObjectName("shortcutsDialog")
    dialog.setWindowTitle("Keyboard shortcuts")
    layout = QVBoxLayout(dialog)
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" for keys, what in SHORTCUTS)
    text = QLabel(f"<table cellpadding='4'>{rows}</table>", dialog)
    text.setAccessibleName("Keyboard shortcuts")
    layout.addWidget(text)
    dialog.open()
    return dialog


def show_about(window: Shell) -> QMessageBox:
    from importlib.metadata import PackageNotFoundError, version

    from microoffice.core import paths

    try:
        number = version("microoffice")
    except PackageNotFoundError:
        number = "(development)"
    where = window.ops.database.path if window.ops is not None else None
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "About microoffice",
        f"microoffice {number}\nA back office for small home-care businesses.\n\n"
        f"Your data: {where}\nLog file: {paths.log_file()}",
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.setObjectName("aboutBox")
    box.open()
    return box
