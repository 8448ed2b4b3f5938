"""Rate cards per client contract, effective-dated so an issued invoice never changes.

A price change is a new card from a date (the old one ends the day before), never an edit of a
card that has already priced an issued invoice: the invoice keeps pointing at the card it used.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.billing.terms import (
    CARD_FIELDS,
    RateTerms,
    terms_from_card,
    terms_from_values,
    terms_in_force,
)
from microoffice.core.errors import NotFoundError, UserError, ValidationError
from microoffice.core.models.billing import Invoice, RateCard
from microoffice.core.models.clients import FundingArrangement
from microoffice.core.models.enums import VatCategory
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.clients import check_version, get_client
from microoffice.core.vocabulary import format_date


@dataclass
class RateCardData:
    """What a person fills in for a rate card; the JSON parts as documented in docs/billing.md."""

    name: str = ""
    effective_from: date | None = None
    effective_to: date | None = None
    hourly_rate_pence: int = 0
    bands: dict[str, int] = field(default_factory=dict)
    minimum_minutes: int = 30
    billing_unit_minutes: int = 15
    rounding: str = "UP"
    grace_minutes: int = 5
    charge_basis: str = "PLANNED"
    enhancements: list[dict[str, Any]] = field(default_factory=list)
    bank_holiday_day_rule: str = "both"
    double_up_rule: str = "double"
    double_up_rate_pence: int | None = None
    fixed_prices: dict[str, int] = field(default_factory=dict)
    mileage_pence_per_mile: int = 0
    cancellation: dict[str, Any] = field(default_factory=dict)
    payment_terms_days: int = 14
    vat_category: str = VatCategory.NOT_REGISTERED.value

    @classmethod
    def from_card(cls, card: RateCard) -> RateCardData:
        return cls(**{f.name: getattr(card, f.name) for f in fields(cls)})


def validate(data: RateCardData) -> RateTerms:
    errors: dict[str, str] = {}
    if data.effective_from is None:
        errors["effective_from"] = "Say from which date these prices apply"
    if data.effective_from and data.effective_to and data.effective_to < data.effective_from:
        errors["effective_to"] = "The card ends before it starts"
    if data.vat_category not in {v.value for v in VatCategory}:
        errors["vat_category"] = "Choose a VAT category from the list"
    try:
        terms = terms_from_values({f.name: getattr(data, f.name) for f in fields(data)})
    except ValidationError as exc:
        errors = exc.errors | errors
    if errors:
        raise ValidationError(errors)
    return terms


def _apply(card: RateCard, data: RateCardData) -> None:
    for name in CARD_FIELDS:
        value = getattr(data, name)
        if getattr(card, name) != value:
            setattr(card, name, value)


@needs(Right.MONEY)
def get_card(session: Session, card_id: int) -> RateCard:
    card = session.get(RateCard, card_id)
    if card is None:
        raise NotFoundError(f"There is no rate card with id {card_id}.")
    return card


def _check_funding(session: Session, client_id: int, funding_id: int | None) -> None:
    if funding_id is None:
        return
    funding = session.get(FundingArrangement, funding_id)
    if funding is None or funding.client_id != client_id:
        raise ValidationError({"funding_id": "Choose one of this client's funding arrangements"})


def _overlaps(session: Session, card: RateCard) -> RateCard | None:
    others = session.scalars(
        select(RateCard).where(
            RateCard.client_id == card.client_id,
            RateCard.funding_id.is_(None)
            if card.funding_id is None
            else RateCard.funding_id == card.funding_id,
            RateCard.is_template.is_(False),
            RateCard.id != card.id,
        )
    )
    far = date.max
    for other in others:
        if card.effective_from <= (other.effective_to or far) and other.effective_from <= (
            card.effective_to or far
        ):
            return other
    return None


@needs(Right.MONEY)
def create_card(
    session: Session, client_id: int, data: RateCardData, funding_id: int | None = None
) -> RateCard:
    get_client(session, client_id)
    _check_funding(session, client_id, funding_id)
    validate(data)
    card = RateCard(client_id=client_id, funding_id=funding_id, is_template=False)
    _apply(card, data)
    clash = _overlaps(session, card)
    if clash is not None:
        raise ValidationError(
            {
                "effective_from": f"These dates overlap the card '{clash.name}' from "
                f"{format_date(clash.effective_from)}; start a new price with 'Change prices from'"
            }
        )
    session.add(card)
    session.flush()
    return card


@needs(Right.MONEY)
def used_on_issued_invoice(session: Session, card_id: int) -> bool:
    rows = session.scalars(select(Invoice.rate_card_ids).where(Invoice.status != "draft"))
    return any(card_id in (ids or []) for ids in rows)


@needs(Right.MONEY)
def issued_card_ids(session: Session) -> set[int]:
    """Ids of every card that has priced an issued invoice (read once for a whole list)."""
    rows = session.scalars(select(Invoice.rate_card_ids).where(Invoice.status != "draft"))
    return {card_id for ids in rows for card_id in (ids or [])}


@needs(Right.MONEY)
def update_card(
    session: Session, card_id: int, data: RateCardData, expected_version: int | None = None
) -> RateCard:
    """Correct a card that has not yet priced an issued invoice."""
    card = get_card(session, card_id)
    check_version(card, expected_version)
    if not card.is_template and used_on_issued_invoice(session, card_id):
        raise UserError(
            f"The rate card '{card.name}' has already priced an issued invoice, so it cannot be "
            "edited. Use 'Change prices from' to start new prices on a date."
        )
    validate(data)
    _apply(card, data)
    if not card.is_template and _overlaps(session, card) is not None:
        raise ValidationError({"effective_from": "These dates overlap another card"})
    session.flush()
    return card


@needs(Right.MONEY)
def change_prices_from(session: Session, card_id: int, start: date, data: RateCardData) -> RateCard:
    """End the card the day before `start` and begin a new one: old invoices keep the old card."""
    old = get_card(session, card_id)
    if old.is_template or old.client_id is None:
        raise UserError("Templates are copied to a client first; edit the template itself instead.")
    if start <= old.effective_from:
        raise ValidationError(
            {"effective_from": f"New prices must start after {format_date(old.effective_from)}"}
        )
    if old.effective_to is not None and start > old.effective_to:
        raise ValidationError({"effective_from": "That card has already ended before this date"})
    data.effective_from = start
    data.effective_to = None if old.effective_to is None else old.effective_to
    validate(data)
    old.effective_to = start - timedelta(days=1)
    session.flush()
    new = RateCard(client_id=old.client_id, funding_id=old.funding_id, is_template=False)
    _apply(new, data)
    session.add(new)
    session.flush()
    return new


@needs(Right.MONEY)
def cards_for_client(session: Session, client_id: int) -> list[RateCard]:
    return list(
        session.scalars(
            select(RateCard)
            .where(RateCard.client_id == client_id, RateCard.is_template.is_(False))
            .order_by(RateCard.effective_from, RateCard.id)
        )
    )


@needs(Right.MONEY)
def client_terms(
    session: Session, client_ids: list[int]
) -> tuple[dict[int, list[tuple[int | None, RateTerms]]], list[tuple[RateCard, ValidationError]]]:
    """Every client's cards as checked terms, keyed by client, each with its funding id; and the
    cards that no longer read (bad JSON typed into the database by hand), for the run to report.
    """
    out: dict[int, list[tuple[int | None, RateTerms]]] = {cid: [] for cid in client_ids}
    bad: list[tuple[RateCard, ValidationError]] = []
    for chunk in range(0, len(client_ids), 900):
        rows = session.scalars(
            select(RateCard).where(
                RateCard.client_id.in_(client_ids[chunk : chunk + 900]),
                RateCard.is_template.is_(False),
            )
        )
        for card in rows:
            assert card.client_id is not None
            try:
                out[card.client_id].append((card.funding_id, terms_from_card(card)))
            except ValidationError as exc:
                bad.append((card, exc))
    return out, bad


def terms_for_payer(
    cards: list[tuple[int | None, RateTerms]], funding_id: int | None, day: date
) -> RateTerms | None:
    """The payer's own card in force that day, else the client's general card."""
    own = [t for f, t in cards if f is not None and f == funding_id]
    general = [t for f, t in cards if f is None]
    return terms_in_force(own, day) or terms_in_force(general, day)
