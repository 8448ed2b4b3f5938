"""Invoice runs: problems listed first, each visit billed to the right payer, numbers at issue."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from microoffice.core.billing import issue, runs
from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.models.billing import Invoice, InvoiceDocument, InvoiceLine
from tests.core.billing import helpers as h

DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)


def test_preview_lists_problems_first_and_prices_clean_visits(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        h.add_visit(s, ann, date(2026, 12, 1), "09:00", "10:00")  # Tue: 25.50
        h.add_visit(s, ann, date(2026, 12, 5), "09:00", "09:30")  # Sat: 25.50 x 1.2 / 2 = 15.30
        h.add_visit(s, ann, date(2026, 12, 2), "09:00", "10:00", note=False)  # no note
        h.add_visit(s, ann, date(2026, 12, 3), "09:00", "10:00", status="planned")  # unconfirmed
        bob = h.add_client(s, "Bob", "Jones")  # visits but no funding and no card
        h.add_visit(s, bob, date(2026, 12, 1), "11:00", "12:00")
    with db.session() as s:
        preview = runs.preview_run(s, DEC1, DEC31)
    kinds = [p.kind for p in preview.problems]
    # Ann pays for her own care and has no Reg 19 statement yet: a warning, still invoiced
    assert kinds == ["no_payer", "unconfirmed", "no_note", "no_fee_statement"]
    assert not preview.problems[3].left_out
    assert "Nobody is set up to pay" in preview.problems[0].message
    assert "Thu 03/12/2026 at 09:00 is not confirmed" in preview.problems[1].message
    assert "no daily note" in preview.problems[2].message
    assert [d.client_name for d in preview.drafts] == ["Mrs Ann Smith"]
    # 25.50 + 15.30 = 40.80
    assert preview.drafts[0].total_pence == 4080
    assert preview.drafts[0].visit_count == 2


def test_issue_numbers_in_sequence_and_stores_the_pdf(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        for first in ("Ann", "Bob", "Cath"):
            c = h.add_client(s, first, "Smith" if first != "Bob" else "Jones")
            h.self_funded(s, c)
            h.add_card(s, c)
            h.add_visit(s, c, date(2026, 12, 1), "09:00", "10:00")
    with db.session() as s:
        result = issue.issue_run(s, DEC1, DEC31, on=date(2027, 1, 4))
    assert [i.number for i in result.issued] == ["INV-000001", "INV-000002", "INV-000003"]
    assert [i.client_name for i in result.issued] == [
        "Mrs Ann Smith",
        "Mrs Bob Jones",
        "Mrs Cath Smith",
    ]
    with db.session() as s:
        inv = s.get(Invoice, result.issued[0].invoice_id)
        assert inv is not None
        assert (inv.status, inv.issued_on, inv.due_on) == (
            "issued",
            date(2027, 1, 4),
            date(2027, 1, 18),
        )
        doc = s.scalar(select(InvoiceDocument).where(InvoiceDocument.invoice_id == inv.id))
        assert doc is not None and doc.pdf.startswith(b"%PDF") and doc.sha256 == inv.pdf_sha256
    # A second run for the same period finds nothing left to bill: no new numbers.
    with db.session() as s:
        again = issue.issue_run(s, DEC1, DEC31, on=date(2027, 1, 4))
    assert again.issued == ()
    with db.session() as s:
        assert s.scalar(select(func.count(Invoice.id))) == 3


def test_blocking_problem_refuses_the_whole_run(db: Database) -> None:
    with db.session() as s:
        ann = h.add_client(s, "Ann", "Smith")  # no business details at all
        h.self_funded(s, ann)
        h.add_card(s, ann)
        h.add_visit(s, ann, date(2026, 12, 1), "09:00", "10:00")
    with pytest.raises(ValidationError, match="business name and its address"), db.session() as s:
        issue.issue_run(s, DEC1, DEC31)
    with db.session() as s:
        assert s.scalar(select(func.count(Invoice.id))) == 0
        assert s.scalar(select(func.count(InvoiceLine.id))) == 0


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE invoice SET total_pence = 1",
        "UPDATE invoice SET status = 'draft'",
        "DELETE FROM invoice",
        "UPDATE invoice_line SET amount_pence = 1",
        "DELETE FROM invoice_line",
        "UPDATE number_series SET next_number = 1",
        "DELETE FROM number_series",
        "UPDATE invoice_document SET sha256 = 'x'",
    ],
)
def test_database_itself_refuses_changes_to_issued_invoices(db: Database, sql: str) -> None:
    """The triggers, on whichever backend the suite runs (SQLite, or PostgreSQL in CI)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        h.add_visit(s, ann, date(2026, 12, 1), "09:00", "10:00")
        h.add_visit(s, ann, date(2026, 12, 2), "09:00", "10:00")
        issue.issue_run(s, DEC1, DEC31, on=date(2027, 1, 4))
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text(sql))
    with db.session() as s:
        inv = s.scalar(select(Invoice))
        assert inv is not None
        assert (inv.status, inv.number, inv.total_pence) == ("issued", 1, 5100)
        assert s.scalar(select(func.sum(InvoiceLine.amount_pence))) == 5100


def test_price_change_mid_period_and_what_the_invoice_keeps(db: Database) -> None:
    """£25.50 until 15 Dec, £27.00 from 16 Dec: each visit at its day's price; the invoice keeps
    both card ids and the bank-holiday calendar it used."""
    from microoffice.core.billing import rate_cards

    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        old = h.add_card(s, ann)
        data = rate_cards.RateCardData.from_card(old)
        data.hourly_rate_pence = 2700
        new = rate_cards.change_prices_from(s, old.id, date(2026, 12, 16), data)
        h.add_visit(s, ann, date(2026, 12, 15), "09:00", "10:00")  # Tue: 25.50
        h.add_visit(s, ann, date(2026, 12, 16), "09:00", "10:00")  # Wed: 27.00
        h.add_visit(s, ann, date(2026, 12, 28), "09:00", "10:00")  # Boxing Day (observed): x1.5
        (issued,) = issue.issue_run(s, DEC1, DEC31, on=date(2027, 1, 4)).issued
        inv = s.get(Invoice, issued.invoice_id)
        assert inv is not None
        # 25.50 + 27.00 + 27.00 x 1.5 (40.50) = 93.00
        assert inv.total_pence == 9300
        assert inv.rate_card_ids == [old.id, new.id]
        snapshot = inv.calendar_snapshot
        assert snapshot["nation"] == "england" and snapshot["source"].startswith("holidays ")
        assert snapshot["days"]["2026-12-28"] == "Boxing Day (observed)"
        assert snapshot["day_rules"] == ["both"]


def test_monthly_chart_data(db: Database) -> None:
    from microoffice.core.billing import books, payments

    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        h.add_visit(s, ann, date(2026, 10, 6), "09:00", "10:00")  # Tue 6 Oct: 25.50
        (issued,) = issue.issue_run(
            s, date(2026, 10, 1), date(2026, 10, 31), on=date(2026, 11, 2)
        ).issued  # due 16 Nov
        payments.record_payment(
            s,
            payments.PaymentData(received_on=date(2026, 12, 3), amount="25.50"),
            invoice_id=issued.invoice_id,
        )
        points = books.monthly_income_and_arrears(s, months=3)  # today is 07/12/2026
    assert [(p.month, p.invoiced_pence, p.received_pence, p.arrears_pence) for p in points] == [
        (date(2026, 10, 1), 0, 0, 0),
        (date(2026, 11, 1), 2550, 0, 2550),  # overdue at 30 Nov, unpaid then
        (date(2026, 12, 1), 0, 2550, 0),  # paid 3 Dec
    ]


def test_stopping_an_issue_run_keeps_nothing(db: Database) -> None:
    from microoffice.core.progress import Cancelled

    with db.session() as s:
        h.set_up_business(s)
        for first in ("Ann", "Bob", "Cath"):
            c = h.add_client(s, first, "Smith")
            h.self_funded(s, c)
            h.add_card(s, c)
            h.add_visit(s, c, date(2026, 12, 1), "09:00", "10:00")
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled), db.session() as s:
        issue.issue_run(
            s,
            DEC1,
            DEC31,
            progress=lambda done, total, _what: seen.append((done, total)),
            cancelled=lambda: len(seen) >= 3,  # stop after the second invoice was started
        )
    assert seen[-1] == (1, 3)
    with db.session() as s:
        assert s.scalar(select(func.count(Invoice.id))) == 0
    with db.session() as s:  # and the next run starts at number 1: no number was used up
        result = issue.issue_run(s, DEC1, DEC31)
    assert [i.number for i in result.issued] == ["INV-000001", "INV-000002", "INV-000003"]
