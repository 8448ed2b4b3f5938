"""The one error dialog, and the excepthook that logs anything unexpected and says where.

Known problems (MicroofficeError: bad input, a locked or missing file) are shown with their own
message and not treated as bugs. Anything else is logged with its traceback; the person is told
what happened in plain words and where the log file is, so support can read it. Messages are never
logged for known errors because they can quote what was typed (names, addresses).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from microoffice.core.crash_report import scrubbed_trace
from microoffice.core.errors import MicroofficeError

if TYPE_CHECKING:  # Qt classes are imported where used: each costs start-up time on first use
    from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("microoffice.ui")

UNEXPECTED = (
    "Something went wrong that microoffice did not expect, so the last action may not have "
    "been completed. Anything saved before it is safe."
)

_open_boxes: list[QMessageBox] = []


def show_error(
    message: str,
    *,
    parent: QWidget | None = None,
    title: str = "microoffice",
    log_path: Path | None = None,
    wait: bool = False,
) -> QMessageBox:
    """Show the error dialog; without `wait` it does not block (callers can use `finished`)."""
    from PySide6.QtCore import Qt  # not at import: Qt's enums cost ~30 ms before first paint
    from PySide6.QtWidgets import QApplication, QMessageBox

    for box in list(_open_boxes):
        if box.text() == message and box.isVisible():
            return box  # the same failure repeating (e.g. while painting): one dialog is enough
    host = parent or QApplication.activeModalWidget() or QApplication.activeWindow()
    box = QMessageBox(host)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    box.setAccessibleName("Error")
    box.setAccessibleDescription(message)
    if log_path is not None:
        box.setInformativeText(f"The details were written to the log file:\n{log_path}")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.append(box)
    box.finished.connect(lambda _code: _forget(box))
    if wait:
        box.exec()
    else:
        box.show()
    return box


def _forget(box: QMessageBox) -> None:
    if box in _open_boxes:
        _open_boxes.remove(box)


def open_error_dialogs() -> list[QMessageBox]:
    """Error dialogs currently on screen (tests read their text like a person would)."""
    return [box for box in _open_boxes if box.isVisible()]


def describe_known(exc: MicroofficeError) -> str:
    return str(exc) or type(exc).__name__


def install_excepthook(
    logging_ready: Callable[[], Path], on_error: Callable[[], None] | None = None
) -> Callable[[], None]:
    """Route uncaught exceptions to the log and the error dialog; returns an undo function.

    `logging_ready()` makes sure the log file is set up and returns its path (set-up is deferred
    past the first paint); `on_error` runs after the dialog is shown (smoke runs exit non-zero).
    """
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            from PySide6.QtWidgets import QApplication

            app = QApplication.instance()
            if app is not None:
                app.exit(130)
            return
        log_path = logging_ready()
        if isinstance(exc, MicroofficeError):
            log.warning("Unhandled %s reached the top level", exc_type.__name__)
            message = describe_known(exc)
            path = None
        else:
            log.error("Unexpected error\n%s", scrubbed_trace(exc))  # no message: no names
            message, path = UNEXPECTED, log_path
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None:
            print(f"microoffice: {message}", file=sys.stderr)
            return
        show_error(message, log_path=path)
        if on_error is not None:
            on_error()

    sys.excepthook = hook

    def undo() -> None:
        sys.excepthook = previous

    return undo
