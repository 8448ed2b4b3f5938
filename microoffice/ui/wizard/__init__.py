"""First run: a brand-new office is welcomed by a short wizard before the window shows its data.

app.py asks `needs_setup(ops)` once the database is open; only when it is true is the wizard
itself imported (start-up stays fast for everyone else). A database is brand-new when it has no
business name, no clients and no staff: an office already in use is never asked again, and one
whose wizard was closed early is asked next time.

The wizard ends in one of three ways, and `attach(ops)` (app.py) shows the window on the result:
an empty office, the same office with the spreadsheet import open, or the demo, which is built
in a separate file in the data folder so the person's own office stays theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops
    from microoffice.ui.wizard.welcome import WelcomeWizard

Attach = Callable[["Ops"], None]
DEMO_FILENAME = "demo.sqlite"


def is_brand_new(session: Session) -> bool:
    from microoffice.core.models.business import Business
    from microoffice.core.models.clients import Client
    from microoffice.core.models.staff import Staff

    named = session.scalar(select(exists().where(Business.legal_name != "")))
    people = session.scalar(select(exists().where(Client.id.is_not(None)))) or session.scalar(
        select(exists().where(Staff.id.is_not(None)))
    )
    return not named and not people


def needs_setup(ops: Ops) -> bool:
    return bool(ops.read(is_brand_new, False))


def start_first_run(window: MainWindow, ops: Ops, attach: Attach) -> WelcomeWizard:
    """Show the wizard over the window; when it closes, attach the office it chose."""
    from microoffice.ui.wizard.welcome import WelcomeWizard

    wizard = WelcomeWizard(ops, window)

    def finished(_result: int) -> None:
        choice = wizard.choice() if wizard.saved else "empty"
        if choice == "demo":
            open_demo(window, ops, attach)
            return
        attach(ops)
        if choice == "import":
            window.show_page("clients")
            open_import(window, ops)

    wizard.finished.connect(finished)
    wizard.open()
    window.wizard = wizard  # type: ignore[attr-defined]  # tests and screenshots reach it
    return wizard


def open_import(parent: QWidget, ops: Ops, kind: str = "clients") -> QWidget:
    from microoffice.ui.importing.dialog import ImportDialog

    dialog = ImportDialog(ops, kind, parent)
    parent.import_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def open_demo(window: MainWindow, ops: Ops, attach: Attach) -> None:
    """Build Barbara's demo afresh (dates move with today) off the UI thread, then show it.

    If it cannot be built, the person's own (empty) office opens instead, with the reason shown.
    """
    from microoffice.core import paths
    from microoffice.core.demo import build_demo

    target = paths.data_dir() / DEMO_FILENAME

    def build(_session: object, progress: Callable[[int, int, str], None], _c: object) -> str:
        progress(0, 0, "Preparing the demo: Barbara's business, a year of visits…")
        target.parent.mkdir(parents=True, exist_ok=True)
        return str(build_demo(str(target), scale="small", force=True).path)

    def built(outcome: object) -> None:
        from microoffice.core.db.database import open_database
        from microoffice.ui.app.runner import Ops

        if not getattr(outcome, "ok", False):
            attach(ops)
            return
        demo = Ops(open_database(str(target)), ops.bus, actor=ops.actor, log_path=ops.log_path)
        attach(demo)

    ops.start("Opening the demo", build, parent=window, done=built, transaction=False)
