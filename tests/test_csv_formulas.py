"""Issue 13: no CSV microoffice writes can carry a live formula into the accountant's
spreadsheet; numbers (a credit note's -25.50) stay numbers."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest

from microoffice.core.billing import credit, issue
from microoffice.core.db.database import open_database
from microoffice.core.exports.csv_cells import TRIGGERS, csv_text, safe_cell
from microoffice.core.services import clients
from tests.core.billing import helpers as h
from tests.test_hostile_files import run_cli

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-25.50", "-25.50"),
        ("+3", "+3"),
        (-2550, "-2550"),
        ("Mrs Ann Smith", "Mrs Ann Smith"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_cell_is_text_behind_an_apostrophe_or_a_plain_value(value: object, written: str) -> None:
    assert safe_cell(value) == written


def test_the_accountant_csv_of_a_client_named_as_a_formula(tmp_path: Path) -> None:
    """Through `invoices export --csv` as the owner runs it: the name, address and town that
    start like formulas are text; the invoice's and the credit note's amounts are numbers."""
    office = tmp_path / "office.sqlite"
    database = open_database(str(office))
    with database.session() as s:
        h.set_up_business(s)
        client = clients.create_client(
            s,
            clients.ClientData(
                first_name=HYPERLINK,
                last_name="Smith",
                address_line1="@SUM(1+1)",
                town="+Birmingham",
                postcode="B13 9PT",
            ),
        )
        h.self_funded(s, client)
        h.add_card(s, client)
        h.add_visit(s, client, date(2026, 11, 3), "09:00", "10:00")
        invoice = issue.issue_run(s, date(2026, 11, 1), date(2026, 11, 30), on=date(2026, 12, 1))
        credit.void_invoice(s, invoice.issued[0].invoice_id, "Wrong rate")
    database.close()
    out = tmp_path / "books.csv"
    run = run_cli(
        "invoices",
        "export",
        "--csv",
        str(out),
        "--from",
        "01/11/2026",
        "--to",
        "31/12/2026",
        "--db",
        str(office),
        home=tmp_path / "h",
    )
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert [r["*InvoiceNumber"] for r in rows] == ["INV-000001", "CN-000001"]
    assert {r["*ContactName"] for r in rows} == {"'" + HYPERLINK + " Smith"}
    assert {r["POAddressLine1"] for r in rows} == {"'@SUM(1+1)"}
    assert {r["POAddressLine2"] for r in rows} == {"'+Birmingham"}
    assert [r["*UnitAmount"] for r in rows] == ["25.50", "-25.50"]
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(TRIGGERS) or re.fullmatch(r"-\d+\.\d\d", cell), cell


def test_every_csv_the_program_writes_goes_through_the_one_helper() -> None:
    """A new CSV writer that bypasses csv_cells.py would let formulas out again."""
    package = Path(__file__).parents[1] / "microoffice"
    writers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    )
    assert writers == ["core/exports/csv_cells.py"]


def test_csv_text_makes_the_header_safe_too() -> None:
    assert csv_text(["=A", "B"], [{"=A": "-1", "B": "=2"}]) == "'=A,B\r\n-1,'=2\r\n"
