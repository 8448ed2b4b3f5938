"""Credit on account: an overpayment is kept, shown, used on the next invoice or paid back.

The story of issue 16: £400 arrives against a £351 invoice. The invoice is paid, and the £49 is
the payer's money: it must appear on the client, the statement and the arrears list, come off the
next invoice (printed there as "Less credit on account"), or be recorded as refunded.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from microoffice.core import clock
from microoffice.core.billing import account, books, credit, document, issue, ledger, payments
from microoffice.core.billing.document import stored_pdf
from microoffice.core.billing.statements import statement
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.models.billing import InvoiceLine, PaymentAllocation
from microoffice.core.models.clients import Organisation
from microoffice.core.reports import statement as statement_pdf
from microoffice.core.services import clients, funding
from microoffice.core.services.integrity import check_database
from microoffice.core.services.transfer import export_data, import_json_file
from tests.core.billing import helpers as h

PAYER = "Mrs Ann Smith"


def _text(pdf: bytes) -> str:
    """The PDF's words, read back by pypdf, with line breaks as spaces."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _month(db: Database, month: int, hours: int, *, issue_on: date) -> int:
    """Ann's visits for a month (weekday hours at £25.50), issued on `issue_on`; the invoice id."""
    year = 2026 if month == 12 else 2027
    with db.session() as s:
        if month != 12:
            ann = clients.find_client(s, "Ann Smith")
        else:
            h.set_up_business(s)
            ann = h.add_client(s, "Ann", "Smith")
            h.self_funded(s, ann)
            h.add_card(s, ann)
        first = 4 if month == 1 else 1  # 1 January is a bank holiday
        days = [d for d in range(first, 29) if date(year, month, d).weekday() < 5][:hours]
        for d in days:
            h.add_visit(s, ann, date(year, month, d), "09:00", "10:00")
        start = date(year, month, 1)
        end = date(year, month, 28)
        with clock.frozen(datetime.combine(issue_on, datetime.min.time().replace(hour=10))):
            result = issue.issue_run(s, start, end, on=issue_on)
    return result.issued[0].invoice_id


def _pay(db: Database, amount: str, on: date, invoice_id: int | None = None) -> int:
    with clock.frozen(datetime(on.year, on.month, on.day, 12)), db.session() as s:
        data = payments.PaymentData(received_on=on, amount=amount, payer_name=PAYER)
        return payments.record_payment(s, data, invoice_id=invoice_id).id


def test_an_overpayment_is_credit_on_account_shown_everywhere(db: Database) -> None:
    december = _month(db, 12, 4, issue_on=date(2027, 1, 4))  # 4 x £25.50 = £102.00
    _pay(db, "150.00", date(2027, 1, 6), december)
    clock.freeze(datetime(2027, 1, 7, 9, 0))
    with db.session() as s:
        row = ledger.invoice_row(s, december)
        assert (row.state(), row.balance_pence) == ("paid", 0)
        assert account.credit_on_account(s, PAYER) == 4800
        ann = clients.find_client(s, "Ann Smith")
        [on_client] = account.credit_rows(s, client_id=ann.id)
        assert (on_client.payer_name, on_client.credit_pence) == (PAYER, 4800)
        assert on_client.since == date(2027, 1, 6)
        [arrears] = [a for a in ledger.aged_debt(s) if a.payer_name == PAYER]
        assert (arrears.total_pence, arrears.credit_pence) == (0, 4800)
        st = statement(s, PAYER, date(2026, 12, 1), date(2027, 1, 7))
        assert (st.closing_pence, st.credit_pence) == (-4800, 4800)
        text = _text(statement_pdf.pdf_bytes(s, PAYER, date(2026, 12, 1), date(2027, 1, 7)))
    assert "In credit" in text and "Credit on account £48.00" in text
    assert "You have paid us £48.00 that no invoice has used yet." in text


def test_the_next_invoice_takes_the_credit_off_and_says_so(db: Database) -> None:
    december = _month(db, 12, 4, issue_on=date(2027, 1, 4))
    _pay(db, "150.00", date(2027, 1, 6), december)  # £48.00 over
    january = _month(db, 1, 5, issue_on=date(2027, 2, 1))  # 5 x £25.50 = £127.50
    with db.session() as s:
        row = ledger.invoice_row(s, january)
        assert (row.total_pence, row.paid_pence, row.balance_pence) == (12750, 4800, 7950)
        assert row.state(date(2027, 2, 1)) == "part paid"
        [allocation] = s.scalars(
            select(PaymentAllocation).where(PaymentAllocation.invoice_id == january)
        )
        assert (allocation.amount_pence, allocation.credit_at_issue) == (4800, True)
        assert account.credit_on_account(s, PAYER) == 0
        doc = document.collect(s, january)
        assert (doc.total_pence, doc.credit_pence, doc.amount_due_pence) == (12750, 4800, 7950)
        text = _text(stored_pdf(s, january))
    assert "Less credit on account -£48.00" in text
    assert "Amount due £79.50" in text
    assert "Please pay £79.50 by 15/02/2027." in text


def test_credit_that_covers_the_whole_invoice_leaves_nothing_to_pay(db: Database) -> None:
    december = _month(db, 12, 1, issue_on=date(2027, 1, 4))  # £25.50
    _pay(db, "100.00", date(2027, 1, 6), december)  # £74.50 over
    january = _month(db, 1, 2, issue_on=date(2027, 2, 1))  # £51.00
    with db.session() as s:
        row = ledger.invoice_row(s, january)
        assert (row.balance_pence, row.state()) == (0, "paid")
        assert account.credit_on_account(s, PAYER) == 2350
        text = _text(stored_pdf(s, january))
    assert "Nothing to pay: your credit on account covers this invoice in full." in text
    assert "Reference to quote" not in text  # no bank details when nothing is to be paid


def test_a_refund_pays_the_credit_back_and_the_statement_shows_it(db: Database) -> None:
    december = _month(db, 12, 4, issue_on=date(2027, 1, 4))
    _pay(db, "150.00", date(2027, 1, 6), december)
    clock.freeze(datetime(2027, 1, 12, 9, 0))
    with db.session() as s:
        with pytest.raises(ValidationError) as too_much:
            account.refund_credit(
                s,
                account.RefundData(PAYER, refunded_on=date(2027, 1, 11), amount="60.00"),
            )
        assert too_much.value.errors == {"amount": f"{PAYER} has only £48.00 on account to refund"}
        with pytest.raises(ValidationError) as future:
            account.refund_credit(s, account.RefundData(PAYER, refunded_on=date(2027, 1, 13)))
        assert future.value.errors == {"refunded_on": "The date of the refund is in the future"}
        made = account.refund_credit(
            s,
            account.RefundData(
                PAYER, refunded_on=date(2027, 1, 11), method="bank_transfer", reference="REF-48"
            ),
        )
        assert [r.amount_pence for r in made] == [4800]
    with db.session() as s:
        assert account.credit_on_account(s, PAYER) == 0
        assert [a.payer_name for a in ledger.aged_debt(s)] == []
        [back] = account.refunds(s, PAYER)
        assert (back.refunded_on, back.amount_pence, back.reference) == (
            date(2027, 1, 11),
            4800,
            "REF-48",
        )
        st = statement(s, PAYER, date(2026, 12, 1), date(2027, 1, 12))
        assert [(ln.kind, ln.debit_pence, ln.credit_pence) for ln in st.lines] == [
            ("invoice", 10200, 0),
            ("payment", 0, 15000),
            ("refund", 4800, 0),
        ]
        assert (st.closing_pence, st.credit_pence) == (0, 0)
        # the books count cash: £150.00 in, £48.00 back out, in the quarter from 6 January
        quarter = books.quarterly_income(s, 2026)[3]
        assert (quarter.start, quarter.received_pence) == (date(2027, 1, 6), 10200)
        january = [p for p in books.monthly_income_and_arrears(s) if p.month.month == 1]
        assert january[0].received_pence == 10200
        with pytest.raises(ValidationError) as none_left:
            account.refund_credit(s, account.RefundData(PAYER, refunded_on=date(2027, 1, 12)))
        assert none_left.value.errors == {"amount": f"{PAYER} has no credit on account to refund"}
    # what was refunded is no longer there to pay an invoice with
    january = _month(db, 1, 1, issue_on=date(2027, 2, 1))
    with db.session() as s:
        assert ledger.invoice_row(s, january).paid_pence == 0


def test_a_person_uses_credit_that_came_after_the_invoice(db: Database) -> None:
    december = _month(db, 12, 2, issue_on=date(2027, 1, 4))  # £51.00
    with clock.frozen(datetime(2027, 1, 6, 12)), db.session() as s:
        data = payments.PaymentData(received_on=date(2027, 1, 6), amount="30", payer_name=PAYER)
        payments.record_payment(s, data, auto=False)  # recorded, not put on any invoice
    with db.session() as s:
        assert account.credit_on_account(s, PAYER) == 3000
        assert account.use_credit(s, december) == 3000
        row = ledger.invoice_row(s, december)
        assert (row.paid_pence, row.balance_pence) == (3000, 2100)
        assert account.credit_at_issue(s, december) == 0  # not printed: it came later
        with pytest.raises(UserError, match="has no credit on account that can pay INV-000001"):
            account.use_credit(s, december)


def test_voiding_gives_back_the_credit_taken_at_issue(db: Database) -> None:
    december = _month(db, 12, 4, issue_on=date(2027, 1, 4))
    _pay(db, "150.00", date(2027, 1, 6), december)
    january = _month(db, 1, 5, issue_on=date(2027, 2, 1))
    with clock.frozen(datetime(2027, 2, 2, 9)), db.session() as s:
        credit.void_invoice(s, january, "Sent twice")
        assert account.credit_on_account(s, PAYER) == 4800


def test_a_credit_note_on_a_paid_invoice_turns_the_difference_into_credit(db: Database) -> None:
    december = _month(db, 12, 2, issue_on=date(2027, 1, 4))  # £51.00
    _pay(db, "51.00", date(2027, 1, 6), december)
    with clock.frozen(datetime(2027, 1, 8, 9)), db.session() as s:
        line = s.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == december)).first()
        assert line is not None
        credit.credit_note(s, december, "Visit was 15 minutes short", {line.id: 638})
        row = ledger.invoice_row(s, december)
        assert (row.credited_pence, row.paid_pence, row.balance_pence) == (638, 4462, 0)
        assert account.credit_on_account(s, PAYER) == 638


def test_credit_for_one_client_is_not_used_on_another_clients_invoice(db: Database) -> None:
    """A council pays for several people: money recorded for Ann stays Ann's."""
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        bob = h.add_client(s, "Bob", "Jones")
        h.council(s, ann)
        org = s.scalars(select(Organisation)).one()
        funding.add_funding(
            s, bob.id, funding.FundingData(funding_type="LA", organisation_id=org.id)
        )
        for who in (ann, bob):
            h.add_card(s, who)
            h.add_visit(s, who, date(2026, 12, 1), "09:00", "10:00")
        with clock.frozen(datetime(2027, 1, 4, 10)):
            first = issue.issue_run(s, date(2026, 12, 1), date(2026, 12, 31), on=date(2027, 1, 4))
        ann_id, bob_id = ann.id, bob.id
        ann_invoice = next(i.invoice_id for i in first.issued if "Ann" in i.client_name)
    with clock.frozen(datetime(2027, 1, 6, 12)), db.session() as s:
        data = payments.PaymentData(received_on=date(2027, 1, 6), amount="40.00")
        payments.record_payment(s, data, invoice_id=ann_invoice)  # £14.50 over, for Ann
        council = "Birmingham City Council"
        assert [r.client_name for r in account.credit_rows(s, client_id=ann_id)] == [
            "Mrs Ann Smith"
        ]
        assert account.credit_rows(s, client_id=bob_id) == []
        assert account.credit_on_account(s, council, bob_id) == 0
        assert account.credit_on_account(s, council, ann_id) == 1450
        assert {a.payer_name: a.credit_pence for a in ledger.aged_debt(s)}[council] == 1450


def test_credit_refunds_and_their_use_check_clean(db: Database) -> None:
    december = _month(db, 12, 4, issue_on=date(2027, 1, 4))
    _pay(db, "150.00", date(2027, 1, 6), december)
    with clock.frozen(datetime(2027, 1, 8, 9)), db.session() as s:
        account.refund_credit(
            s, account.RefundData(PAYER, refunded_on=date(2027, 1, 8), amount="8.00")
        )
    january = _month(db, 1, 5, issue_on=date(2027, 2, 1))  # takes the £40.00 left
    with clock.frozen(datetime(2027, 2, 2, 9)), db.session() as s:
        assert ledger.invoice_row(s, january).paid_pence == 4000
        credit.void_invoice(s, january, "Sent twice")  # the £40.00 goes back on account
    assert check_database(db) == []


def test_credit_and_refunds_survive_export_and_import(db: Database, tmp_path: Path) -> None:
    december = _month(db, 12, 4, issue_on=date(2027, 1, 4))
    _pay(db, "150.00", date(2027, 1, 6), december)
    with clock.frozen(datetime(2027, 1, 8, 9)), db.session() as s:
        account.refund_credit(
            s, account.RefundData(PAYER, refunded_on=date(2027, 1, 8), amount="8.00")
        )
    _month(db, 1, 5, issue_on=date(2027, 2, 1))  # takes the £40.00 left, printed on it
    first = export_data(db)
    assert len(first["tables"]["refund"]["rows"]) == 1
    source = tmp_path / "office.json"
    source.write_text(json.dumps(first), encoding="utf-8")
    import_json_file(source, str(tmp_path / "copy.sqlite"))
    copy = open_database(str(tmp_path / "copy.sqlite"))
    try:
        second = export_data(copy)
        for table, section in first["tables"].items():
            for a, b in zip(section["rows"], second["tables"][table]["rows"], strict=True):
                diff = [
                    (c, x, y) for c, x, y in zip(section["columns"], a, b, strict=True) if x != y
                ]
                assert not diff, (table, diff)
        with copy.session(reading=True) as s:
            assert account.credit_at_issue(s, 2) == 4000
            assert [r.amount_pence for r in account.refunds(s, PAYER)] == [800]
        assert check_database(copy) == []
    finally:
        copy.close()
