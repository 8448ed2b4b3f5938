"""The window survives the Qt binding's dropped references to None (ui/app/binding.py): a long
day of typing into forms, in a process of its own so an abort cannot take the suite with it."""

from __future__ import annotations

import os
import subprocess
import sys

TYPING = """
import sys
from PySide6.QtWidgets import QApplication, QLineEdit
from microoffice.ui.app.binding import keep_none_alive
keep_none_alive()
app = QApplication([])
edit = QLineEdit()

for _ in range(200_000):
    edit.setText("37.5")
print("typed")
"""


def test_a_long_day_of_typing_does_not_abort_the_window() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", TYPING], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "typed"
