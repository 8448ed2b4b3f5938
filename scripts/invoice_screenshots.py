"""Render the Invoices screens from the small demo to docs/screenshots/invoice-*.png.

    python scripts/invoice_screenshots.py [--out DIR]

Builds the small demo (Barbara's business) in a temporary folder with the clock at Monday
7 December 2026, issues October's invoices on 4 November and records a few payments (so there is
something owed), then shows: the November run preview (problems first), the invoices list, one
direct-payment invoice in the preview dialog, and the arrears tab with its chart.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from shot_files import save, settle

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MICROOFFICE_NOW"] = os.environ.get("MICROOFFICE_NOW") or "2026-12-07T09:30"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1280, 720)


def prepare(db_path: str) -> None:
    from microoffice.core.billing import issue, ledger, payments
    from microoffice.core.db.database import open_database
    from microoffice.core.demo import build_demo

    build_demo(db_path, scale="small", force=True)
    database = open_database(db_path)
    try:
        with database.session(actor="screenshots") as s:
            issue.issue_run(s, date(2026, 10, 1), date(2026, 10, 31), on=date(2026, 11, 4))
            rows = sorted(ledger.invoice_rows(s), key=lambda r: r.number)
            for n, row in enumerate(rows):
                if n % 3 == 2:
                    continue  # a third left unpaid
                share = row.total_pence if n % 3 == 0 else row.total_pence // 2
                payments.record_payment(
                    s,
                    payments.PaymentData(
                        received_on=date(2026, 11, 18),
                        amount=f"{share / 100:.2f}",
                        reference=f"{row.number} BACS",
                    ),
                    invoice_id=row.invoice_id,
                )
    finally:
        database.close()


def render(db_path: str, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from microoffice.app import apply_style
    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops
    from microoffice.ui.billing.invoice_preview import InvoicePreviewDialog
    from microoffice.ui.billing.invoices import InvoicesPage

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    apply_style(app)
    database = open_database(db_path)
    shots: list[Path] = []
    try:
        window = MainWindow()
        window.resize(*SIZE)
        window.show()
        window.attach(Ops(database, Bus()))
        page = window.show_page("invoices") or window.page("invoices")
        assert isinstance(page, InvoicesPage)
        page.run_tab.preview_button.click()
        settle(app)
        shots.append(save(window, out / "invoice-run.png"))
        page.tabs.setCurrentWidget(page.list_tab)
        page.list_tab.table.selectRow(0)
        settle(app)
        shots.append(save(window, out / "invoice-list.png"))
        rows = page.list_tab.model.rows()
        dp = next((r for r in rows if r.layout == "direct_payment"), rows[0])
        dialog = InvoicePreviewDialog(page.ops, dp.invoice_id, page)
        dialog.resize(1000, 680)  # as it opens on a 1280 x 720 screen
        dialog.show()
        settle(app)
        shots.append(save(dialog, out / "invoice-preview.png"))
        dialog.reject()
        page.tabs.setCurrentWidget(page.arrears_tab)
        page.arrears_tab.table.selectRow(0)
        settle(app)
        shots.append(save(window, out / "invoice-arrears.png"))
        window.close()
    finally:
        database.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="microoffice-invoice-shots-") as tmp:
        os.environ["MICROOFFICE_HOME"] = str(Path(tmp) / "home")
        db_path = str(Path(tmp) / "demo.sqlite")
        prepare(db_path)
        for path in render(db_path, out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
