"""The main window: navigation on the left, one page at a time on the right.

It paints before the data layer exists (start-up speed is measured against a bare window), so
this module imports Qt only. `attach(ops)` arrives once the database is open; pages are imported
and built then, Today first and the rest on first visit or when the app is idle.

Nothing here touches the `Qt` namespace before the first paint: PySide6 builds its several
hundred enums on first access, which alone costs about 30 ms of a 150 ms budget.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from microoffice.ui.app.shell import Guarded, Shell

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from microoffice.ui.app.runner import Ops

# key, title, "module:Class" (each page is its own module; later work replaces its own page)
PAGES: list[tuple[str, str, str]] = [
    ("today", "Today", "microoffice.ui.today.page:TodayPage"),
    ("calendar", "Calendar", "microoffice.ui.scheduling.calendar:CalendarPage"),
    ("clients", "Clients", "microoffice.ui.clients.page:ClientsPage"),
    ("staff", "Staff", "microoffice.ui.staff.page:StaffPage"),
    ("invoices", "Invoices", "microoffice.ui.billing.invoices:InvoicesPage"),
    ("records", "Records", "microoffice.ui.records.page:RecordsPage"),
    ("compliance", "Compliance", "microoffice.ui.compliance.page:CompliancePage"),
    ("growth", "Grow", "microoffice.ui.growth.page:GrowthPage"),
    ("settings", "Settings", "microoffice.ui.settings.page:SettingsPage"),
]
KEYS = [key for key, _title, _path in PAGES]
# The right a person needs to see each page (core/people/rights.py; the core refuses the rest
# whatever the window shows). Named as text so this module still imports Qt only.
PAGE_RIGHTS = {
    "today": "anyone",
    "calendar": "own_visits",
    "clients": "see_clients",
    "staff": "staff",
    "invoices": "money",
    "records": "see_care",
    "compliance": "governance",
    "growth": "governance",
    "settings": "anyone",
}


class MainWindow(Shell):
    data_shown = Signal()  # Today's data is on screen (the first look, or else the live page)
    live_shown = Signal()  # the live Today page has loaded its data and shown it (once)
    closing = Signal()  # the window is closing (app.py backs up and closes the database)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_look: QWidget | None = None  # Today read by core.quicklook, until attach
        self.pages: dict[str, QWidget] = {}
        self.setObjectName("mainWindow")
        self.setWindowTitle("microoffice")
        self._size_from_screen(1260, 760)  # the widest page (Today) needs about 1230
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget(central)
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Sections")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("pages")
        self.nav.addItems([title for _key, title, _path in PAGES])
        self.waiting = QLabel("Opening your data…", self.stack)
        self.waiting.setObjectName("loading")  # centred by the stylesheet
        self.stack.addWidget(self.waiting)
        row.addWidget(self.nav)
        # On a screen smaller than a page's least size (1024 x 600) the page scrolls instead of
        # pushing the window off the screen; on any larger one this scroll area is invisible.
        self.page_scroll = QScrollArea(central)
        self.page_scroll.setObjectName("pageScroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidget(self.stack)
        row.addWidget(self.page_scroll, 1)
        self.setCentralWidget(central)
        self.where = QLabel(self)
        self.where.setObjectName("statusText")
        self.statusBar().addWidget(self.where, 1)
        self.who = QLabel(self)
        self.who.setObjectName("signedInAs")
        self.statusBar().addPermanentWidget(self.who)
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setCurrentRow(0)
        self._idle: QTimer | None = None
        self._tried: set[str] = set()
        self.data_shown_once = False
        self._live_once = False
        self._idle_started = False

    def _size_from_screen(self, width: int, height: int) -> None:
        """Open at the size asked, but within the screen, title bar included: a 1366 x 768
        laptop leaves about 728 pixels of height, a small one 560 (issue 16)."""
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 16), min(height, room.height() - 40)
        self.resize(width, height)

    # -- data --------------------------------------------------------------------------------
    def show_first_look(self, look: object) -> None:
        """Today as read without the data layer (core.quicklook), until attach() replaces it."""
        from microoffice.ui.today.view import FirstLookPage

        self.first_look = FirstLookPage(look, self.stack)
        self.stack.addWidget(self.first_look)
        self.stack.setCurrentWidget(self.first_look)
        name = getattr(look, "business_name", "")
        self.setWindowTitle(f"{name} - microoffice" if name else "microoffice")
        self._mark_data_shown()

    def _mark_data_shown(self) -> None:
        if not self.data_shown_once:
            self.data_shown_once = True
            self.data_shown.emit()

    def attach(self, ops: Ops) -> None:
        """Called once the database is open: build Today and show its data."""
        self.ops = ops
        location = ops.database.place
        readonly = " (read-only: open for changes in another window)" if self._readonly() else ""
        self.where.setText(f"Data: {location}{readonly}")
        self.where.setToolTip(str(location))
        self._finish_chrome()
        self.show_rights()
        from microoffice.ui.today.page import TodayPage

        today = self.page("today")
        assert isinstance(today, TodayPage)
        today.loaded.connect(self._on_today_loaded)
        today.open_page.connect(self.show_page)
        today.reload()

    # -- who is signed in (docs/people.md) ---------------------------------------------------
    def allowed(self, key: str) -> bool:
        """Whether the signed-in person may see this page at all."""
        from microoffice.core.people.rights import Right

        return self.ops is not None and self.ops.may(Right(PAGE_RIGHTS[key]))

    def show_rights(self) -> None:
        """Leave out of the navigation (and the menus) what this person may not open, and say
        who is signed in."""
        for row, key in enumerate(KEYS):
            self.nav.item(row).setHidden(not self.allowed(key))
        signed = self.ops.signed if self.ops is not None else None
        if signed is not None and not signed.is_sole:
            self.who.setText(f"Signed in: {signed.name} ({signed.role.label.lower()})")
        else:
            self.who.clear()
        from microoffice.ui.app.menus import apply_rights

        apply_rights(self)

    def switch_to(self, signed: object) -> None:
        """Someone else signed in (File > Switch person, or at the lock): what the last person
        had open is closed unsaved, and every page is built again for the new person's role."""
        if self.ops is None:
            return
        from microoffice.ui.widgets.unsaved import EditingDialog

        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and dialog.objectName() != "signInDialog":
                if isinstance(dialog, EditingDialog):
                    dialog.discard()
                else:
                    dialog.reject()
        for built in list(self.pages.values()):
            self.stack.removeWidget(built)
            built.deleteLater()
        self.pages.clear()
        self._tried.clear()
        self.show_rights()
        self.nav.setCurrentRow(0)
        today = self.page("today")
        self.stack.setCurrentWidget(today)
        from microoffice.ui.today.page import TodayPage

        assert isinstance(today, TodayPage)
        today.loaded.connect(self._on_today_loaded)
        today.open_page.connect(self.show_page)
        today.reload()
        if self._idle is not None:
            self._idle.start()

    def page(self, key: str) -> QWidget:
        """The page for a key, built on first use (needs `attach` first)."""
        existing = self.pages.get(key)
        if existing is not None:
            return existing
        if self.ops is None:
            raise RuntimeError("The window has no database yet")
        if not self.allowed(key):
            raise PermissionError(f"The page {key} is not for the person signed in")
        index = KEYS.index(key)
        module_name, class_name = PAGES[index][2].split(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        built: QWidget = cls(self.ops, self.stack)
        self.stack.addWidget(built)
        self.pages[key] = built
        from microoffice.ui.widgets.list_page import ListPage

        if isinstance(built, ListPage):  # the registers load at once; the others as shown
            built.reload()
        if self.nav.currentRow() == index:
            self.stack.setCurrentWidget(built)
        return built

    def show_page(self, key: str) -> QWidget | None:
        if self.ops is not None and not self.allowed(key):
            return None  # not for this person: the navigation does not offer it either
        self.nav.setCurrentRow(KEYS.index(key))
        return self.pages.get(key)

    def _unsaved(self) -> list[Guarded]:
        """The open forms, and the Settings page, holding changes not saved yet."""
        from microoffice.ui.widgets.unsaved import EditingDialog

        found: list[Guarded] = [
            d for d in self.findChildren(EditingDialog) if d.isVisible() and d.has_changes()
        ]
        settings = self.pages.get("settings")
        if isinstance(settings, Guarded) and settings.has_changes():
            found.append(settings)
        return found

    def _leaving_settings(self, row: int) -> bool:
        """Going from Settings with changes to another page: ask first (True: wait for it)."""
        settings = self.pages.get("settings")
        here = KEYS.index("settings")
        if row == here or self.stack.currentWidget() is not settings:
            return False
        if not isinstance(settings, Guarded) or not settings.has_changes():
            return False
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(here)  # stay on Settings while the question is open
        self.nav.blockSignals(False)

        def answered(_answer: object) -> None:
            if not settings.has_changes():  # saved or discarded: go on where the person went
                self.nav.setCurrentRow(row)

        settings.ask(answered)
        return True

    def _on_nav(self, row: int) -> None:
        if row < 0 or self._leaving_settings(row):
            return
        if self.ops is not None:
            if not self.allowed(KEYS[row]):
                return
            shown = self.page(KEYS[row])
        elif row == 0 and self.first_look is not None:
            shown = self.first_look
        else:
            shown = self.waiting
        self.stack.setCurrentWidget(shown)

    def _readonly(self) -> bool:
        return self.ops is not None and bool(getattr(self.ops.database, "readonly", False))

    def _on_today_loaded(self, summary: object) -> None:
        name = getattr(summary, "business_name", "")
        title = f"{name} - microoffice" if name else "microoffice"
        self.setWindowTitle(title + (" (read-only)" if self._readonly() else ""))
        if self.first_look is not None:
            self.stack.removeWidget(self.first_look)
            self.first_look.deleteLater()
            self.first_look = None
        if not self.data_shown_once:
            self._mark_data_shown()
        if not self._live_once:
            self._live_once = True
            self.live_shown.emit()
        if not self._idle_started:
            self._idle_started = True
            if self._idle is not None:
                self._idle.start()

    def _build_next(self) -> None:
        """Build one remaining page per idle turn, so later clicks are instant.

        Each page is tried once here: one that fails is reported (excepthook) and left to be
        built when it is actually opened, instead of failing again on every idle turn.
        """
        for key in KEYS:
            if key not in self.pages and key not in self._tried and self.allowed(key):
                self._tried.add(key)
                self.page(key)
                return
        if self._idle is not None:
            self._idle.stop()

    def _finish_chrome(self) -> None:
        """Icons, shortcuts and the idle builder: added after the first paint, not before."""
        from PySide6.QtCore import QSize, QTimer
        from PySide6.QtGui import QIcon, QKeySequence, QShortcut

        from microoffice.core import paths

        self._idle = QTimer(self)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._build_next)
        folder = paths.resources_dir() / "icons"
        self.nav.setIconSize(QSize(20, 20))
        for row, (key, title, _path) in enumerate(PAGES):
            item = self.nav.item(row)
            item.setToolTip(f"{title} (Ctrl+{row + 1})")
            icon = folder / f"{key}.svg"
            if icon.exists():
                item.setIcon(QIcon(str(icon)))
            shortcut = QShortcut(QKeySequence(f"Ctrl+{row + 1}"), self)
            shortcut.activated.connect(lambda k=key: self.show_page(k))
        app_icon = folder / "microoffice.svg"
        if app_icon.exists():
            self.setWindowIcon(QIcon(str(app_icon)))
        from microoffice.ui.app.menus import install_menus

        install_menus(self)  # File and Help menus, with the common actions' keys

    def closeEvent(self, event: QCloseEvent) -> None:
        pending = self._unsaved()
        if pending:  # quitting with a form half typed: ask about each, then close
            event.ignore()
            first = pending[0]
            if not isinstance(first, QDialog):  # the Settings page: show it, then ask
                self.show_page("settings")

            def answered(_answer: object) -> None:
                if not first.has_changes():
                    QTimer.singleShot(0, self.close)

            first.ask(answered)
            return
        if self._idle is not None:
            self._idle.stop()
        self.closing.emit()
        super().closeEvent(event)
