"""Every control can be named by a screen reader and reached with Tab in reading order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from microoffice.ui.app.main_window import KEYS
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.staff.dialog import StaffDialog
from microoffice.ui.widgets.form import Form
from tests.ui.conftest import OpenWindow

CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QTableView)


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # the editor inside a spin box or combo is named by its owner
        if w.metaObject().className() in ("QTabBar", "QScrollBar") or not w.isVisibleTo(root):
            continue
        button_text = w.text().replace("&", "") if isinstance(w, QAbstractButton) else ""
        if not (w.accessibleName() or button_text):
            missing.append(f"{w.metaObject().className()} {w.objectName()!r}")
    return missing


def tab_order(form: Form, start: QWidget) -> list[str]:
    wanted = set(form.names())
    seen: list[str] = []
    w = start
    for _ in range(200):
        if w.objectName() in wanted and w.objectName() not in seen:
            seen.append(w.objectName())
        w = w.nextInFocusChain()
        if w is start:
            break
    return seen


def test_every_page_and_dialog_names_its_controls(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    for key in KEYS:
        window.show_page(key)
        assert unnamed_controls(window.pages[key]) == [], key
    assert unnamed_controls(window) == []
    clients_page = window.pages["clients"]
    clients_page.new_button.click()  # type: ignore[attr-defined]
    dialog = clients_page.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ClientDialog)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        assert unnamed_controls(dialog) == [], dialog.tabs.tabText(index)
    dialog.reject()
    staff_page = window.pages["staff"]
    staff_page.new_button.click()  # type: ignore[attr-defined]
    staff_dialog = staff_page.dialog  # type: ignore[attr-defined]
    assert isinstance(staff_dialog, StaffDialog)
    assert unnamed_controls(staff_dialog) == []
    staff_dialog.reject()


def test_tab_follows_the_form_from_top_to_bottom(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    window.show_page("clients")
    page = window.pages["clients"]
    page.new_button.click()  # type: ignore[attr-defined]
    dialog = page.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ClientDialog)
    form = dialog.details
    assert tab_order(form, form.field("title")) == form.names()
    assert form.names()[:5] == [
        "title",
        "first_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
    ]
    dialog.reject()
    chain = []
    w: QWidget = page.search  # type: ignore[attr-defined]
    for _ in range(8):
        chain.append(w.accessibleName())
        w = w.nextInFocusChain()
        while w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isVisible():
            w = w.nextInFocusChain()
    assert chain[:5] == [
        "Search clients",
        "Funding type",
        "Nation",
        "Show archived clients",
        "Clients list",
    ]


def walk_tabs(root: QWidget) -> list[str]:
    """Every control on every tab of every tab widget under root, each tab shown in turn."""
    from PySide6.QtWidgets import QTabWidget

    missing = unnamed_controls(root)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisibleTo(root):
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            missing += [f"{tabs.tabText(index)}: {m}" for m in unnamed_controls(root)]
    return sorted(set(missing))


def test_every_tab_of_every_page_names_its_controls(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    for key in KEYS:
        window.show_page(key)
        assert walk_tabs(window.pages[key]) == [], key


def test_the_menus_give_the_common_actions_a_key(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    actions = window.menu_actions  # type: ignore[attr-defined]
    keys = {name: action.shortcut().toString() for name, action in actions.items()}
    assert keys == {
        "import_clients": "Ctrl+I",
        "import_staff": "Ctrl+Shift+I",
        "backup": "Ctrl+B",
        "backups": "",
        "switch_person": "Ctrl+Shift+W",
        "quit": "Ctrl+Q",
        "shortcuts": "F1",
        "about": "",
    }
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Help"]


def test_the_new_windows_name_their_controls(
    qtbot: QtBot, qtmodeltester: Any, open_window: OpenWindow, tmp_path: Path
) -> None:
    from microoffice.ui.importing.dialog import ImportDialog
    from microoffice.ui.settings.backup_dialog import BackupDialog
    from microoffice.ui.widgets.pdf_preview import PdfPreviewDialog
    from microoffice.ui.wizard.welcome import WelcomeWizard

    window = open_window()
    assert window.ops is not None
    source = tmp_path / "people.csv"
    source.write_text("Name,DOB\nAnn Lee,31/02/1950\nBob Ray,01/02/1950\n", encoding="utf-8")
    importer = ImportDialog(window.ops, "clients", window, source)
    qtbot.addWidget(importer)
    importer.show()
    assert unnamed_controls(importer) == []
    assert [c.accessibleName() for c in importer.combos] == [
        "Column 'Name' fills",
        "Column 'DOB' fills",
    ]
    qtmodeltester.check(importer.model)  # the editable preview, problems marked at their cells
    cell = importer.model.index(0, 3)  # Ann's date of birth, read aloud with its problem
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "31/02/1950. Problem: '31/02/1950' is not a date; type it like 31/12/1950"
    )
    backups = BackupDialog(window.ops, window)
    qtbot.addWidget(backups)
    backups.show()
    assert unnamed_controls(backups) == []
    preview = PdfPreviewDialog(_one_page_pdf(), "A letter", "letter.pdf", window)
    qtbot.addWidget(preview)
    preview.show()
    assert unnamed_controls(preview) == []
    wizard = WelcomeWizard(window.ops, window)
    qtbot.addWidget(wizard)
    wizard.show()
    for _ in range(len(wizard.pageIds())):
        assert unnamed_controls(wizard) == [], wizard.currentPage().title()
        wizard.currentPage().validatePage = lambda: True  # type: ignore[method-assign]
        wizard.next()


def _one_page_pdf() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    out = BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Dear Mrs Smith,")
    page.save()
    return out.getvalue()


def test_dark_theme_has_a_partner_for_every_colour_of_the_stylesheet() -> None:
    from microoffice.core import paths
    from microoffice.ui.app import theme

    sheet = (paths.resources_dir() / "style" / "app.qss").read_text(encoding="utf-8")
    assert theme.colours_in(sheet) - set(theme.DARK) == set()  # a new colour needs a partner
    dark = theme.dark_sheet(sheet)
    assert theme.colours_in(dark) <= set(theme.DARK.values()) | {"white"}
    # White text on the blue selection stays white; white surfaces turn dark.
    assert "selection-color: white" in dark
    assert "background: white" not in dark and "background: #23272d" in dark
    sample = "QFrame#card {\n    background: white;\n    border: 1px solid #dde2ea;\n}"
    assert theme.dark_sheet(sample) == (
        "QFrame#card {\n    background: #23272d;\n    border: 1px solid #363d47;\n}"
    )


def test_the_theme_follows_the_palette_unless_one_is_asked_for(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from microoffice.ui.app import theme

    app = QApplication.instance()
    monkeypatch.delenv("MICROOFFICE_THEME", raising=False)
    saved_palette, saved_sheet = app.palette(), app.styleSheet()  # type: ignore[union-attr]
    try:
        dark = QPalette()
        dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        app.setPalette(dark)  # type: ignore[union-attr]
        assert theme.chosen(app) == "dark"
        app.setPalette(saved_palette)  # type: ignore[union-attr]
        light_window = app.palette().color(QPalette.ColorRole.Window)  # type: ignore[union-attr]
        assert theme.chosen(app) == ("dark" if light_window.lightness() < 128 else "light")
        monkeypatch.setenv("MICROOFFICE_THEME", "dark")
        assert theme.chosen(app) == "dark"
        assert theme.apply(app, "QLabel#hint { color: #4b5563; }") == "dark"
        assert app.styleSheet() == "QLabel#hint { color: #a8b0bd; }"  # type: ignore[union-attr]
        assert theme.is_dark(app)
    finally:
        app.setStyleSheet(saved_sheet)  # type: ignore[union-attr]
        app.setPalette(saved_palette)  # type: ignore[union-attr]
        app.setProperty("microofficeTheme", None)  # type: ignore[union-attr]


SCALE_AT_START = """
import sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
if sys.argv[1] == "app":
    from microoffice.app import run_gui
    code = run_gui(sys.argv[2], "paint")  # the window's own start-up, to its first paint
else:
    app = QApplication([])  # a plain Qt program under the same environment
    code = 0
print(QGuiApplication.instance().devicePixelRatio())
sys.exit(code)
"""


def test_a_150_percent_screen_is_drawn_at_150_percent(tmp_path: Path) -> None:
    """Start-up fixes the scale factor's rounding to pass-through (ui/app/theme.prepare_screen),
    even where the environment asks Qt to round: 150% stays 150%, not 200%."""
    import json
    import os
    import subprocess
    import sys

    # A 144 dpi screen, as a laptop set to 150% reports itself (the offscreen platform's own
    # screen description; Qt reads the scale from its DPI and then rounds it, or not).
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "Laptop",
                        **{"x": 0, "y": 0, "width": 1600, "height": 900},
                        **{"logicalDpi": 144, "logicalBaseDpi": 96, "dpr": 1},
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        QT_SCALE_FACTOR_ROUNDING_POLICY="Round",
        MICROOFFICE_HOME=str(tmp_path / "home"),
    )

    def ratio(which: str) -> float:
        done = subprocess.run(
            [sys.executable, "-c", SCALE_AT_START, which, str(tmp_path / "office.sqlite")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return float(done.stdout.strip().splitlines()[-1])

    assert ratio("plain") == 2.0  # the environment really asks for rounding
    assert ratio("app") == 1.5  # and the window draws at the screen's own scale regardless


def test_dates_read_day_month_year_on_every_page_of_the_demo(qtbot: QtBot, db_path: Path) -> None:
    """Every date a person reads in a list or a label is dd/mm/yyyy (or in words), never ISO."""
    import re

    from PySide6.QtWidgets import QLabel, QTabWidget

    from microoffice.core.db.database import open_database
    from microoffice.core.demo import build_demo
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops

    build_demo(str(db_path), scale="small", force=True)
    database = open_database(str(db_path))
    iso = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
    try:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        window.attach(Ops(database, Bus(window)))
        qtbot.waitUntil(lambda: window.data_shown_once)
        seen: list[str] = []
        for key in KEYS:
            page = window.show_page(key) or window.page(key)
            tab_sets = page.findChildren(QTabWidget) or [None]
            for tabs in tab_sets:
                for index in range(tabs.count() if tabs else 1):
                    if tabs:
                        tabs.setCurrentIndex(index)
                    for table in page.findChildren(QTableView):
                        model = table.model()
                        for row in range(min(model.rowCount(), 60)):
                            for col in range(model.columnCount()):
                                seen.append(f"{key}: {model.index(row, col).data() or ''}")
                    seen += [f"{key}: {label.text()}" for label in page.findChildren(QLabel)]
        found = [text for text in seen if iso.search(text)]
        assert found == []
        assert len(seen) > 500  # the demo filled the pages: this looked at real text
    finally:
        database.close()
