"""First run: a brand-new office is welcomed by a short wizard before the window shows its data.

app.py asks `needs_setup(ops)` once the database is open; only when it is true is the wizard
itself imported (start-up stays fast for everyone else). Which office counts as brand-new is the
core's rule (services.business.is_brand_new).

The wizard ends in one of three ways, and `attach(ops)` (app.py) shows the window on the result:
an empty office, the same office with the spreadsheet import open, or the demo, which is built
in a separate file in the data folder so the person's own office stays theirs. The demo's file is
opened by the runner's opener, which the composition root gave it: the wizard opens no database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from microoffice.core.services.business import is_brand_new

if TYPE_CHECKING:
    from microoffice.ui.app.runner import Ops, Outcome
    from microoffice.ui.app.shell import Shell
    from microoffice.ui.wizard.welcome import WelcomeWizard

Attach = Callable[["Ops"], None]
DEMO_FILENAME = "demo.sqlite"


def needs_setup(ops: Ops) -> bool:
    return bool(ops.read(is_brand_new, False))


def start_first_run(window: Shell, ops: Ops, attach: Attach) -> WelcomeWizard:
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
            from microoffice.ui.importing.dialog import open_import

            window.show_page("clients")
            open_import(window, ops)

    wizard.finished.connect(finished)
    wizard.open()
    window.wizard = wizard  # tests and screenshots reach it
    return wizard


def open_demo(window: Shell, ops: Ops, attach: Attach) -> None:
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

    def built(outcome: Outcome[str]) -> None:
        if not outcome.ok:
            attach(ops)
            return
        try:
            demo = ops.open_office(str(target))
        except Exception as exc:
            ops.finish(None, exc, parent=window)  # shown once, like any other failure
            attach(ops)
            return
        attach(demo)

    ops.start("Opening the demo", build, parent=window, done=built, transaction=False)
