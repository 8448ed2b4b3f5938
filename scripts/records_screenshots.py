"""Screenshots of the care-records and compliance screens and documents, for docs/ and the README.

    python scripts/records_screenshots.py [--out DIR]

Builds the small demo (Barbara's business), adds a year of sample care records
(microoffice.core.records.sample) and renders, with the clock fixed at Monday 7 December 2026,
09:30: the compliance dashboard, a care plan, the on-screen MAR chart, an incident's
notifications, a client's complaints, the records-retention review, the day-groups window, and the
first page of the printed MAR chart and evidence pack.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from shot_files import save

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
    with tempfile.TemporaryDirectory(prefix="microoffice-records-shots-") as tmp:
        os.environ["MICROOFFICE_HOME"] = str(Path(tmp) / "home")
        from microoffice.core.db.database import open_database
        from microoffice.core.demo import build_demo
        from microoffice.core.records.sample import add_sample_records

        path = str(Path(tmp) / "demo.sqlite")
        build_demo(path, scale="small", force=True)
        database = open_database(path)
        try:
            add_sample_records(database)
            written = screens(database, out) + documents(database, out, Path(tmp))
        finally:
            database.close()
    for item in written:
        print(item)
    return 0


def screens(database: object, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from microoffice.app import apply_style
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops
    from microoffice.ui.records.incident_notifications import IncidentNotificationsDialog
    from microoffice.ui.scheduling.groups import GroupsWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    apply_style(app)
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    window.attach(Ops(database, Bus()))  # type: ignore[arg-type]

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    shots = []
    window.show_page("compliance")
    settle()
    shots.append(save(window, out / "compliance-dashboard.png"))
    records = window.page("records")
    window.show_page("records")
    best = max(range(records.client.count()), key=lambda i: medicines_for(records, i))
    records.client.setCurrentIndex(best)
    records.tabs.setCurrentWidget(records.plan)
    settle()
    shots.append(save(window, out / "records-care-plan.png"))
    records.tabs.setCurrentWidget(records.medicines)
    settle()
    shots.append(save(window, out / "records-mar.png"))
    records.tabs.setCurrentWidget(records.incidents)
    records.incidents.all_clients.setChecked(True)
    settle()
    rows = records.incidents.model.rows()
    serious = next((r for r in rows if not r.closed), rows[0])
    dialog = IncidentNotificationsDialog(records.ops, serious.id, window)
    dialog.show()
    settle()
    shots.append(save(dialog, out / "incident-notifications.png"))
    dialog.close()
    records.incidents.all_clients.setChecked(False)
    best = max(range(records.client.count()), key=lambda i: complaints_for(records, i))
    records.client.setCurrentIndex(best)
    settle()
    shots.append(save(window, out / "records-complaints.png"))
    add_former_client(records.ops)  # type: ignore[attr-defined]
    window.show_page("compliance")
    compliance = window.page("compliance")
    compliance.retention.reload()
    compliance.tabs.setCurrentWidget(compliance.retention)
    settle()
    shots.append(save(window, out / "compliance-retention.png"))
    add_lunch_club(records.ops)  # type: ignore[attr-defined]
    window.show_page("calendar")
    calendar = window.page("calendar")
    groups = GroupsWindow(calendar.ops, calendar)
    groups.resize(1100, 620)
    groups.show()
    settle()
    groups.table.selectRow(0)
    settle()
    shots.append(save(groups, out / "calendar-groups.png"))
    groups.close()
    window.close()
    return shots


def complaints_for(records: object, index: int) -> int:
    from microoffice.core.records.views import complaint_rows

    cid = records.client.itemData(index)  # type: ignore[attr-defined]
    return len(records.ops.read(lambda s: complaint_rows(s, cid), []))  # type: ignore[attr-defined]


def add_former_client(ops: object) -> None:
    """A client whose care ended in 2017, so the retention review has a record to decide on
    (the demo business is younger than the eight years care records are kept)."""
    from microoffice.core.services import clients

    with ops.database.session(actor="screenshots") as session:  # type: ignore[attr-defined]
        data = clients.ClientData(
            "Doris", "Aldridge", "Mrs", start_date=date(2014, 3, 3), end_date=date(2017, 6, 30)
        )
        data.end_reason = "Moved to a care home"
        client = clients.create_client(session, data)
        clients.archive_client(session, client.id, "Moved to a care home")


def add_lunch_club(ops: object) -> None:
    """A weekly lunch club with four of Barbara's clients booked on its first session, so the
    groups window has something to show (the demo itself runs no groups)."""
    from datetime import time

    from sqlalchemy import select

    from microoffice.core.models.clients import Client
    from microoffice.core.scheduling import groups

    def write(session: object) -> None:
        club = groups.create_group(session, "Thursday lunch club", 6, "Moseley Community Hall")  # type: ignore[arg-type]
        sessions = groups.add_sessions(
            session,  # type: ignore[arg-type]
            club.id,
            date(2026, 12, 10),
            time(11, 30),
            time(14, 0),
            weeks=6,
        )
        people = session.scalars(  # type: ignore[attr-defined]
            select(Client.id).where(Client.archived_at.is_(None)).order_by(Client.id).limit(4)
        ).all()
        groups.book(session, sessions[0].id, people)  # type: ignore[arg-type]

    with ops.database.session(actor="screenshots") as session:  # type: ignore[attr-defined]
        write(session)


def medicines_for(records: object, index: int) -> int:
    from microoffice.core.records.medication import client_medicines

    cid = records.client.itemData(index)  # type: ignore[attr-defined]
    return len(records.ops.read(lambda s: client_medicines(s, cid), []))  # type: ignore[attr-defined]


def documents(database: object, out: Path, tmp: Path) -> list[Path]:
    from microoffice.core.records.medication import client_medicines
    from microoffice.core.reports import evidence_pack, mar_chart

    shots = []
    with database.session() as s:  # type: ignore[attr-defined]
        from microoffice.core.compliance.checks import active_clients

        client = max(
            active_clients(s, date(2026, 12, 7)), key=lambda c: len(client_medicines(s, c.id))
        )
        chart = mar_chart.collect(s, client.id, date(2026, 12, 1))
        pack = evidence_pack.collect(s, date(2025, 12, 7), date(2026, 12, 6))
    for name, render, data in (
        ("mar-chart-pdf", mar_chart.render, chart),
        ("evidence-pack-pdf", evidence_pack.render, pack),
    ):
        buf = io.BytesIO()
        render(data, buf)  # type: ignore[operator]
        pdf = tmp / f"{name}.pdf"
        pdf.write_bytes(buf.getvalue())
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(out / name),
            ],
            check=True,
        )
        shots.append(out / f"{name}.png")
    return shots


if __name__ == "__main__":
    sys.exit(main())
