"""Screenshots of signing in, Settings > People and a note's history with names (issue 15).

    python scripts/people_screenshots.py [--out DIR]

Builds the small demo (Barbara's business), adds a carer (Anna Lee) who did Saturday's visit to
a client, and people who sign in: Barbara (owner), Anna (carer), Bea (bookkeeper). Barbara types
up Anna's paper visit sheet from Saturday (written on her behalf, late) and Anna corrects
it. Renders, with
the clock fixed at Monday 7 December 2026, 09:30: the sign-in window, the Settings page at its
People section, and the note's history.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, time, timedelta
from pathlib import Path

from shot_files import save, settle

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MICROOFFICE_NOW"] = os.environ.get("MICROOFFICE_NOW") or "2026-12-07T09:30"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE = (1280, 720)
PIN = "246810"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="microoffice-people-shots-") as tmp:
        os.environ["MICROOFFICE_HOME"] = str(Path(tmp) / "home")
        from microoffice.core.db.database import open_database
        from microoffice.core.demo import build_demo

        path = str(Path(tmp) / "demo.sqlite")
        build_demo(path, scale="small", force=True)
        database = open_database(path)
        try:
            note_id = set_up_people(database)
            written = screens(database, out, note_id)
        finally:
            database.close()
    for item in written:
        print(item)
    return 0


def set_up_people(database: object) -> int:
    """Anna joins, visits Edna yesterday; the team signs in; the paper sheet is typed up."""
    from microoffice.core import clock
    from microoffice.core.people import services as people
    from microoffice.core.people import signin
    from microoffice.core.records import notes
    from microoffice.core.scheduling import today
    from microoffice.core.scheduling.visits import OneOffData
    from microoffice.core.services import clients, staff

    db: object = database
    with db.session() as s:  # type: ignore[attr-defined]
        anna = staff.create_staff(
            s, staff.StaffData(first_name="Anna", last_name="Lee", start_date=date(2026, 9, 1))
        ).id
        client = clients.list_clients(s)[0]
        saturday = clock.today() - timedelta(days=2)
        visit = today.record_extra_visit(
            s, OneOffData(client.id, saturday, time(8, 0), time(8, 45), staff_ids=[anna])
        ).id
        people.add_person(s, people.PersonData("Barbara Whitmore", "owner", PIN))
    signin.sign_in(db, "Barbara Whitmore", PIN)  # type: ignore[arg-type]
    with db.session() as s:  # type: ignore[attr-defined]
        people.add_person(s, people.PersonData("Anna Lee", "carer", PIN, anna))
        people.add_person(s, people.PersonData("Bea Count", "bookkeeper", "13579135"))
    with db.session() as s:  # type: ignore[attr-defined]  # Monday: Saturday's sheet typed in
        note = notes.write_note(
            s,
            notes.NoteData(
                client_id=client.id,
                visit_id=visit,
                text="Helped to wash and dress. Porridge and tea; took her tablets.",
                late_reason="Typed up from Anna's paper visit sheet",
            ),
        ).id
    signin.sign_in(db, "Anna Lee", PIN)  # type: ignore[arg-type]
    with db.session() as s:  # type: ignore[attr-defined]
        notes.amend_note(
            s,
            note,
            "Helped to wash and dress. Half the porridge and a cup of tea; took her tablets.",
            "She left half the porridge",
        )
    signin.sign_in(db, "Barbara Whitmore", PIN)  # type: ignore[arg-type]
    return note


def screens(database: object, out: Path, note_id: int) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from microoffice.app import apply_style
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops
    from microoffice.ui.app.sign_in import SignInDialog
    from microoffice.ui.records.note_dialogs import NoteHistoryDialog
    from microoffice.ui.settings.page import SettingsPage

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    apply_style(app)
    shots: list[Path] = []
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    ops = Ops(database, Bus())  # type: ignore[arg-type]
    window.attach(ops)
    settle(app)

    sign_in = SignInDialog(ops, window, "Whitmore Home Care: choose your name and type your PIN.")
    sign_in.names.setCurrentText("Anna Lee")
    sign_in.secret.setText("2468")
    settle(app)
    shots.append(save(sign_in, out / "sign-in.png"))
    sign_in.reject()

    page = window.show_page("settings") or window.page("settings")
    assert isinstance(page, SettingsPage) and page.people is not None
    settle(app)
    page.ensureWidgetVisible(page.people, 0, 200)
    page.people.table.selectRow(0)
    settle(app)
    shots.append(save(window, out / "people-settings.png"))

    history = NoteHistoryDialog(ops, note_id, window)
    history.resize(780, 320)
    history.show()
    settle(app)
    shots.append(save(history, out / "note-history-names.png"))
    history.close()
    window.close()
    return shots


if __name__ == "__main__":
    sys.exit(main())
