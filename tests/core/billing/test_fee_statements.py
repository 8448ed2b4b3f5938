"""The written statement of terms and fees (CQC Reg 19, 2009): what it says comes from the rate
card, giving it is recorded append-only with a version per client, a price change afterwards is
flagged, and invoices to people who pay name the statement they were issued under."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing import fee_statements as fs
from microoffice.core.billing import issue, rate_cards, runs
from microoffice.core.billing.document import collect, stored_pdf
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import ValidationError
from microoffice.core.models.billing import FeeStatement
from microoffice.core.models.clients import Client
from tests.core.billing import helpers as h

JAN4 = date(2027, 1, 4)
CANCELLATION = {
    "full_charge_within_hours": 24,
    "partial_charge_within_hours": 48,
    "partial_percent": 50,
    "exempt_reasons": ["death", "emergency"],
    "hospital_admission": {"full_charge_hours": 48, "then_percent": 25},
}


def text_of(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(autouse=True)
def _january() -> None:
    clock.freeze(datetime(2027, 1, 4, 9, 0))


def _edna(s: Session, funding: str = "self") -> Client:
    h.set_up_business(s)
    client = h.add_client(s, "Edna", "Marsh")
    {"self": h.self_funded, "dp": h.direct_payment, "council": h.council}[funding](s, client)
    h.add_card(
        s,
        client,
        hourly_rate_pence=2800,
        fixed_prices={"sleep_in": 9500},
        mileage_pence_per_mile=45,
        cancellation=CANCELLATION,
    )
    return client


def test_content_reads_the_rate_card_in_plain_english(db: Database) -> None:
    with db.session() as s:
        client = _edna(s)
        text = fs.statement_content(s, client.id, JAN4).text()
    for expected in (
        "Self-funder: Mrs Edna Marsh",
        "Care is charged at £28.00 an hour.",
        "The shortest time we charge for a visit is 30 minutes",
        "Time is charged in 15-minute units, rounded up",
        "On Saturdays: ×1.2 the normal price (20% more), so £33.60 an hour.",
        "On bank holidays: ×1.5 the normal price (50% more), so £42.00 an hour.",
        "only the highest is charged",
        "Sleep in: £95.00 each time",
        "each carer's time is charged",
        "charged at 45p a mile",
        "If you cancel a visit with less than 24 hours' notice, it is charged in full.",
        "If you cancel with less than 48 hours' notice, 50% of the price is charged.",
        "With 48 hours' notice or more, there is no charge.",
        "first 48 hours after you tell us are charged in full; after that, 25%",
        "no charge for any visit after it",
        "Please pay each invoice within 14 days of its date.",
        "sort code 12-34-56, account number 12345678",
        "at least 28 days before any change",
        "Local Government and Social Care Ombudsman",
    ):
        assert expected in text, expected


def test_giving_numbers_versions_per_client_and_keeps_the_pdf(db: Database) -> None:
    with db.session() as s:
        client = _edna(s)
        first = fs.give_statement(s, client.id, date(2027, 1, 2), "Mrs Edna Marsh", "by_hand")
        second = fs.give_statement(s, client.id, JAN4, "David Marsh (son)", "email")
        other = h.add_client(s, "Ann", "Lee")
        h.self_funded(s, other)
        h.add_card(s, other)
        others_first = fs.give_statement(s, other.id, JAN4, "Ann Lee", "post")
        assert [first.version_number, second.version_number] == [1, 2]
        assert others_first.version_number == 1
        assert first.rate_cards[0]["version"] == 1 and first.rate_cards[0]["name"]
        assert first.pdf_sha256 == hashlib.sha256(first.pdf).hexdigest()
        assert fs.latest_statement(s, client.id, date(2027, 1, 3)).version_number == 1  # type: ignore[union-attr]
        assert fs.latest_statement(s, client.id, JAN4).version_number == 2  # type: ignore[union-attr]
        assert fs.latest_statement(s, client.id, date(2027, 1, 1)) is None
        status = fs.statement_status(s, client.id, JAN4)
        assert status.summary == (
            "Statement of terms and fees: version 2 given 04/01/2027 to David Marsh (son), "
            "by email."
        )
        assert status.changes == ()
        text = text_of(first.pdf)
    for expected in (
        "Kindly Care at Home",
        "12 Mill Lane",
        "provider ID 1-1234567890",
        "Statement of terms and fees (version 1, given 02/01/2027)",
        "Mrs Edna Marsh",
        "£28.00 an hour",
        "×1.2 the normal price (20% more)",
        "charged in full",
        "Local Government and Social Care Ombudsman",
        "www.lgo.org.uk",
    ):
        assert expected in text, expected


def test_direct_payment_statement_names_the_holder(db: Database) -> None:
    with db.session() as s:
        client = _edna(s, "dp")
        content = fs.statement_content(s, client.id, JAN4)
    assert [(p.funding_label, p.payer_name) for p in content.payers] == [
        ("Direct payment", "David Hughes on behalf of Mrs Edna Marsh")
    ]


def test_council_funded_client_is_refused_with_what_to_do(db: Database) -> None:
    with db.session() as s:
        client = _edna(s, "council")
        with pytest.raises(ValidationError) as refused:
            fs.give_statement(s, client.id, JAN4, "Mrs Edna Marsh", "post")
        assert fs.statements_for(s, client.id) == []
        assert not fs.needs_statement(s, client.id, JAN4)
    message = refused.value.summary()
    assert "has no self-funded or direct payment arrangement" in message
    assert "add that under the client's Funding tab" in message


def test_no_rate_card_and_bad_input_are_refused_at_the_fields(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        client = h.add_client(s, "Ann", "Lee")
        h.self_funded(s, client)
        with pytest.raises(ValidationError, match="no rate card for Mrs Ann Lee's self-funder"):
            fs.statement_content(s, client.id, JAN4)
        h.add_card(s, client)
        with pytest.raises(ValidationError) as refused:
            fs.give_statement(s, client.id, date(2027, 1, 9), " ", "pigeon")
    assert set(refused.value.errors) == {"given_on", "given_to", "how"}


def test_before_care_starts_the_first_card_that_will_apply_is_used(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        client = h.add_client(s, "Ann", "Lee")
        h.self_funded(s, client, start_date=date(2027, 2, 1))
        h.add_card(s, client, start=date(2027, 2, 1), hourly_rate_pence=3000)
        content = fs.statement_content(s, client.id, JAN4)
    assert content.payers[0].card.effective_from == date(2027, 2, 1)
    assert "Care is charged at £30.00 an hour." in content.text()


def test_a_given_statement_cannot_be_changed_or_deleted(db: Database) -> None:
    """The database itself refuses (SQLite and PostgreSQL triggers alike), not just the app."""
    with db.session() as s:
        client = _edna(s)
        fs.give_statement(s, client.id, JAN4, "Mrs Edna Marsh", "post")
    for statement in (
        "UPDATE fee_statement SET given_on = '2026-12-01'",
        "DELETE FROM fee_statement",
    ):
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.engine.connect() as conn:
        kept = conn.execute(text("SELECT given_on FROM fee_statement")).scalars().all()
    assert [str(day) for day in kept] == ["2027-01-04"]


def test_a_price_change_after_the_statement_is_flagged(db: Database) -> None:
    with db.session() as s:
        client = _edna(s)
        fs.give_statement(s, client.id, JAN4, "Mrs Edna Marsh", "post")
        assert fs.changes_since(s, client.id, JAN4) == ()
        (card,) = rate_cards.cards_for_client(s, client.id)
        data = RateCardData.from_card(card)
        data.hourly_rate_pence = 2950
        rate_cards.change_prices_from(s, card.id, date(2027, 4, 1), data)
        ahead = fs.changes_since(s, client.id, JAN4)
        in_april = fs.changes_since(s, client.id, date(2027, 4, 1))
        status = fs.statement_status(s, client.id, date(2027, 4, 1))
    assert ahead == (
        "Prices change on 01/04/2027 ('Private hourly'): give an updated statement before then.",
    )
    assert in_april[0] == (
        "New prices ('Private hourly', from 01/04/2027) are not in version 1 (given 04/01/2027)."
    )
    assert status.changes == in_april


def test_an_edit_to_the_card_is_flagged_and_a_new_statement_clears_it(db: Database) -> None:
    with db.session() as s:
        client = _edna(s)
        fs.give_statement(s, client.id, date(2027, 1, 2), "Mrs Edna Marsh", "post")
        (card,) = rate_cards.cards_for_client(s, client.id)
        data = RateCardData.from_card(card)
        data.mileage_pence_per_mile = 50
        rate_cards.update_card(s, card.id, data)
        assert fs.changes_since(s, client.id, JAN4) == (
            "The rate card 'Private hourly' was changed after version 1 (given 02/01/2027).",
        )
        fs.give_statement(s, client.id, JAN4, "Mrs Edna Marsh", "post")
        assert fs.changes_since(s, client.id, JAN4) == ()
        assert "50p a mile" in fs.statement_content(s, client.id, JAN4).text()


def _december_visits(s: Session, client: Client) -> None:
    staff = h.staff_member(s)
    h.add_visit(s, client, date(2026, 12, 1), "08:00", "09:00", staff=[staff])


def test_an_invoice_issued_after_the_statement_names_it(db: Database) -> None:
    with db.session() as s:
        client = _edna(s)
        fs.give_statement(s, client.id, date(2027, 1, 2), "Mrs Edna Marsh", "by_hand")
        _december_visits(s, client)
        preview = runs.preview_run(s, date(2026, 12, 1), date(2026, 12, 31))
        assert [p.kind for p in preview.problems] == []
        (issued,) = issue.issue_run(s, date(2026, 12, 1), date(2026, 12, 31)).issued
        text = text_of(stored_pdf(s, issued.invoice_id))
    assert "Terms: statement of terms and fees version 1 given 02/01/2027" in text
    assert "No statement of terms and fees" not in text


def test_the_run_warns_when_prices_changed_since_the_statement(db: Database) -> None:
    with db.session() as s:
        client = _edna(s)
        fs.give_statement(s, client.id, date(2027, 1, 2), "Mrs Edna Marsh", "post")
        (card,) = rate_cards.cards_for_client(s, client.id)
        data = RateCardData.from_card(card)
        data.mileage_pence_per_mile = 50
        rate_cards.update_card(s, card.id, data)
        _december_visits(s, client)
        preview = runs.preview_run(s, date(2026, 12, 1), date(2026, 12, 31))
        (problem,) = preview.problems
        assert problem.kind == "old_fee_statement" and not problem.left_out
        assert problem.message == (
            "Mrs Edna Marsh's statement of fees no longer matches the prices: The rate card "
            "'Private hourly' was changed after version 1 (given 02/01/2027). Give an updated "
            "statement from the client's Rates tab."
        )
        assert len(preview.drafts) == 1  # only a warning: the invoice is still issued
        fs.give_statement(s, client.id, JAN4, "Mrs Edna Marsh", "post")
        assert runs.preview_run(s, date(2026, 12, 1), date(2026, 12, 31)).problems == ()


def test_without_a_statement_the_run_warns_and_the_invoice_has_no_terms_line(
    db: Database,
) -> None:
    with db.session() as s:
        client = _edna(s, "dp")
        _december_visits(s, client)
        preview = runs.preview_run(s, date(2026, 12, 1), date(2026, 12, 31))
        (problem,) = preview.problems
        assert problem.kind == "no_fee_statement" and not problem.left_out
        assert problem.message.startswith(
            "No written statement of fees (Reg 19) recorded for Mrs Edna Marsh"
        )
        (issued,) = issue.issue_run(s, date(2026, 12, 1), date(2026, 12, 31)).issued
        text = text_of(stored_pdf(s, issued.invoice_id))
        # a statement recorded (even back-dated) after the invoice does not change what it says
        clock.freeze(datetime(2027, 1, 4, 10, 0))
        fs.give_statement(s, client.id, date(2027, 1, 1), "David Hughes", "post")
        assert collect(s, issued.invoice_id).terms == ""
    assert "Direct payment invoice" in text
    assert "statement of terms and fees" not in text.lower()


def test_council_invoices_carry_no_terms_line_and_no_warning(db: Database) -> None:
    with db.session() as s:
        client = _edna(s, "council")
        _december_visits(s, client)
        preview = runs.preview_run(s, date(2026, 12, 1), date(2026, 12, 31))
        assert preview.problems == ()
        (issued,) = issue.issue_run(s, date(2026, 12, 1), date(2026, 12, 31)).issued
        text = text_of(stored_pdf(s, issued.invoice_id))
        assert s.scalars(select(FeeStatement)).all() == []
    assert "statement of terms and fees" not in text.lower()


def test_command_line_previews_then_gives_the_statement(tmp_path: Path) -> None:
    from tests.core.billing.test_billing_commands import mo

    home, path = tmp_path / "home", tmp_path / "a.sqlite"
    database = open_database(str(path))
    with database.session() as s:
        _edna(s)
    database.close()
    looked = mo(
        "fee-statement",
        "--client",
        "Edna Marsh",
        "--pdf",
        str(tmp_path / "a.pdf"),
        "--db",
        str(path),
        home=home,
    )
    assert looked.returncode == 0, looked.stderr
    assert "No statement of terms and fees recorded yet" in looked.stdout
    assert "version 1, given 04/01/2027" in text_of((tmp_path / "a.pdf").read_bytes())
    given = mo(
        "fee-statement",
        "--client",
        "Edna Marsh",
        "--give",
        "--to",
        "Mrs Edna Marsh",
        "--how",
        "by_hand",
        "--pdf",
        str(tmp_path / "b.pdf"),
        "--db",
        str(path),
        home=home,
    )
    assert given.returncode == 0, given.stderr
    assert "version 1 given 04/01/2027 to Mrs Edna Marsh, by hand." in given.stdout
    council = mo(
        "fee-statement",
        "--client",
        "Edna Marsh",
        "--give",
        "--how",
        "pigeon",
        "--db",
        str(path),
        home=home,
    )
    assert council.returncode == 2 and "invalid choice" in council.stderr


def test_export_and_import_carry_the_statement_exactly(db: Database, tmp_path: Path) -> None:
    from microoffice.core.services.integrity import check_database
    from microoffice.core.services.transfer import export_data, import_json_file

    with db.session() as s:
        client = _edna(s)
        given = fs.give_statement(s, client.id, JAN4, "Mrs Edna Marsh", "post")
        pdf = bytes(given.pdf)
    data = export_data(db)
    assert len(data["tables"]["fee_statement"]["rows"]) == 1
    src = tmp_path / "a.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    assert import_json_file(src, str(tmp_path / "copy.sqlite"))["fee_statement"] == 1
    copy = open_database(str(tmp_path / "copy.sqlite"))
    try:
        with copy.session() as s:
            (row,) = s.scalars(select(FeeStatement)).all()
            assert (row.version_number, bytes(row.pdf)) == (1, pdf)
        assert check_database(copy) == []
        assert json.dumps(export_data(copy), sort_keys=True) == json.dumps(data, sort_keys=True)
    finally:
        copy.close()
