"""The written statement of terms and fees a person who pays for their care must be given before
it starts (CQC Regulation 19, 2009; consumer-law fairness, DOMAIN.md 9.6).

`statement_content` reads the rate card(s) for the client's self-funded and direct-payment
arrangements into plain-English sections (prices, higher rates, fixed prices, two carers, mileage,
cancellations, hospital and death, paying, price changes, complaints). `give_statement` records
that it was given (date, to whom, how) with the PDF exactly as given; the record is append-only, so
a price change means a new statement with the next version number. `changes_since` says when the
latest statement no longer matches the prices, so it can be given again before they apply.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.fee_content import CardRef, PayerTerms, StatementContent
from microoffice.core.billing.fee_wording import Section, card_sections, minutes, service
from microoffice.core.billing.payers import payer_for
from microoffice.core.billing.rate_cards import client_terms
from microoffice.core.billing.supplier import Supplier, supplier_of
from microoffice.core.billing.terms import (
    CARD_FIELDS,
    RateTerms,
    terms_in_force,
)
from microoffice.core.errors import ValidationError
from microoffice.core.models.billing import FeeStatement, RateCard
from microoffice.core.models.clients import FundingArrangement
from microoffice.core.models.enums import FundingType
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import get_business, get_setting
from microoffice.core.services.clients import get_client
from microoffice.core.vocabulary import format_date

# Who pays for their own care, so must have the statement (Reg 19): the person, or the holder of
# their direct payment. Council, ISF and NHS care is paid under the commissioner's contract.
PAYS_PRIVATELY = frozenset(
    {FundingType.SELF, FundingType.DIRECT_PAYMENT, FundingType.DIRECT_PAYMENT_MANAGED}
)
HOW_GIVEN = {"post": "By post", "email": "By email", "by_hand": "By hand"}
PRICE_CHANGE_NOTICE_SETTING = "price_change_notice_days"
DEFAULT_PRICE_CHANGE_NOTICE_DAYS = 28
OMBUDSMAN = (
    "If you are not satisfied with our final response, you can ask the Local Government and "
    "Social Care Ombudsman to look at your complaint. The Ombudsman looks at complaints about "
    "care that people arrange and pay for themselves, including with a direct payment. It is "
    "free: www.lgo.org.uk."
)
CQC_NOTE = (
    "You can also tell the Care Quality Commission (CQC) about your care at www.cqc.org.uk. "
    "CQC does not settle individual complaints, but it uses what people tell it when it inspects."
)


def prices_fingerprint(card: RateCard) -> str:
    """What a card charges, without its name or dates: ending a card the day before new prices
    start changes its version but not its prices."""
    values = {k: getattr(card, k) for k in CARD_FIELDS if k not in _NOT_PRICES}
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_NOT_PRICES = frozenset({"name", "effective_from", "effective_to"})


# -- reading the client's arrangements -----------------------------------------------------------


def _private(arrangements: list[FundingArrangement], on: date) -> list[FundingArrangement]:
    """Arrangements the person pays under that are running on `on` or start later."""
    return [
        a
        for a in arrangements
        if a.funding_type in PAYS_PRIVATELY and (a.end_date is None or on <= a.end_date)
    ]


def _covers(a: FundingArrangement) -> str:
    parts = []
    if a.service_types:
        parts.append("Covers: " + ", ".join(service(s).lower() for s in a.service_types) + ".")
    else:
        parts.append("Covers: all the care we provide.")
    if a.weekly_minutes:
        parts.append(f"Up to {minutes(a.weekly_minutes)} a week.")
    if a.share_percent != 100:
        parts.append(f"You pay {a.share_percent}% of each visit.")
    if a.start_date is not None:
        parts.append(f"From {format_date(a.start_date)}.")
    return " ".join(parts)


def _card_for(
    cards: list[tuple[int | None, RateTerms]], funding_id: int, day: date
) -> RateTerms | None:
    """The payer's own card on the day, else the client's general one; before care starts, the
    first card that will apply (the statement is given before the service begins)."""
    for pool in (
        [t for f, t in cards if f == funding_id],
        [t for f, t in cards if f is None],
    ):
        found = terms_in_force(pool, day)
        if found is not None:
            return found
        later = sorted((t for t in pool if t.effective_from > day), key=lambda t: t.effective_from)
        if later:
            return later[0]
    return None


def _contact(phone: str, email: str) -> str:
    return " or ".join(p for p in (f"phone {phone}" if phone else "", email) if p)


@needs(Right.MONEY)
def statement_content(session: Session, client_id: int, on: date) -> StatementContent:
    """What the statement says for a client on a day, from the rate cards of the arrangements
    they (or their direct-payment holder) pay under. Refused, with what to do, if there are none."""
    client = get_client(session, client_id)
    private = _private(list(client.funding), on)
    if not private:
        raise ValidationError(
            {
                "": f"{client.full_name} has no self-funded or direct payment arrangement, so "
                "there is no statement of fees to give: the council or NHS pays under its own "
                "contract. If they pay for some or all of their care themselves, add that under "
                "the client's Funding tab first."
            }
        )
    all_cards, bad = client_terms(session, [client.id])
    if bad:
        card, exc = bad[0]
        raise ValidationError(
            {"": f"The rate card '{card.name}' cannot be read: {exc.summary()}. Correct it first."}
        )
    rows = {
        card.id: card
        for card in session.scalars(select(RateCard).where(RateCard.client_id == client.id))
    }
    business = get_business(session)
    contact = _contact(business.phone, business.email)
    payers = []
    for arrangement in private:
        start = max(on, arrangement.start_date or on)
        terms = _card_for(all_cards[client.id], arrangement.id, start)
        label = FundingType(arrangement.funding_type).label
        if terms is None or terms.card_id is None:
            raise ValidationError(
                {
                    "": f"There is no rate card for {client.full_name}'s {label.lower()} care "
                    f"from {format_date(start)}, so the statement cannot say what it costs. Add one in the "
                    "client's Rates tab (a copy of a UK-typical template is a good start)."
                }
            )
        payer = payer_for(arrangement, client)
        sections = card_sections(terms, client.nation, contact, bool(business.vat_number))
        payers.append(
            PayerTerms(
                funding_id=arrangement.id,
                funding_label=label,
                payer_name=payer.name,
                payer_address=payer.address,
                covers=_covers(arrangement),
                card=CardRef(
                    terms.card_id,
                    rows[terms.card_id].version,
                    terms.name,
                    terms.effective_from,
                    terms.effective_to,
                    prices_fingerprint(rows[terms.card_id]),
                ),
                sections=tuple(sections),
            )
        )
    return StatementContent(
        client_id=client.id,
        client_name=client.full_name,
        client_address="\n".join(client.address_lines),
        on=on,
        supplier=supplier_of(business),
        payers=tuple(payers),
        general=tuple(_general(session, supplier_of(business))),
    )


def _general(session: Session, supplier: Supplier) -> list[Section]:
    how = []
    if supplier.bank:
        details = ", ".join(f"{k.lower()} {v}" for k, v in supplier.bank)
        how.append(f"By bank transfer: {details}. Please quote the invoice number.")
    else:
        how.append("Ask us how to pay: our bank details are not recorded yet.")
    days = int(
        get_setting(session, PRICE_CHANGE_NOTICE_SETTING, DEFAULT_PRICE_CHANGE_NOTICE_DAYS) or 0
    )
    changes = (
        f"We will tell you in writing at least {days} days before any change to these prices "
        "or terms, and give you an updated statement.",
        "Prices change only from a date we have told you; invoices for care before that date "
        "keep the old prices.",
    )
    complaints = [
        "If you are unhappy with your care or with an invoice, please tell us first"
        + (f" ({supplier.contact.replace('  ·  ', ' or ')})" if supplier.contact else "")
        + ". We will acknowledge your complaint, look into it and reply in writing.",
        OMBUDSMAN,
        CQC_NOTE,
    ]
    return [
        Section("How to pay", tuple(how)),
        Section("Changes to prices", changes),
        Section("Complaints", tuple(complaints)),
    ]


# -- recording it ----------------------------------------------------------------------------


@needs(Right.MONEY)
def statements_for(session: Session, client_id: int) -> list[FeeStatement]:
    return list(
        session.scalars(
            select(FeeStatement)
            .where(FeeStatement.client_id == client_id)
            .order_by(FeeStatement.version_number)
        )
    )


@needs(Right.MONEY)
def latest_statement(session: Session, client_id: int, on: date) -> FeeStatement | None:
    """The newest statement given to the client on or before the day."""
    return session.scalar(
        select(FeeStatement)
        .where(FeeStatement.client_id == client_id, FeeStatement.given_on <= on)
        .order_by(FeeStatement.version_number.desc())
        .limit(1)
    )


@needs(Right.MONEY)
def next_version(session: Session, client_id: int) -> int:
    top = session.scalar(
        select(func.max(FeeStatement.version_number)).where(FeeStatement.client_id == client_id)
    )
    return (top or 0) + 1


def _check_giving(session: Session, on: date, given_to: str, how: str) -> None:
    errors: dict[str, str] = {}
    if on > clock.today():
        errors["given_on"] = "Record a statement once it has been given: the date is in the future"
    if not given_to.strip():
        errors["given_to"] = "Say who the statement was given to, for example the client's name"
    if how not in HOW_GIVEN:
        errors["how"] = "Say how it was given: by post, by email or by hand"
    business = get_business(session)
    if not business.legal_name.strip() or not business.address.strip():
        errors.setdefault(
            "",
            "The statement must name the business and its address: fill them in under "
            "Settings > Business first.",
        )
    if errors:
        raise ValidationError(errors)


@needs(Right.MONEY)
def give_statement(
    session: Session, client_id: int, on: date, given_to: str, how: str
) -> FeeStatement:
    """Record that the statement was given on `on`, to `given_to`, `how` (post/email/by_hand),
    storing the PDF exactly as given. Versions count 1, 2, ... per client."""
    _check_giving(session, on, given_to, how)
    content = statement_content(session, client_id, on)
    number = next_version(session, client_id)
    from microoffice.core.reports.fee_statement import pdf_bytes

    pdf = pdf_bytes(content, number, on)
    row = FeeStatement(
        client_id=client_id,
        version_number=number,
        given_on=on,
        given_to=given_to.strip(),
        how=how,
        funding_ids=[p.funding_id for p in content.payers],
        rate_cards=_unique_cards(content),
        content_sha256=content.digest(),
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    session.add(row)
    session.flush()
    return row


def _unique_cards(content: StatementContent) -> list[dict[str, object]]:
    seen: dict[int, dict[str, object]] = {}
    for payer in content.payers:
        seen.setdefault(payer.card.id, payer.card.as_json())
    return list(seen.values())


@needs(Right.MONEY)
def preview_pdf(session: Session, client_id: int, on: date) -> bytes:
    """The statement as it would be given on `on` (the next version), for looking at first."""
    from microoffice.core.reports.fee_statement import pdf_bytes

    content = statement_content(session, client_id, on)
    return pdf_bytes(content, next_version(session, client_id), on)


# -- is it still right? --------------------------------------------------------------------------


@needs(Right.MONEY)
def needs_statement(session: Session, client_id: int, on: date) -> bool:
    """Whether the client (or their direct-payment holder) pays for care on or after the day."""
    return bool(_private(list(get_client(session, client_id).funding), on))


@needs(Right.MONEY)
def changes_since(session: Session, client_id: int, on: date) -> tuple[str, ...]:
    """Why the latest statement no longer matches the terms (empty when it still does, or when
    there is none: that is a different message). A price change must be given in writing first."""
    latest = latest_statement(session, client_id, on)
    if latest is None:
        return ()
    given = f"version {latest.version_number} (given {format_date(latest.given_on)})"
    try:
        content = statement_content(session, client_id, on)
    except ValidationError as exc:
        return (f"The terms can no longer be worked out: {exc.summary()}",)
    reasons: list[str] = []
    then = {int(str(c["id"])): str(c.get("prices_sha256", "")) for c in latest.rate_cards}
    for payer in content.payers:
        card = payer.card
        if card.id not in then:
            reasons.append(
                f"New prices ('{card.name}', from {format_date(card.effective_from)}) are not in {given}."
            )
        elif then[card.id] != card.prices_sha256:
            reasons.append(f"The rate card '{card.name}' was changed after {given}.")
    for later in _later_cards(session, client_id, on, latest, content):
        reasons.append(
            f"Prices change on {format_date(later.effective_from)} ('{later.name}'): give an updated "
            "statement before then."
        )
    if not reasons and content.digest() != latest.content_sha256:
        reasons.append(
            f"The terms have changed since {given} (for example the payment details or what "
            "each arrangement covers)."
        )
    return tuple(dict.fromkeys(reasons))


def _later_cards(
    session: Session, client_id: int, on: date, latest: FeeStatement, content: StatementContent
) -> list[RateCard]:
    """Cards for the statement's payers that start after the day and are not in the statement."""
    funding_ids = {p.funding_id for p in content.payers}
    given = {int(str(c["id"])) for c in latest.rate_cards}
    return [
        card
        for card in session.scalars(
            select(RateCard)
            .where(
                RateCard.client_id == client_id,
                RateCard.is_template.is_(False),
                RateCard.effective_from > on,
            )
            .order_by(RateCard.effective_from)
        )
        if (card.funding_id is None or card.funding_id in funding_ids) and card.id not in given
    ]


@dataclass(frozen=True)
class StatementStatus:
    """What the Rates tab and the command line say about a client's statement."""

    needed: bool
    latest_version: int | None
    latest_given_on: date | None
    latest_given_to: str
    latest_how: str
    changes: tuple[str, ...]

    @property
    def summary(self) -> str:
        if self.latest_version is None or self.latest_given_on is None:
            if not self.needed:
                return "No statement of terms and fees is needed: nobody pays privately."
            return (
                "No statement of terms and fees recorded yet: give one before care starts "
                "(CQC Regulation 19)."
            )
        how = HOW_GIVEN.get(self.latest_how, self.latest_how).lower()
        return (
            f"Statement of terms and fees: version {self.latest_version} given "
            f"{format_date(self.latest_given_on)} to {self.latest_given_to}, {how}."
        )


@needs(Right.MONEY)
def statement_status(session: Session, client_id: int, on: date) -> StatementStatus:
    latest = latest_statement(session, client_id, on)
    needed = needs_statement(session, client_id, on)
    if latest is None:
        return StatementStatus(needed, None, None, "", "", ())
    return StatementStatus(
        needed,
        latest.version_number,
        latest.given_on,
        latest.given_to,
        latest.how,
        changes_since(session, client_id, on) if needed else (),
    )


@needs(Right.MONEY)
def invoice_reference(
    session: Session, client_id: int, issued_on: date, recorded_by: datetime | None
) -> str:
    """The line an invoice prints about the terms it was issued under, or "" when none was given.

    Only statements recorded by the time the invoice was made count (`recorded_by`, the
    invoice's own creation time), so re-reading an issued invoice always gives the same line.
    """
    query = select(FeeStatement).where(
        FeeStatement.client_id == client_id, FeeStatement.given_on <= issued_on
    )
    if recorded_by is not None:
        query = query.where(FeeStatement.created_at <= recorded_by)
    found = session.scalar(query.order_by(FeeStatement.version_number.desc()).limit(1))
    if found is None:
        return ""
    return (
        f"Terms: statement of terms and fees version {found.version_number} given "
        f"{format_date(found.given_on)}"
    )


@needs(Right.MONEY)
def clients_with_statements(session: Session, client_ids: list[int], on: date) -> set[int]:
    """Which of these clients have been given a statement on or before the day (one query)."""
    found: set[int] = set()
    for chunk in range(0, len(client_ids), 900):
        found |= set(
            session.scalars(
                select(FeeStatement.client_id)
                .where(
                    FeeStatement.client_id.in_(client_ids[chunk : chunk + 900]),
                    FeeStatement.given_on <= on,
                )
                .distinct()
            )
        )
    return found
