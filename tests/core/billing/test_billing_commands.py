"""`microoffice invoices`, `payments add` and `dp-pack` as a person runs them: real processes."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from microoffice.core.db.database import open_database
from tests.core.billing import helpers as h


def mo(*args: str, home: Path, now: str = "2027-01-04T09:30") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MICROOFFICE_HOME=str(home), MICROOFFICE_NOW=now)
    env.pop("MICROOFFICE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "microoffice", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _make_db(path: Path) -> None:
    database = open_database(str(path))
    with database.session() as s:
        h.set_up_business(s)
        dora = h.add_client(s, "Dora", "Hughes")
        h.direct_payment(s, dora)
        h.add_card(s, dora)
        h.add_visit(s, dora, date(2026, 12, 1), "09:00", "10:00")  # 25.50
        h.add_visit(s, dora, date(2026, 12, 2), "09:00", "10:00", note=False)  # no note: problem
    database.close()


def test_run_preview_issue_pay_export_and_pack(tmp_path: Path) -> None:
    home, db = tmp_path / "home", tmp_path / "a.sqlite"
    _make_db(db)
    preview = mo("invoices", "run", "--period", "2026-12", "--db", str(db), home=home)
    assert preview.returncode == 0, preview.stderr
    out = preview.stdout
    assert out.splitlines()[:4] == [
        "Invoice run 01/12/2026 to 31/12/2026",
        "",
        "Stops an invoice (1, left out of this run until put right):",
        "  [no_note] Mrs Dora Hughes: The visit on Wed 02/12/2026 at 09:00 has no daily note, so "
        "it is not invoiced: write the note, then run the invoices again.",
    ]
    assert out.index("Worth a look (1, still invoiced):") < out.index("1 invoice(s), total £25.50")
    assert "Nothing issued" in out

    issued = mo(
        "invoices",
        "run",
        "--period",
        "2026-12",
        "--issue",
        "--out",
        str(tmp_path / "pdf"),
        "--db",
        str(db),
        home=home,
    )
    assert issued.returncode == 0, issued.stderr
    assert "INV-000001" in issued.stdout
    pdf = tmp_path / "pdf" / "INV-000001.pdf"
    assert "£25.50" in PdfReader(pdf).pages[0].extract_text()

    paid = mo(
        "payments",
        "add",
        "--invoice",
        "INV-000001",
        "--amount",
        "25.50",
        "--date",
        "04/01/2027",
        "--reference",
        "DP ACCOUNT",
        "--db",
        str(db),
        home=home,
    )
    assert paid.returncode == 0, paid.stderr
    assert "INV-000001: paid, owed £0.00" in paid.stdout

    export = tmp_path / "books.csv"
    exported = mo(
        "invoices",
        "export",
        "--csv",
        str(export),
        "--from",
        "2027-01-01",
        "--to",
        "31/01/2027",
        "--db",
        str(db),
        home=home,
    )
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    assert [(r["*InvoiceNumber"], r["*UnitAmount"]) for r in rows] == [("INV-000001", "25.50")]

    pack = tmp_path / "pack.pdf"
    made = mo(
        "dp-pack",
        "--client",
        "Dora Hughes",
        "--quarter",
        "2026Q4",
        "--pdf",
        str(pack),
        "--db",
        str(db),
        home=home,
    )
    assert made.returncode == 0, made.stderr
    assert "Direct payment audit pack" in PdfReader(pack).pages[0].extract_text()


def test_bad_input_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    home, db = tmp_path / "home", tmp_path / "a.sqlite"
    _make_db(db)
    bad_period = mo("invoices", "run", "--period", "December", "--db", str(db), home=home)
    assert bad_period.returncode == 2
    assert "write a month (2026-12)" in bad_period.stderr
    bad_amount = mo(
        "payments",
        "add",
        "--payer",
        "Someone",
        "--amount",
        "ten",
        "--date",
        "04/01/2027",
        "--db",
        str(db),
        home=home,
    )
    assert bad_amount.returncode == 2 and "type it like 12.50" in bad_amount.stderr
    bad_quarter = mo(
        "dp-pack",
        "--client",
        "Dora Hughes",
        "--quarter",
        "Q4",
        "--pdf",
        str(tmp_path / "x.pdf"),
        "--db",
        str(db),
        home=home,
    )
    assert bad_quarter.returncode == 2 and "write it like 2026Q4" in bad_quarter.stderr
