"""Render each screen of microoffice from the small demo database to docs/screenshots/.

    python scripts/screenshots.py [--out DIR] [--db PATH]

Runs offscreen with the clock fixed at Monday 7 December 2026, 09:30, so the pictures only change
when the screens do. Every page and the main dialogs, at 1280 x 720 (a small laptop's screen);
an empty office's first look too. Without --db it builds the small demo (Barbara's business) in a
temporary folder; logs and backups also go there, never into your own data folder. Without --db
it then runs the calendar, invoice, records and people scripts and the user guide's pictures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from shot_files import save, settle

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MICROOFFICE_NOW"] = os.environ.get("MICROOFFICE_NOW") or "2026-12-07T09:30"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1280, 720)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder")
    parser.add_argument("--db", help="use this database instead of building the small demo")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="microoffice-shots-") as tmp:
        os.environ["MICROOFFICE_HOME"] = str(Path(tmp) / "home")
        db_path = args.db or str(Path(tmp) / "demo.sqlite")
        if not args.db:
            from microoffice.core.demo import build_demo

            build_demo(db_path, scale="small", force=True)
        written = render(db_path, out)
        written += growth_shots(db_path, out, Path(tmp))
        if not args.db:
            written += empty_office_shots(Path(tmp) / "empty.sqlite", out)
    for path in written:
        print(path)
    if not args.db:  # the calendar at 1280 x 720, and the user guide's pictures (docs/guide/img/)
        import subprocess

        for name in ("calendar", "invoice", "records", "people"):
            script = ROOT / "scripts" / f"{name}_screenshots.py"
            subprocess.run([sys.executable, str(script), "--out", str(out)], check=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "guide_screenshots.py")], check=True)
    return 0


def render(db_path: str, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from microoffice.app import apply_style
    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import KEYS, MainWindow
    from microoffice.ui.app.runner import Ops

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    apply_style(app)
    database = open_database(db_path)
    written: list[Path] = []
    try:
        window = MainWindow()
        window.resize(*SIZE)
        window.show()
        window.attach(Ops(database, Bus()))
        for key in KEYS:
            page = window.show_page(key) or window.page(key)
            if key == "clients":
                page.table.selectRow(0)  # type: ignore[attr-defined]
            settle(app)
            written.append(save(window, out / f"{key}.png"))
        written += client_dialog_shots(app, window, out)
        written.append(staff_dialog_shot(app, window, out))
        written += dialog_shots(app, window, out)
        window.close()
    finally:
        database.close()
    return written


def client_dialog_shots(app: object, window: object, out: Path) -> list[Path]:
    """The client dialog on each tab, for the client with the most contacts."""
    from microoffice.core.services.contacts import contact_rows
    from microoffice.ui.clients.dialog import ClientDialog

    page = window.page("clients")  # type: ignore[attr-defined]
    ops = page.ops
    rows = page.model.rows()

    def busiest(session: object) -> int:
        busy = max(rows, key=lambda r: len(contact_rows(session, r.id)))  # type: ignore[arg-type]
        return int(busy.id)

    dialog = ClientDialog(ops, ops.read(busiest, rows[0].id), page)
    dialog.resize(980, 640)
    dialog.show()
    shots = []
    for index, name in enumerate(["details", "contacts", "funding", "rates"]):
        dialog.tabs.setCurrentIndex(index)
        settle(app)
        shots.append(save(dialog, out / f"client-dialog-{name}.png"))
    dialog.reject()
    return shots


def staff_dialog_shot(app: object, window: object, out: Path) -> Path:
    from microoffice.ui.staff.dialog import StaffDialog

    page = window.page("staff")  # type: ignore[attr-defined]
    dialog = StaffDialog(page.ops, page.model.row_at(0).id, page)
    dialog.show()
    settle(app)
    shot = save(dialog, out / "staff-dialog.png")
    dialog.reject()
    return shot


def opened_by(app: object, window: object, act: Callable[[], object]) -> QDialog | None:
    """The dialog a person's click opened (the one visible now that was not before)."""
    from PySide6.QtWidgets import QDialog

    def shown() -> list[QDialog]:
        return [d for d in window.findChildren(QDialog) if d.isVisible()]  # type: ignore[attr-defined]

    before = shown()
    act()
    settle(app)
    new = [d for d in shown() if d not in before]
    return new[-1] if new else None


def dialog_shots(app: object, window: object, out: Path) -> list[Path]:
    """The main dialogs, each opened the way a person opens it, at the size it opens with."""
    from microoffice.ui.app import menus

    today = window.page("today")  # type: ignore[attr-defined]
    calendar = window.page("calendar")  # type: ignore[attr-defined]
    settings = window.page("settings")  # type: ignore[attr-defined]
    visits = today.visits

    def late() -> None:
        visits.table.selectRow(0)
        visits.late_button.click()

    steps: list[tuple[str, str, Callable[[], object]]] = [
        ("today", "confirm-day-dialog", visits.confirm_button.click),
        ("today", "visit-outcome-dialog", late),
        ("calendar", "plan-dialog", calendar.new_plan),
        ("clients", "import-dialog", lambda: menus.open_import(window, "clients")),  # type: ignore[arg-type]
        ("settings", "backup-dialog", lambda: menus.open_backups(window)),  # type: ignore[arg-type]
        ("settings", "new-password-dialog", settings.security.ask_new_password),
    ]
    shots = []
    for key, name, act in steps:
        window.show_page(key)  # type: ignore[attr-defined]
        settle(app)
        dialog = opened_by(app, window, act)
        if dialog is None:
            print(f"(no {name}: nothing opened it)", file=sys.stderr)
            continue
        shots.append(save(dialog, out / f"{name}.png"))
        dialog.reject()
        settle(app)
    return shots


def empty_office_shots(db_path: Path, out: Path) -> list[Path]:
    """A new office's Today and Clients: what they say to do first."""
    from PySide6.QtWidgets import QApplication

    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops

    app = QApplication.instance()
    database = open_database(str(db_path))
    shots: list[Path] = []
    try:
        window = MainWindow()
        window.resize(*SIZE)
        window.show()
        window.attach(Ops(database, Bus()))
        for key in ("today", "clients"):
            window.show_page(key)
            settle(app)
            shots.append(save(window, out / f"{key}-empty.png"))
        window.close()
    finally:
        database.close()
    return shots


def growth_shots(db_path: str, out: Path, tmp: Path) -> list[Path]:
    """The Grow page on a copy of the demo with a year of outcome checks, compliments, insurance
    and cost figures added (core/growth/sample.py), and the referral profile PDF's page."""
    import io
    import shutil
    import subprocess

    from PySide6.QtWidgets import QApplication

    from microoffice.core.db.database import open_database
    from microoffice.core.growth.sample import add_growth_samples
    from microoffice.core.reports import profile
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops

    copy = tmp / "growth.sqlite"
    shutil.copyfile(db_path, copy)
    database = open_database(str(copy))
    add_growth_samples(database)
    app = QApplication.instance()
    shots: list[Path] = []
    try:
        window = MainWindow()
        window.resize(*SIZE)
        window.show()
        window.attach(Ops(database, Bus()))
        page = window.show_page("growth") or window.page("growth")
        capacity = page.show_tab("capacity")  # type: ignore[attr-defined]
        settle(app)
        capacity.district.setText("B90")
        capacity.check()
        settle(app)
        shots.append(save(window, out / "growth-capacity.png"))
        outcomes = page.show_tab("outcomes")  # type: ignore[attr-defined]
        settle(app)
        outcomes.choose_client(outcomes.client.itemData(outcomes.client.findText("Peggy Henshaw")))
        settle(app)
        shots.append(save(window, out / "growth-outcomes.png"))
        costs_tab = page.show_tab("costs")  # type: ignore[attr-defined]
        if costs_tab.months_task is not None:  # the chart's year is worked out off the UI thread
            costs_tab.months_task.wait()
        settle(app)
        shots.append(save(window, out / "growth-costs.png"))
        page.show_tab("profile")  # type: ignore[attr-defined]
        settle(app)
        shots.append(save(window, out / "growth-profile.png"))
        window.close()
        with database.session() as s:
            data = profile.collect(s)
    finally:
        database.close()
    buf = io.BytesIO()
    profile.render(data, buf)
    pdf = tmp / "profile.pdf"
    pdf.write_bytes(buf.getvalue())
    name = out / "referral-profile-pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(name)], check=True)
    shots.append(out / "referral-profile-pdf.png")
    return shots


if __name__ == "__main__":
    sys.exit(main())
