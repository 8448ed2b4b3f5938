"""Credit notes, voids, payments, allocation, overdue and aged debt, as a bookkeeper uses them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from microoffice.core import clock
from microoffice.core.billing import credit, issue, ledger, payments
from microoffice.core.db.database import Database
from microoffice.core.errors import NotFoundError, UserError, ValidationError
from microoffice.core.models.billing import Invoice, InvoiceLine
from tests.core.billing import helpers as h

DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)
JAN4 = date(2027, 1, 4)


@pytest.fixture(autouse=True)
def _january() -> None:
    """Invoices for December are issued and paid in January."""
    clock.freeze(datetime(2027, 1, 10, 10, 0))


def _one_invoice(db: Database, visits: int = 2) -> int:
    """Ann, self-funding, `visits` weekday hours at £25.50: total 25.50 x visits."""
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        for d in range(visits):
            h.add_visit(s, ann, date(2026, 12, 1 + d), "09:00", "10:00")  # Tue, Wed, Thu...
        result = issue.issue_run(s, DEC1, DEC31, on=JAN4)
    return result.issued[0].invoice_id


def pay(s, amount: str, on: date, invoice_id: int | None = None, **kw) -> int:
    data = payments.PaymentData(received_on=on, amount=amount, payer_name="Mrs Ann Smith", **kw)
    return payments.record_payment(s, data, invoice_id=invoice_id).id


def test_void_is_a_full_credit_note_and_visits_can_be_billed_again(db: Database) -> None:
    inv_id = _one_invoice(db)
    with db.session() as s:
        note = credit.void_invoice(s, inv_id, "Wrong rate card used")
        assert (note.series, note.number, note.kind) == ("CN", 1, "credit_note")
        assert note.total_pence == -5100  # -(25.50 + 25.50)
        original = s.get(Invoice, inv_id)
        assert original is not None and original.status == "void"
        assert original.total_pence + note.total_pence == 0
        assert note.credit_for_id == inv_id and note.reason == "Wrong rate card used"
    with db.session() as s:
        again = issue.issue_run(s, DEC1, DEC31)
    assert [i.number for i in again.issued] == ["INV-000002"]
    assert again.issued[0].total_pence == 5100


def test_partial_credit_reduces_the_balance(db: Database) -> None:
    inv_id = _one_invoice(db)
    with db.session() as s:
        first_line = s.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == inv_id)).first()
        assert first_line is not None
        note = credit.credit_note(s, inv_id, "Visit was 15 minutes short", {first_line.id: 638})
        assert note.total_pence == -638
        row = ledger.invoice_row(s, inv_id)
        # 51.00 - 6.38 = 44.62 still owed
        assert (row.credited_pence, row.balance_pence, row.status) == (638, 4462, "issued")
        with pytest.raises(ValidationError, match="at most 1912p"):
            credit.credit_note(s, inv_id, "again", {first_line.id: 2000})


def test_payments_allocate_oldest_first_and_mark_paid(db: Database) -> None:
    inv_id = _one_invoice(db)
    with db.session() as s:
        pay(s, "20.00", date(2027, 1, 6))
        row = ledger.invoice_row(s, inv_id)
        assert (row.paid_pence, row.balance_pence, row.state(date(2027, 1, 7))) == (
            2000,
            3100,
            "part paid",
        )
        assert s.get(Invoice, inv_id).status == "part_paid"  # type: ignore[union-attr]
        pid = pay(s, "£40.00", date(2027, 1, 8))
        row = ledger.invoice_row(s, inv_id)
        assert (row.paid_pence, row.balance_pence, row.state()) == (5100, 0, "paid")
        # 40.00 - 31.00 = 9.00 stays on account
        assert payments.unallocated(s, payments.get_payment(s, pid)) == 900


def test_overdue_after_the_due_date(db: Database) -> None:
    inv_id = _one_invoice(db)  # issued 04/01/2027, 14 days: due 18/01/2027
    with db.session() as s:
        row = ledger.invoice_row(s, inv_id)
        assert row.due_on == date(2027, 1, 18)
        assert row.state(date(2027, 1, 18)) == "issued"
        assert row.state(date(2027, 1, 19)) == "overdue"


def test_void_refused_while_payments_are_allocated(db: Database) -> None:
    inv_id = _one_invoice(db)
    with db.session() as s:
        pay(s, "10.00", date(2027, 1, 6), invoice_id=inv_id)
    with pytest.raises(UserError, match="payments allocated"), db.session() as s:
        credit.void_invoice(s, inv_id, "duplicate")
    with db.session() as s:
        for allocation in ledger_allocations(s, inv_id):
            payments.unallocate(s, allocation)
        credit.void_invoice(s, inv_id, "duplicate")
        assert s.get(Invoice, inv_id).status == "void"  # type: ignore[union-attr]


def ledger_allocations(s, invoice_id: int) -> list[int]:
    from microoffice.core.models.billing import PaymentAllocation

    return list(
        s.scalars(select(PaymentAllocation.id).where(PaymentAllocation.invoice_id == invoice_id))
    )


@pytest.mark.parametrize(
    ("amount", "on", "field"),
    [
        ("", date(2027, 1, 6), "amount"),
        ("twelve", date(2027, 1, 6), "amount"),
        ("0", date(2027, 1, 6), "amount"),
        ("12.345", date(2027, 1, 6), "amount"),
        ("12.00", date(2027, 2, 1), "received_on"),  # the future (today is 10/01/2027)
    ],
)
def test_bad_payment_refused_with_a_message(
    db: Database, amount: str, on: date, field: str
) -> None:
    _one_invoice(db)
    with pytest.raises(ValidationError) as info, db.session() as s:
        pay(s, amount, on)
    assert info.value.errors.get(field)
    with db.session() as s:
        assert payments.payments_for(s) == []


def test_allocating_more_than_owed_is_refused(db: Database) -> None:
    inv_id = _one_invoice(db)
    with db.session() as s:
        pid = payments.record_payment(
            s,
            payments.PaymentData(
                received_on=date(2027, 1, 6), amount="100", payer_name="Mrs Ann Smith"
            ),
            auto=False,
        ).id
        with pytest.raises(ValidationError, match=r"only has £51\.00 left"):
            payments.allocate(s, pid, inv_id, 6000)


def test_a_payer_no_invoice_was_issued_to_is_refused(db: Database) -> None:
    """Issue 13: a mistyped payer was recorded against nobody."""
    _one_invoice(db)
    data = payments.PaymentData(
        received_on=date(2027, 1, 6), amount="10", payer_name="Mrs Ann Smyth"
    )
    with pytest.raises(NotFoundError) as refused, db.session() as s:
        payments.record_payment(s, data)
    assert str(refused.value) == (
        "No invoice has been issued to 'Mrs Ann Smyth', so there is no such payer. "
        "Did you mean 'Mrs Ann Smith'?"
    )
    with db.session() as s:
        assert payments.payments_for(s) == []
        spelt = payments.PaymentData(
            received_on=date(2027, 1, 6), amount="10", payer_name="  mrs ann SMITH "
        )
        assert payments.record_payment(s, spelt).payer_name == "Mrs Ann Smith"


def test_aged_debt_buckets_by_days_since_the_invoice(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann, effective_from=date(2026, 1, 1))
        # One hour in each of four months, each invoiced at its month end.
        for month, issued in (
            (8, date(2026, 8, 31)),
            (9, date(2026, 9, 30)),
            (10, date(2026, 10, 31)),
            (11, date(2026, 11, 30)),
        ):
            h.add_visit(s, ann, date(2026, month, 10), "09:00", "10:00")
            end = date(2026, month + 1, 1).toordinal() - 1
            issue.issue_run(s, date(2026, month, 1), date.fromordinal(end), on=issued)
        rows = ledger.aged_debt(s, on=date(2026, 12, 7))
    # Days since issue on 07/12: 98 (Aug 31) -> 90+; 68 (Sep 30) -> 61-90;
    # 37 (Oct 31) -> 31-60; 7 (Nov 30) -> 0-30. 10 Aug 2026 is a Monday, 10 Sep a Thursday,
    # 10 Oct a Saturday (x1.2 = 30.60), 10 Nov a Tuesday.
    assert [(r.payer_name, r.buckets) for r in rows] == [
        ("Mrs Ann Smith", (2550, 3060, 2550, 2550))
    ]
