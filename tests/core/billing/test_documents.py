"""PDFs read back with pypdf show the right figures (issue 4, point 3) and what DOMAIN.md 9.2
requires: the word Invoice, a unique number, supplier and customer names and addresses, supply
dates, invoice date, amounts, VAT where it applies, and the total owed."""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from microoffice.core import clock
from microoffice.core.billing import credit, issue, payments
from microoffice.core.billing.document import stored_pdf
from microoffice.core.db.database import Database
from microoffice.core.reports import dp_pack, reminder, statement
from tests.core.billing import helpers as h

DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(autouse=True)
def _january() -> None:
    clock.freeze(datetime(2027, 1, 4, 9, 0))


def _issue(db: Database, funding: str, vat_number: str = "") -> tuple[int, str]:
    """Two visits: Tue 1 Dec 08:00-09:00 (actual 08:02-09:01) and Sat 5 Dec 10:00-10:30."""
    with db.session() as s:
        h.set_up_business(s, vat_number=vat_number)
        client = h.add_client(s, "Dora", "Hughes")
        {"self": h.self_funded, "dp": h.direct_payment, "council": h.council}[funding](s, client)
        h.add_card(s, client)
        staff = h.staff_member(s)
        h.add_visit(
            s, client, date(2026, 12, 1), "08:00", "09:00", actual=("08:02", "09:01"), staff=[staff]
        )
        h.add_visit(s, client, date(2026, 12, 5), "10:00", "10:30", staff=[staff])
        (issued,) = issue.issue_run(s, DEC1, DEC31).issued
        return issued.invoice_id, text_of(stored_pdf(s, issued.invoice_id))


def test_self_funder_invoice_has_everything_the_law_asks(db: Database) -> None:
    _, text = _issue(db, "self")
    for expected in (
        "Invoice",
        "INV-000001",
        "Kindly Care at Home",
        "Barbara Okafor trading as Kindly Care",
        "12 Mill Lane",
        "B14 7PL",
        "Mrs Dora Hughes",
        "4 Oak Road",
        "B13 9PT",
        "01/12/2026 to 31/12/2026",
        "04/01/2027",
        "18/01/2027",
        "Personal care",
        # 1 h at 25.50 + 30 min on Saturday at 30.60/h = 25.50 + 15.30 = 40.80
        "£25.50",
        "£15.30",
        "£30.60/h",
        "Total due £40.80",
        "Not VAT registered",
        "Sort code",
        "12-34-56",
        "Reference to quote INV-000001",
        "1-1234567890",
    ):
        assert expected in text, expected


def test_direct_payment_invoice_breaks_down_each_visit(db: Database) -> None:
    _, text = _issue(db, "dp")
    for expected in (
        "Direct payment invoice",
        "David Hughes on behalf of Mrs Dora Hughes",
        "9 Elm Street",
        "Ref DP-55812",
        "Care for Mrs Dora Hughes",
        "Registered with the Care Quality Commission",
        "Date Day Planned Actual Mins Staff Rate Enhancement Amount",
        "01/12/2026 Tue 08:00-09:00 08:02-09:01 60 1 £25.50/h £25.50",
        "05/12/2026 Sat 10:00-10:30 10:00-10:30 30 1 £30.60/h Saturday £15.30",
        "Totals by rate type",
        "Standard rate 1:00 £25.50",
        "Saturday 0:30 £15.30",
        "Total due £40.80",
        "Paid from a direct payment",
    ):
        assert expected in text, expected


def test_council_invoice_carries_its_reference(db: Database) -> None:
    _, text = _issue(db, "council")
    for expected in (
        "Invoice for commissioned care",
        "Birmingham City Council",
        "PO Box 16465",
        "Ref BCC-4471 / PO PO-9001",
        "Care for Mrs Dora Hughes",
        "Total due £40.80",
    ):
        assert expected in text, expected


def test_vat_registered_invoice_shows_exempt_lines_apart(db: Database) -> None:
    _, text = _issue(db, "self", vat_number="GB123456789")
    assert "VAT registration no. GB123456789" in text
    assert "Exempt – welfare services (VATA 1994 Sch 9 Grp 7) £40.80" in text
    assert "Total VAT £0.00" in text
    assert "Not VAT registered" not in text


def test_credit_note_cites_the_original(db: Database) -> None:
    inv_id, _ = _issue(db, "self")
    with db.session() as s:
        note = credit.void_invoice(s, inv_id, "Charged at the wrong rate")
        text = text_of(stored_pdf(s, note.id))
    for expected in (
        "Credit note",
        "CN-000001",
        "INV-000001 of 04/01/2027",
        "Charged at the wrong rate",
        "Total credited £40.80",
        "Mrs Dora Hughes",
    ):
        assert expected in text, expected


def test_statement_reminder_and_dp_pack(db: Database) -> None:
    inv_id, _ = _issue(db, "dp")
    payer = "David Hughes on behalf of Mrs Dora Hughes"
    with db.session() as s:
        payments.record_payment(
            s,
            payments.PaymentData(received_on=date(2027, 1, 4), amount="15.00", reference="DP ACC"),
            invoice_id=inv_id,
        )
    clock.freeze(datetime(2027, 2, 10, 9, 0))
    with db.session() as s:
        st_text = text_of(statement.pdf_bytes(s, payer, DEC1, date(2027, 2, 10)))
        rem_text = text_of(reminder.pdf_bytes(s, payer))
        pack_text = text_of(dp_pack.pdf_bytes(s, 1, "2026Q4"))
    # 40.80 invoiced, 15.00 paid: 25.80 owed
    assert "Statement of account" in st_text
    assert "INV-000001" in st_text and "£40.80" in st_text and "£15.00" in st_text
    assert "Balance owed £25.80" in st_text
    # Due 18/01/2027; on 10/02/2027 it is 23 days overdue: the polite first letter.
    assert "Payment reminder" in rem_text and "Final reminder" not in rem_text
    assert "Dear David Hughes," in rem_text
    assert "Total outstanding £25.80" in rem_text
    assert (
        "Late Payment of Commercial Debts" not in rem_text
    )  # a consumer, never statutory interest
    for expected in (
        "Direct payment audit pack",
        "Mrs Dora Hughes",
        "2026Q4",
        "Visit log",
        "Priya Shah",
        "INV-000001",
        "Payments received",
        "DP ACC",
        "£15.00",
        "Direct payment invoice",
    ):
        assert expected in pack_text, expected


def test_how_to_pay_stays_on_the_first_page_when_the_invoice_fits_there(db: Database) -> None:
    """A council invoice of 15 visit lines is one page, paying included; it used to spill "How to
    pay" alone onto a second page behind a one-line rate summary (14-16 lines did)."""
    with db.session() as s:
        h.set_up_business(s)
        client = h.add_client(s, "Abdul", "Rashid")
        h.council(s, client)
        h.add_card(s, client)
        staff = h.staff_member(s)
        nov = [date(2026, 11, d) for d in range(1, 31)]
        for day in [d for d in nov if d.weekday() < 5][:15]:  # no bank holiday in November
            h.add_visit(s, client, day, "09:45", "10:30", actual=("09:50", "10:35"), staff=[staff])
        (issued,) = issue.issue_run(s, nov[0], nov[-1]).issued
        reader = PdfReader(BytesIO(stored_pdf(s, issued.invoice_id)))
    first_page = re.sub(r"\s+", " ", reader.pages[0].extract_text() or "")
    assert len(reader.pages) == 1
    assert "How to pay" in first_page
    assert "Reference to quote INV-000001" in first_page
