"""Render the user guide's pictures (docs/guide/img/) from the small demo, light and dark.

    python scripts/guide_screenshots.py [--out DIR] [--theme light|dark|both]

Offscreen, with the clock at Monday 7 December 2026, 09:30: first-run wizard and spreadsheet
import on a new office; then, on Barbara's demo with October invoiced and some of it paid, each
task of the guide (clients, plans, Today, invoice run, payment, inspection, backups). The dark
run (MICROOFFICE_THEME=dark, in its own process so the palette starts clean) repeats the main
pages. scripts/screenshots.py runs this too.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MICROOFFICE_NOW"] = os.environ.get("MICROOFFICE_NOW") or "2026-12-07T09:30"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1280, 800)
IMPORT_CSV = """\
Title,Forename,Surname,DOB,NHS No,Address,Town,Post Code,Tel,Notes
Mrs,Joan,Hughes,03/04/1938,943 476 5919,12 Oak Road,Birmingham,b13 9pl,0121 496 0011,Key safe 1234
Mr,Peter,Okafor,31/02/1941,,4 Mill Lane,Solihull,B91 3QB,0121 496 0022,
Miss,Edna,Price,17/09/1935,,9 Park Avenue,Birmingham,B15 2TT,not known,Hard of hearing
Ms,Rita,Shah,22/11/1944,,7 The Green,Birmingham,B14 7QH,07700 900123,
Mr,Stan,Booth,09/06/1930,,22 Station Road,Knowle,B93 0HE,01564 770123,Daughter visits Sundays
"""


class Shots:
    def __init__(self, app: Any, out: Path, suffix: str) -> None:
        self.app, self.out, self.suffix = app, out, suffix
        self.written: list[Path] = []

    def settle(self) -> None:
        for _ in range(4):
            self.app.processEvents()

    def save(self, widget: Any, name: str) -> Path:
        self.settle()
        path = self.out / f"{name}{self.suffix}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"Could not write {path}")
        self.written.append(path)
        return path


def prepare(db_path: str) -> None:
    """Barbara's demo with October invoiced on 4 November and two thirds of it paid (the first
    invoice £20 over: credit on account)."""
    from microoffice.core.billing import issue, ledger, payments
    from microoffice.core.db.database import open_database
    from microoffice.core.demo import build_demo

    build_demo(db_path, scale="small", force=True)
    database = open_database(db_path)
    try:
        with database.session(actor="screenshots") as s:
            issue.issue_run(s, date(2026, 10, 1), date(2026, 10, 31), on=date(2026, 11, 4))
            for n, row in enumerate(sorted(ledger.invoice_rows(s), key=lambda r: r.number)):
                if n % 3 == 2:
                    continue
                paid = row.total_pence + (2000 if n == 0 else 0)
                payments.record_payment(
                    s,
                    payments.PaymentData(
                        received_on=date(2026, 11, 18),
                        amount=f"{paid // 100}.{paid % 100:02d}",
                        reference=f"{row.number} BACS",
                    ),
                    invoice_id=row.invoice_id,
                )
    finally:
        database.close()


def first_run(shots: Shots, tmp: Path) -> None:
    """The welcome wizard and the import on a brand-new office."""
    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.runner import Ops
    from microoffice.ui.importing.dialog import ImportDialog
    from microoffice.ui.wizard.welcome import WelcomeWizard

    database = open_database(str(tmp / "new-office.sqlite"))
    try:
        ops = Ops(database, Bus())
        wizard = WelcomeWizard(ops)
        wizard.show()
        shots.save(wizard, "setup-welcome")
        wizard.next()
        form = wizard.business_page.form
        form.set_values(
            {
                "legal_name": "Sunrise Home Care Ltd",
                "legal_form": "ltd",
                "trading_name": "Sunrise Home Care",
                "address": "4 Church Road\nMoseley\nBirmingham",
                "postcode": "b13 8aa",
                "phone": "0121 496 0100",
                "email": "hello@sunrisecare.example",
            }
        )
        wizard.business_page.validatePage()  # the company number is missing: shown at the field
        shots.save(wizard, "setup-business")
        form.set_values({"company_number": "12345678"})
        wizard.business_page.validatePage()
        wizard.next()
        wizard.regulation_page.cqc.setChecked(True)
        wizard.regulation_page.form.set_values({"cqc_provider_id": "1-234567890"})
        shots.save(wizard, "setup-cqc")
        wizard.next()
        wizard.bank_page.form.set_values(
            {
                "bank_account_name": "Sunrise Home Care Ltd",
                "bank_sort_code": "12-34-56",
                "bank_account_number": "12345678",
            }
        )
        shots.save(wizard, "setup-bank")
        wizard.next()
        shots.save(wizard, "setup-start")
        wizard.accept()
        source = tmp / "My clients.csv"
        source.write_text(IMPORT_CSV, encoding="utf-8")
        dialog = ImportDialog(ops, "clients", None, source)
        dialog.resize(1180, 680)
        dialog.show()
        shots.save(dialog, "import-problems")
        dialog.skip_bad.setChecked(True)
        dialog.start_import()
        task = dialog.task
        if task is not None:
            task.wait()
        _wait_for(shots, lambda: dialog.import_result is not None)
        shots.save(dialog, "import-done")
        dialog.close()
    finally:
        database.close()


def _wait_for(shots: Shots, done: Callable[[], bool]) -> None:
    import time

    deadline = time.monotonic() + 60
    while not done():
        shots.settle()
        if time.monotonic() > deadline:
            raise SystemExit("A task did not finish in time")
        time.sleep(0.01)


def everyday(shots: Shots, db_path: str, dark: bool) -> None:
    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.main_window import MainWindow
    from microoffice.ui.app.runner import Ops

    database = open_database(db_path)
    try:
        window = MainWindow()
        window.resize(*SIZE)
        window.show()
        window.attach(Ops(database, Bus()))
        shots.settle()
        shots.save(window, "today")
        clients = window.show_page("clients") or window.page("clients")
        clients.table.selectRow(2)  # type: ignore[attr-defined]
        shots.save(window, "clients")
        invoices = window.show_page("invoices") or window.page("invoices")
        invoices.run_tab.preview_button.click()  # type: ignore[attr-defined]
        shots.save(window, "invoice-run")
        window.show_page("compliance")
        shots.save(window, "compliance")
        if dark:
            window.show_page("settings")
            shots.save(window, "settings")
            window.show_page("calendar")
            shots.save(window, "calendar")
        else:
            tasks_in_detail(shots, window)
        window.close()
    finally:
        database.close()


def tasks_in_detail(shots: Shots, window: Any) -> None:
    """The dialogs each guide page walks through (light theme only)."""
    from microoffice.ui.app.menus import open_backups, show_shortcuts
    from microoffice.ui.app.runner import Task
    from microoffice.ui.billing.payment_dialog import PaymentDialog
    from microoffice.ui.clients.dialog import ClientDialog
    from microoffice.ui.scheduling.plan_dialog import PlanDialog

    ops = window.ops
    clients = window.page("clients")
    row = clients.model.row_at(2)
    dialog = ClientDialog(ops, None, clients)
    dialog.resize(980, 640)
    dialog.details.set_values(
        {
            "title": "Mrs",
            "first_name": "Margaret",
            "last_name": "Ellis",
            "date_of_birth": "14/02/1939",
            "address_line1": "31 Wake Green Road",
            "town": "Birmingham",
            "postcode": "B13 9HE",
            "phone": "0121 496 0733",
        }
    )
    dialog.show()
    shots.save(dialog, "client-new")
    dialog.reject()

    calendar = window.show_page("calendar") or window.page("calendar")
    shots.save(window, "calendar")
    plan = PlanDialog(ops, None, calendar, client_id=row.id)
    plan.show()
    shots.save(plan, "plan-new")
    plan.reject()

    today = window.show_page("today") or window.page("today")
    today.visits.table.selectRow(1)
    shots.save(window, "today-selected")
    today.visits.confirm_all()
    confirm = today.visits.dialog
    confirm.lines[0].setText("Cheerful; ate all her porridge. Skin on heels checked: fine.")
    shots.save(confirm, "today-confirm")
    confirm.reject()

    invoices = window.page("invoices")
    gate = threading.Event()

    def slow(_s: Any, progress: Any, cancelled: Any) -> None:
        progress(2, 9, "Invoice 3 of 9: Mrs Peggy Henshaw")
        gate.wait(30)

    task: Task[None] = Task(ops, "Issuing invoices", slow, parent=invoices).start()
    _wait_for(shots, lambda: task.last[0] == 2)
    task._show_dialog()
    assert task.dialog is not None
    shots.save(task.dialog, "invoice-issuing")
    gate.set()
    task.wait()
    _wait_for(shots, lambda: task.outcome is not None)

    window.show_page("invoices")  # (the list and arrears pictures showed Today before)
    listing = invoices.list_tab
    invoices.tabs.setCurrentWidget(listing)
    unpaid = next(i for i, r in enumerate(listing.model.rows()) if r.balance_pence > 0)
    listing.table.selectRow(unpaid)
    shots.save(window, "invoice-list")
    pay = PaymentDialog(ops, listing.model.row_at(unpaid), listing)
    pay.show()
    shots.save(pay, "payment")
    pay.reject()

    arrears = invoices.arrears_tab
    invoices.tabs.setCurrentWidget(arrears)
    held = next(i for i, r in enumerate(arrears.model.rows()) if r.credit_pence)
    arrears.table.selectRow(held)
    shots.save(window, "arrears-credit")
    arrears.refund()
    shots.save(arrears.dialog, "refund")
    arrears.dialog.reject()
    payer = arrears.model.row_at(held).payer_name
    client_id = next(r.client_id for r in listing.model.rows() if r.payer_name == payer)
    account = ClientDialog(ops, client_id, clients)
    account.resize(980, 640)
    account.tabs.setCurrentWidget(account.account)
    account.show()
    shots.save(account, "client-account")
    account.reject()

    compliance = window.show_page("compliance") or window.page("compliance")
    compliance.save_pack()
    _wait_for(shots, lambda: getattr(compliance, "pack_preview", None) is not None)
    preview = compliance.pack_preview
    preview.resize(900, 820)
    shots.settle()
    preview.view.draw_visible()  # what its timer does a moment after the window opens
    shots.save(preview, "evidence-pack")
    preview.close()

    from datetime import datetime

    from microoffice.core import clock
    from microoffice.core.services import backups

    with clock.frozen(datetime(2026, 12, 4, 17, 52)):  # Friday's closing copy
        backups.create_backup(ops.database, tag="close")
    with clock.frozen(datetime(2026, 12, 7, 8, 5)):  # this morning's daily copy
        backups.create_backup(ops.database, tag="daily")
    dialog = open_backups(window)
    assert dialog is not None
    dialog.back_up()
    _wait_for(shots, lambda: dialog.task is None and dialog.model.rowCount() >= 3)
    dialog.table.selectRow(1)
    shots.save(dialog, "backups")
    dialog.ask_restore()
    shots.save(dialog.question, "restore-question")
    dialog.question.reject()
    dialog.reject()
    shortcuts = show_shortcuts(window)
    shots.save(shortcuts, "shortcuts")
    shortcuts.reject()


def run(out: Path, theme: str) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from microoffice.app import apply_style

    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_style(app)
    dark = theme == "dark"
    shots = Shots(app, out, "-dark" if dark else "")
    with tempfile.TemporaryDirectory(prefix="microoffice-guide-") as tmp:
        os.environ["MICROOFFICE_HOME"] = str(Path(tmp) / "home")
        db_path = str(Path(tmp) / "demo.sqlite")
        prepare(db_path)
        if not dark:
            first_run(shots, Path(tmp))
        else:
            first_run_dark(shots, Path(tmp))
        everyday(shots, db_path, dark)
    return shots.written


def first_run_dark(shots: Shots, tmp: Path) -> None:
    """Only the import window in the dark set (the wizard is seen once)."""
    from microoffice.core.db.database import open_database
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.runner import Ops
    from microoffice.ui.importing.dialog import ImportDialog

    database = open_database(str(tmp / "new-office.sqlite"))
    try:
        source = tmp / "My clients.csv"
        source.write_text(IMPORT_CSV, encoding="utf-8")
        dialog = ImportDialog(Ops(database, Bus()), "clients", None, source)
        dialog.resize(1180, 680)
        dialog.show()
        shots.save(dialog, "import-problems")
        dialog.close()
    finally:
        database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "guide" / "img"), help="folder")
    parser.add_argument("--theme", choices=["light", "dark", "both"], default="both")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.theme == "dark":
        os.environ["MICROOFFICE_THEME"] = "dark"
        for path in run(out, "dark"):
            print(path)
        return 0
    os.environ["MICROOFFICE_THEME"] = "light"
    for path in run(out, "light"):
        print(path)
    if args.theme == "both":  # a fresh process, so the dark palette starts from nothing
        command = [sys.executable, str(Path(__file__)), "--out", str(out), "--theme", "dark"]
        subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
