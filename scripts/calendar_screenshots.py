"""Screenshots of the calendar (issue 16) at 1280 x 720, for docs/screenshots and the README.

    python scripts/calendar_screenshots.py [--out DIR]

Builds the small demo (Barbara's business) with the clock fixed at Monday 7 December 2026, 09:30,
and makes the changes a week brings, through the same core calls the calendar makes: the morning's
first visits confirmed, one visit skipped, one moved for a GP appointment, one cancelled by the
client, one made longer, and a second carer (Jade) taking two visits. Then the week, today and
the month: calendar-week.png, calendar-day.png, calendar-month.png, and the details of the moved
visit with its history (calendar-visit-history.png).

Runs under QT_QPA_PLATFORM=offscreen by default; under `xvfb-run -s "-screen 0 1280x720x24"` with
QT_QPA_PLATFORM=xcb it draws the real window on a screen of that size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from shot_files import save, settle

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MICROOFFICE_NOW"] = os.environ.get("MICROOFFICE_NOW") or "2026-12-07T09:30"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE = (1280, 720)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="microoffice-calendar-shots-") as tmp:
        os.environ["MICROOFFICE_HOME"] = str(Path(tmp) / "home")
        from microoffice.core.demo import build_demo

        db_path = str(Path(tmp) / "demo.sqlite")
        build_demo(db_path, scale="small", force=True)
        a_week_of_changes(db_path)
        for path in render(db_path, out):
            print(path)
    return 0


def a_week_of_changes(db_path: str) -> None:
    from microoffice.core import clock
    from microoffice.core.db.database import open_database
    from microoffice.core.scheduling import today, visit_changes
    from microoffice.core.services import clients, staff

    def at(day: date, hh: int, mm: int) -> Any:
        return clock.to_utc(day, time(hh, mm))

    database = open_database(db_path)
    try:
        with database.session(actor="Barbara Whitmore") as s:
            today.confirm_day(s, date(2026, 12, 7))
            helper = staff.create_staff(
                s, staff.StaffData(first_name="Jade", last_name="Okoro", phone="07700 900456")
            ).id

            def visit(name: str, day: date) -> Any:
                return visit_changes.find_visit(s, clients.find_client(s, name).id, day)

            visit_changes.skip_visit(
                s, visit("Harold Bennett", date(2026, 12, 8)), "Family visiting"
            )
            moved = visit("Abdul Rashid", date(2026, 12, 9))
            visit_changes.move_visit(
                s,
                moved,
                at(date(2026, 12, 9), 14, 30),
                at(date(2026, 12, 9), 15, 15),
                reason="GP appointment in the morning",
            )
            told = at(date(2026, 12, 6), 18, 5)
            visit_changes.cancel_visit(
                s,
                visit("Winston Campbell", date(2026, 12, 10)),
                "client",
                "Hospital check-up",
                told,
            )
            betty = visit("Betty Clarke", date(2026, 12, 7) + timedelta(days=3))
            visit_changes.move_visit(
                s, betty, betty.planned_start, betty.planned_end + timedelta(minutes=30),
                reason="Bed change and laundry this week",
            )  # fmt: skip
            for day in (date(2026, 12, 8), date(2026, 12, 10)):  # Barbara at the dentist
                visit_changes.set_carers(s, visit("Stan Price", day), [helper], "Dentist")
    finally:
        database.close()


def render(db_path: str, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from microoffice.app import apply_style
    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops
    from microoffice.ui.scheduling.calendar import CalendarPage

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
        settle(app, 5)
        page = window.show_page("calendar") or window.page("calendar")
        assert isinstance(page, CalendarPage)
        settle(app, 5)
        moved = next(
            b
            for b in page.canvas.blocks
            if b.lines[0].endswith("Abdul Rashid") and b.mark == "moved"
        )
        page.canvas.set_current(moved.key)
        settle(app, 5)
        written.append(save(window, out / "calendar-week.png"))
        page.show_mode("day")
        settle(app, 5)
        written.append(save(window, out / "calendar-day.png"))
        page.show_mode("month")
        settle(app, 5)
        written.append(save(window, out / "calendar-month.png"))
        page.show_mode("week")
        settle(app, 5)
        page.canvas.set_current(moved.key)
        page.details_button.click()
        settle(app, 5)
        assert page.dialog is not None
        page.dialog.resize(640, 300)
        settle(app, 5)
        written.append(save(page.dialog, out / "calendar-visit-history.png"))
        page.dialog.close()
        window.close()
    finally:
        database.close()
    return written


if __name__ == "__main__":
    sys.exit(main())
