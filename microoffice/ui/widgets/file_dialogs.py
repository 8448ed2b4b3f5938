"""Every file dialog in the window is built here, so that none of them reads a file to draw it.

Qt's file dialog asks its icon provider for each file's icon and type, and the stock provider finds
them from the file's contents (QMimeDatabase opens the file); a platform dialog does the same and
more (thumbnails). Closing any descriptor of the office's files drops this process's SQLite locks
on them, and a second program may then delete the write-ahead log the window is using
(core/db/ownership.py; issue 12). So the dialogs here are Qt's own, never the platform's, with an
icon provider that looks at names only. A file the person picks that is one of the open office's
own files (the database, its -wal or -shm, its lock) is refused before anything reads or writes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QWidget

from microoffice.core.services.office_files import is_office_file

_STANDARD = {
    QAbstractFileIconProvider.IconType.Computer: QStyle.StandardPixmap.SP_ComputerIcon,
    QAbstractFileIconProvider.IconType.Desktop: QStyle.StandardPixmap.SP_DesktopIcon,
    QAbstractFileIconProvider.IconType.Trashcan: QStyle.StandardPixmap.SP_TrashIcon,
    QAbstractFileIconProvider.IconType.Network: QStyle.StandardPixmap.SP_DriveNetIcon,
    QAbstractFileIconProvider.IconType.Drive: QStyle.StandardPixmap.SP_DriveHDIcon,
    QAbstractFileIconProvider.IconType.Folder: QStyle.StandardPixmap.SP_DirIcon,
    QAbstractFileIconProvider.IconType.File: QStyle.StandardPixmap.SP_FileIcon,
}


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from what the file system listing already says: nothing is opened."""

    def __init__(self) -> None:
        super().__init__()
        self._icons: dict[Any, QIcon] = {}

    def icon(self, what: Any) -> QIcon:  # icon(IconType) and icon(QFileInfo) in one override
        if isinstance(what, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if what.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
        else:
            kind = what
        if kind not in self._icons:
            style = QApplication.style()
            pixmap = _STANDARD.get(kind, QStyle.StandardPixmap.SP_FileIcon)
            self._icons[kind] = style.standardIcon(pixmap) if style is not None else QIcon()
        return self._icons[kind]

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


_provider: NameOnlyIconProvider | None = None


def _icon_provider() -> NameOnlyIconProvider:
    global _provider
    if _provider is None:
        _provider = NameOnlyIconProvider()  # one for the app's life: dialogs do not own it
    return _provider


class FileDialog(QFileDialog):
    """Qt's own file dialog, reading names only, refusing the office's own files."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        start: str | Path,
        name_filter: str,
        *,
        save: bool = False,
        default_suffix: str = "",
    ) -> None:
        super().__init__(parent, title, str(start))
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
        self.setIconProvider(_icon_provider())
        self.setNameFilter(name_filter)
        if save:
            self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        else:
            self.setFileMode(QFileDialog.FileMode.ExistingFile)
        if default_suffix:
            self.setDefaultSuffix(default_suffix)

    def accept(self) -> None:
        chosen = self.selectedFiles()
        if chosen and refuse_office_file(chosen[0], self):
            return
        super().accept()


def refuse_office_file(path: str | Path, parent: QWidget | None = None) -> bool:
    """True (and says why) when a chosen file is one of the open office's own files."""
    if not path or not is_office_file(Path(path)):
        return False
    from microoffice.ui.app.errors import show_error

    show_error(
        f"{Path(path).name} is one of your office's own files, which microoffice is using. "
        "Choose another file or another name.",
        parent=parent,
    )
    return True


def ask_open_file(parent: QWidget | None, title: str, start: str | Path, kind: str) -> Path | None:
    """The file the person chose to open, or None."""
    dialog = FileDialog(parent, title, start, kind)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def ask_save_file(
    parent: QWidget | None, title: str, start: str | Path, kind: str, default_suffix: str = ""
) -> Path | None:
    """Where the person chose to save, or None."""
    dialog = FileDialog(parent, title, start, kind, save=True, default_suffix=default_suffix)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])
