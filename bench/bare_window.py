"""The floor for start-up: a bare PySide6 window that shows itself and quits on its first paint.

Run as a script (`python bench/bare_window.py`) so the benchmark times a whole process, exactly
as it times `python -m microoffice --smoke=paint`.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class QuitOnFirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
                app.exit(0)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare window")
    window.resize(1180, 760)  # the size microoffice's main window opens at
    quitter = QuitOnFirstPaint()
    app.installEventFilter(quitter)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
