"""The owner's books (accountant CSV, MTD quarters, mileage, VAT watch) and rate-card upkeep."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from microoffice.core import clock
from microoffice.core.billing import books, issue, rate_cards, templates, vat
from microoffice.core.db.database import Database
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.services import business
from tests.core.billing import helpers as h


@pytest.fixture(autouse=True)
def _january() -> None:
    clock.freeze(datetime(2027, 1, 10, 9, 0))


def _december(db: Database, vat_number: str = "", **card: object) -> int:
    with db.session() as s:
        h.set_up_business(s, vat_number=vat_number)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann, **card)
        h.add_visit(s, ann, date(2026, 12, 1), "09:00", "10:00", mileage_tenths=125)
        h.add_visit(s, ann, date(2026, 12, 2), "09:00", "09:30", service_type="companionship")
        return (
            issue.issue_run(s, date(2026, 12, 1), date(2026, 12, 31), on=date(2027, 1, 4))
            .issued[0]
            .invoice_id
        )


def test_xero_csv_has_the_import_columns_and_one_row_per_line(db: Database) -> None:
    _december(db, vat_number="GB123456789", mileage_pence_per_mile=45)
    with db.session() as s:
        rows = list(
            csv.DictReader(io.StringIO(books.xero_csv(s, date(2027, 1, 1), date(2027, 1, 31))))
        )
    assert list(rows[0])[:3] == ["*ContactName", "EmailAddress", "POAddressLine1"]
    assert {
        "*InvoiceNumber",
        "*InvoiceDate",
        "*DueDate",
        "*Description",
        "*Quantity",
        "*UnitAmount",
        "*AccountCode",
        "*TaxType",
    } <= set(rows[0])
    # Personal care 25.50 (exempt, CQC-registered), mileage 12.5 x 45p = 5.63 (exempt, same
    # visit), companionship 30 min 12.75 (standard-rated, not a welfare service).
    assert [(r["*UnitAmount"], r["*TaxType"]) for r in rows] == [
        ("25.50", "Exempt Income"),
        ("5.63", "Exempt Income"),
        ("12.75", "20% (VAT on Income)"),
    ]
    assert {r["*InvoiceNumber"] for r in rows} == {"INV-000001"}
    assert rows[0]["*InvoiceDate"] == "04/01/2027" and rows[0]["POPostalCode"] == "B13 9PT"


def test_vat_on_standard_rated_lines_only(db: Database) -> None:
    inv_id = _december(db, vat_number="GB123456789")
    from microoffice.core.models.billing import Invoice

    with db.session() as s:
        inv = s.get(Invoice, inv_id)
        assert inv is not None
        # Only the companionship line (12.75) carries VAT: 12.75 x 20% = 2.55
        assert (inv.subtotal_pence, inv.vat_pence, inv.total_pence) == (3825, 255, 4080)


def test_vat_threshold_warns_at_80_and_95_percent(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s, cqc=False)  # unregistered: its care counts as taxable turnover
        business.set_reference_value(
            s, "vat_registration_threshold_pence", date(2026, 1, 1), "10000"
        )
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann, hourly_rate_pence=2000)
        for d in range(1, 5):  # four hours at £20 = £80: 80% of a £100 threshold
            h.add_visit(s, ann, date(2026, 12, d), "09:00", "10:00")
        issue.issue_run(s, date(2026, 12, 1), date(2026, 12, 31), on=date(2027, 1, 4))
        watch = vat.threshold_watch(s)
        assert (watch.taxable_pence, watch.level) == (8000, "near")
        assert "80% of the VAT registration threshold" in watch.message
        h.add_visit(s, ann, date(2026, 12, 7), "09:00", "09:45")  # +£15 -> 95%
        issue.issue_run(s, date(2026, 12, 1), date(2026, 12, 31), on=date(2027, 1, 5))
        assert vat.threshold_watch(s).level == "very_near"


def test_templates_are_shipped_once_and_copied_to_a_client(db: Database) -> None:
    with db.session() as s:
        shipped = templates.list_templates(s)
        assert len(shipped) == len(templates.TEMPLATES) >= 5
        assert templates.ensure_templates(s) == 0  # never duplicated
        ann = h.add_client(s, "Ann", "Smith")
        card = templates.copy_template(s, shipped[0].id, ann.id, date(2026, 12, 1))
        assert (card.client_id, card.is_template, card.hourly_rate_pence) == (ann.id, False, 2800)
        assert "example" not in card.name


def test_price_change_starts_a_new_card_and_used_cards_cannot_be_edited(db: Database) -> None:
    inv_id = _december(db)
    assert inv_id
    with db.session() as s:
        (card,) = rate_cards.cards_for_client(s, 1)
        data = rate_cards.RateCardData.from_card(card)
        data.hourly_rate_pence = 2700
        with pytest.raises(UserError, match="already priced an issued invoice"):
            rate_cards.update_card(s, card.id, data)
        new = rate_cards.change_prices_from(s, card.id, date(2027, 1, 1), data)
        assert (card.effective_to, new.effective_from, new.hourly_rate_pence) == (
            date(2026, 12, 31),
            date(2027, 1, 1),
            2700,
        )


def test_bad_rate_card_is_refused_with_every_problem_named(db: Database) -> None:
    with db.session() as s:
        ann = h.add_client(s, "Ann", "Smith")
    with pytest.raises(ValidationError) as info, db.session() as s:
        h.add_card(
            s,
            ann,
            hourly_rate_pence=0,
            rounding="SOMETIMES",
            enhancements=[
                {"name": "Evening", "when": "EVENING", "type": "MULTIPLIER", "value": "x"}
            ],
            cancellation={"full_charge_within_hours": 48, "partial_charge_within_hours": 24},
        )
    errors = info.value.errors
    assert "must be one of" in errors["rounding"]
    assert "Evening" in errors["enhancements"]
    assert "longer than the full-charge notice" in errors["cancellation"]
    with db.session() as s:
        assert rate_cards.cards_for_client(s, ann.id) == []
