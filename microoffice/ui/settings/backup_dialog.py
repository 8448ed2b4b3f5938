"""Backups: see the copies microoffice has made, make one now, or go back to one.

The copies are made by core/services/backups.py (daily, on closing, and here on request), each
checked before it is kept. Making one runs off the UI thread (ui/app/tasks.py). Restoring replaces
the office's file with the chosen copy, after keeping the current file as a "before-restore"
copy; the window then closes, because every page holds data from the file that was replaced,
and the next start opens the restored one (upgrading it if it came from an older version).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core import paths
from microoffice.core.errors import MicroofficeError
from microoffice.core.progress import ProgressFn
from microoffice.core.services import backups
from microoffice.core.services.backups import BackupInfo
from microoffice.core.vocabulary import format_instant, format_when
from microoffice.ui.app.errors import show_error
from microoffice.ui.app.runner import Ops, Outcome, Task
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.screen_fit import ScreenDialog
from microoffice.ui.widgets.table_model import RIGHT, Column, RowTableModel
from microoffice.ui.widgets.tables import configure_table, selected_row

if TYPE_CHECKING:
    from microoffice.core.db.database import Database

KINDS = {
    "daily": "Daily",
    "close": "On closing",
    "manual": "Made by you",
    "before-restore": "Before a restore",
}


def _size(info: BackupInfo) -> str:
    try:
        return f"{info.size / 1_048_576:.1f} MB"
    except OSError:
        return "missing"


COLUMNS: list[Column[BackupInfo]] = [
    Column("Made", lambda b: f"{format_instant(b.taken_at)}", 150),
    Column("Kind", lambda b: KINDS.get(b.tag, b.tag.replace("-", " ").capitalize()), 150),
    Column("Size", _size, 90, RIGHT),
    Column("File", lambda b: b.path.name, 360),
]


class BackupDialog(ScreenDialog):
    restored = Signal(str)  # the backup that was restored (the window closes next)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.task: Task[Path] | None = None
        self.setObjectName("backupDialog")
        self.setWindowTitle("Backups")
        self.setMinimumSize(780, 460)
        db_file = ops.database.path
        self.folder = paths.backup_dir(db_file) if db_file is not None else None
        layout = QVBoxLayout(self)
        text = (
            f"microoffice copies your office every day and each time it closes, keeping the last "
            f"{backups.DEFAULT_KEEP}. Copies are kept in {self.folder}. To keep a copy somewhere "
            "else too (a USB stick, another computer), copy one of these files there."
            if self.folder is not None
            else "This office is on a database server: back it up with the server's own tools."
        )
        intro = QLabel(text, self)
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model: RowTableModel[BackupInfo] = RowTableModel(COLUMNS, parent=self)
        self.table = make_table(self, self.model)
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setObjectName("savedLabel")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.backup_button = push_button(
            self, "Back up now", self.back_up, row, name="backupNowButton"
        )
        self.restore_button = push_button(
            self, "Go back to this copy…", self.ask_restore, row, name="restoreButton"
        )
        row.addStretch(1)
        push_button(self, "Close", self.accept, row, name="closeButton")
        layout.addLayout(row)
        self.backup_button.setEnabled(self.folder is not None)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(backups.list_backups(self.folder) if self.folder else [])
        self._update()

    def selected(self) -> BackupInfo | None:
        return selected_row(self.table, self.model)

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and self.task is None)

    # -- back up now ------------------------------------------------------------------------
    def back_up(self) -> None:
        database = self.ops.database
        self.backup_button.setEnabled(False)
        self.task = self.ops.start(
            "Backing up",
            lambda _s, progress, _c: _backup(database, progress),
            parent=self,
            done=self._backed_up,
            transaction=False,
        )

    def _backed_up(self, outcome: Outcome[Path]) -> None:
        self.task = None
        self.backup_button.setEnabled(True)
        if outcome.ok and outcome.value is not None:
            self.status.setText(f"Backed up to {outcome.value.name}.")
        self.reload()

    # -- restore ----------------------------------------------------------------------------
    def ask_restore(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        when = f"{format_when(chosen.taken_at)}"
        box = QMessageBox(self)
        box.setObjectName("restoreQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Go back to a backup")
        box.setText(f"Go back to the copy made on {when}?")
        box.setInformativeText(
            "Everything entered since then will no longer show. The office as it is now is "
            "kept as a copy first, so this can be undone the same way. microoffice closes "
            "afterwards; open it again to carry on."
        )
        yes = box.addButton("Go back to this copy", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.finished.connect(
            lambda _r: self.restore(chosen) if box.clickedButton() is yes else None
        )
        self.question = box
        box.open()

    def restore(self, chosen: BackupInfo) -> bool:
        database = self.ops.database
        target = database.path
        if target is None:
            return False
        try:  # the office is closed inside, once its replacement is sure to be this program's
            backups.restore_into(database, chosen.path)
        except MicroofficeError as exc:
            show_error(str(exc), parent=self)
            return False
        self.restored.emit(str(chosen.path))
        self.accept()
        return True


def _backup(database: Database, progress: ProgressFn) -> Path:
    progress(0, 0, "Copying and checking your office…")
    return backups.create_backup(database, tag="manual")


def make_table(parent: QWidget, model: RowTableModel[BackupInfo]) -> QTableView:
    table = QTableView(parent)
    table.setObjectName("backupTable")
    table.setAccessibleName("Backups, newest first")
    table.setModel(model)
    configure_table(table, COLUMNS, empty="No backups yet: press Back up now.")
    return table
