"""Property tests (issue 4, point 2): lines sum to totals; numbers unique and gap-free across runs
and restarts; an issued invoice cannot be changed and the database stays as it was; an invoice
plus its full credit note nets to zero."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from microoffice.core import clock
from microoffice.core.billing import credit, issue
from microoffice.core.billing.pricing import VisitFacts, half_up, price_visit
from microoffice.core.billing.terms import terms_from_values
from microoffice.core.calendar.bank_holidays import bank_holidays
from microoffice.core.clock import LONDON
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import UserError
from microoffice.core.models.billing import Invoice, InvoiceLine
from tests.core.billing import helpers as h
from tests.core.billing.test_worked_cases import CARD

DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CALENDAR = bank_holidays("england", date(2026, 11, 1), date(2027, 1, 31))


@contextmanager
def fresh_db() -> Iterator[Database]:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(str(Path(folder) / "p.sqlite"))
        try:
            yield db
        finally:
            db.close()


visit_specs = st.lists(
    st.tuples(
        st.integers(1, 31),  # day of December 2026
        st.integers(0, 23 * 4 - 1),  # start, in quarter hours
        st.integers(5, 240),  # planned minutes
        st.integers(-20, 30),  # actual minus planned minutes
        st.integers(1, 2),  # carers
        st.integers(0, 300),  # mileage tenths
    ),
    min_size=1,
    max_size=12,
)


def facts_of(spec: tuple[int, int, int, int, int, int]) -> VisitFacts:
    day, quarter, minutes, delta, staff, miles = spec
    start = datetime(2026, 12, day, quarter // 4, quarter % 4 * 15, tzinfo=LONDON)
    return VisitFacts(
        planned_start=start,
        planned_end=start + timedelta(minutes=minutes),
        actual_start=start,
        actual_end=start + timedelta(minutes=max(1, minutes + delta)),
        staff_count=staff,
        mileage_tenths=miles,
    )


@SETTINGS
@given(visit_specs)
def test_visit_lines_cover_exactly_the_billed_minutes(specs: list[Any]) -> None:
    card = terms_from_values(CARD)
    for spec in specs:
        priced = price_visit(facts_of(spec), card, CALENDAR)
        time_lines = [x for x in priced.lines if x.kind == "visit"]
        assert sum(x.minutes for x in time_lines) == priced.billed_minutes
        assert priced.billed_minutes >= card.minimum_minutes
        assert priced.billed_minutes % card.billing_unit_minutes == 0
        assert priced.total_pence == sum(x.amount_pence for x in priced.lines)
        for line in time_lines:  # each line is its rate x hours x carers, half up
            exact = Decimal(line.unit_rate_pence) * line.minutes / 60 * line.staff_count
            assert line.amount_pence == half_up(exact)


@SETTINGS
@given(visit_specs, st.sampled_from([100, 70, 50]))
def test_issued_invoices_add_up_and_nothing_is_billed_twice(specs: list[Any], share: int) -> None:
    with fresh_db() as db, db.session() as s:
        h.set_up_business(s, vat_number="GB123456789")
        kim = h.add_client(s, "Kim", "Ross")
        if share == 100:
            h.self_funded(s, kim)
        else:
            h.council(s, kim, share_percent=share)
            h.self_funded(s, kim, share_percent=100 - share)
        h.add_card(s, kim, **{k: v for k, v in CARD.items() if k != "cancellation"}, name="c")
        expected = 0
        card = terms_from_values(CARD)
        for spec in specs:
            f = facts_of(spec)
            local = f.planned_start.astimezone(LONDON)
            end = f.planned_end.astimezone(LONDON)
            h.add_visit(
                s,
                kim,
                local.date(),
                f"{local:%H:%M}",
                f"{end:%H:%M}",
                actual=(f"{local:%H:%M}", f"{f.actual_end.astimezone(LONDON):%H:%M}")
                if f.actual_end and f.actual_end.date() == f.planned_start.date()
                else None,
                staff=[h.staff_member(s) for _ in range(spec[4])],
                staff_required=spec[4],
                mileage_tenths=spec[5],
            )
        from microoffice.core.billing.runs import preview_run

        preview = preview_run(s, DEC1, DEC31)
        expected = sum(
            price_visit(pv_facts, card, CALENDAR).total_pence for pv_facts in _facts_from_db(s)
        )
        result = issue.issue_run(s, DEC1, DEC31, on=date(2027, 1, 4))
        invoices = s.scalars(select(Invoice)).all()
        assert len(invoices) == len(result.issued) == len(preview.drafts)
        for inv in invoices:
            lines = s.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == inv.id)).all()
            assert inv.subtotal_pence == sum(x.amount_pence for x in lines)
            assert inv.vat_pence == sum(x.vat_pence for x in lines)
            assert inv.total_pence == inv.subtotal_pence + inv.vat_pence
        # Split or not, the payers together pay exactly one charge for each visit.
        assert sum(inv.subtotal_pence for inv in invoices) == expected


def _facts_from_db(s: Any) -> list[VisitFacts]:
    from microoffice.core.billing.visits_in import period_visits

    return [pv.facts for pv in period_visits(s, DEC1, DEC31)]


def _issue_for(db: Database, days: list[int], client: str) -> list[int]:
    with db.session() as s:
        c = h.add_client(s, client, "Test")
        h.self_funded(s, c)
        h.add_card(s, c)
        for d in days:
            h.add_visit(s, c, date(2026, 12, d), "09:00", "10:00")
        return [
            i.invoice_id for i in issue.issue_run(s, DEC1, DEC31, c.id, on=date(2027, 1, 4)).issued
        ]


operations = st.lists(
    st.sampled_from(["run", "run", "void", "restart", "failing run"]), min_size=1, max_size=10
)


@SETTINGS
@given(ops=operations)
def test_numbers_unique_and_gap_free_across_runs_and_restarts(
    ops: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "n.sqlite")
        db = open_database(path)
        with db.session() as s:
            h.set_up_business(s)
        live: list[int] = []
        for n, op in enumerate(ops):
            if op == "run":
                live += _issue_for(db, [1, 2], f"C{n}")
            elif op == "void" and live:
                with db.session() as s:
                    credit.void_invoice(s, live.pop(0), "test")
            elif op == "restart":
                db.close()
                db = open_database(path)
            elif op == "failing run":
                import microoffice.core.reports.invoice as report

                def broken(*_: Any) -> bytes:
                    raise OSError("disk full")

                with monkeypatch.context() as m:
                    m.setattr(report, "pdf_bytes", broken)
                    with pytest.raises(OSError):
                        _issue_for(db, [3], f"F{n}")
        with db.session() as s:
            for series in ("INV", "CN"):
                numbers = sorted(
                    s.scalars(select(Invoice.number).where(Invoice.series == series)).all()
                )
                assert numbers == list(range(1, len(numbers) + 1))
        db.close()


def _dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for table in ("invoice", "invoice_line", "invoice_document", "number_series"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()


INVOICE_EDITS = [
    ("total_pence", 1),
    ("subtotal_pence", 1),
    ("vat_pence", 5),
    ("number", 99),
    ("payer_name", "Someone else"),
    ("payer_address", "Elsewhere"),
    ("issued_on", date(2027, 2, 1)),
    ("due_on", date(2027, 3, 1)),
    ("period_end", date(2026, 12, 30)),
    ("status", "draft"),
    ("rate_card_ids", [99]),
    ("calendar_snapshot", {}),
    ("layout", "council"),
    ("series", "X"),
    ("pdf_sha256", "0" * 64),
    ("reason", "edited"),
    ("client_id", 999),
]
LINE_EDITS = [
    ("amount_pence", 1),
    ("quantity_minutes", 5),
    ("unit_rate_pence", 1),
    ("description", "x"),
    ("vat_category", "STANDARD_20"),
    ("day", date(2026, 12, 2)),
    ("detail", {}),
]


@SETTINGS
@given(
    st.sampled_from(
        INVOICE_EDITS
        + [("line:" + k, v) for k, v in LINE_EDITS]
        + [("delete", 0), ("delete line", 0), ("add line", 0)]
    )
)
def test_issued_invoice_cannot_be_changed_and_the_database_is_unchanged(
    edit: tuple[str, Any],
) -> None:
    key, value = edit
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "i.sqlite"
        db = open_database(str(path))
        with db.session() as s:
            h.set_up_business(s)
        (inv_id,) = _issue_for(db, [1, 2], "Ann")
        before = _dump(path)
        with (
            pytest.raises(UserError, match=r"cannot be changed|never|kept exactly"),
            db.session() as s,
        ):
            inv = s.get(Invoice, inv_id)
            line = s.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == inv_id)).first()
            assert inv is not None and line is not None
            if key == "delete":
                s.delete(inv)
            elif key == "delete line":
                s.delete(line)
            elif key == "add line":
                s.add(InvoiceLine(invoice_id=inv_id, description="extra", amount_pence=100))
            elif key.startswith("line:"):
                setattr(line, key[5:], value)
            else:
                setattr(inv, key, value)
            s.flush()
        assert _dump(path) == before
        # The database refuses it too, even when the services are bypassed with plain SQL.
        column = key[5:] if key.startswith("line:") else key
        table = "invoice_line" if key.startswith("line:") or key == "delete line" else "invoice"
        if key in ("delete", "delete line"):
            sql = f"DELETE FROM {table}"
        elif key == "add line":
            sql = (
                "INSERT INTO invoice_line (invoice_id, line_kind, description, quantity_minutes, "
                "unit_rate_pence, enhancement, staff_count, vat_category, vat_pence, amount_pence, "
                f"detail, created_at, updated_at, version) VALUES ({inv_id}, 'visit', 'x', 0, 0, '', "
                "1, 'NOT_REGISTERED', 0, 1, '{}', '2027-01-04', '2027-01-04', 1)"
            )
        else:
            sql = f"UPDATE {table} SET {column} = :v"
            if isinstance(value, list | dict):
                value = str(value)
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text(sql), {"v": value})
        assert _dump(path) == before
        db.close()


@SETTINGS
@given(st.lists(st.integers(1, 31), min_size=1, max_size=8), st.booleans())
def test_invoice_and_its_full_credit_note_net_to_zero(days: list[int], vat: bool) -> None:
    clock.freeze(datetime(2027, 1, 10, 9, 0))
    with fresh_db() as db, db.session() as s:
        h.set_up_business(s, vat_number="GB123456789" if vat else "", cqc=False)
        c = h.add_client(s, "Lou", "Ng")
        h.self_funded(s, c)
        h.add_card(s, c)
        for d in days:
            h.add_visit(s, c, date(2026, 12, d), "19:10", "20:35")
        (issued,) = issue.issue_run(s, DEC1, DEC31).issued
        note = credit.void_invoice(s, issued.invoice_id, "cancelled")
        inv = s.get(Invoice, issued.invoice_id)
        assert inv is not None
        assert inv.total_pence + note.total_pence == 0
        assert inv.vat_pence + note.vat_pence == 0
        lines = s.scalars(
            select(InvoiceLine).where(InvoiceLine.invoice_id.in_([inv.id, note.id]))
        ).all()
        assert sum(x.amount_pence for x in lines) == 0
        assert inv.status == "void"
