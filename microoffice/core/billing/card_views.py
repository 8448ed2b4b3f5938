"""A client's rate cards as the Rates tab lists them, with whom each is for and whether an issued
invoice has used it (then it can only be followed by new prices, never corrected)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing import rate_cards
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.clients import get_client
from microoffice.core.services.funding import payer_summary
from microoffice.core.vocabulary import funding_label

ALL_PAYERS = "Every payer"


@dataclass(frozen=True)
class CardRow:
    """One version of a client's rate card as the Rates tab lists it."""

    id: int
    version: int
    name: str
    start: date
    end: date | None
    prices: str
    minimum: int
    basis: str
    funding_id: int | None
    payer: str
    used: bool
    data: RateCardData

    @property
    def ended(self) -> bool:
        return self.end is not None and self.end < clock.today()


def prices_text(data: RateCardData) -> str:
    """'£28.00 an hour', or the bands ('15 min £12.00, 30 min £17.00 …') then the hourly rate."""
    parts = [
        f"{m} min {format_gbp(p)}" for m, p in sorted(data.bands.items(), key=lambda b: int(b[0]))
    ]
    if data.hourly_rate_pence:
        parts.append(f"{format_gbp(data.hourly_rate_pence)} an hour")
    parts += [
        f"{k.replace('_', ' ')} {format_gbp(p)}" for k, p in sorted(data.fixed_prices.items())
    ]
    return ", ".join(parts)


@needs(Right.MONEY)
def payer_choices(session: Session, client_id: int) -> list[tuple[int | None, str]]:
    client = get_client(session, client_id)
    return [(None, ALL_PAYERS)] + [
        (f.id, f"{funding_label(f.funding_type)}: {payer_summary(f, client.display_name)}")
        for f in client.funding
    ]


@needs(Right.MONEY)
def card_rows(session: Session, client_id: int) -> list[CardRow]:
    payers = dict(payer_choices(session, client_id))
    used = rate_cards.issued_card_ids(session)
    rows = []
    for card in rate_cards.cards_for_client(session, client_id):
        data = copy.deepcopy(RateCardData.from_card(card))
        rows.append(
            CardRow(
                card.id,
                card.version,
                card.name,
                card.effective_from,
                card.effective_to,
                prices_text(data),
                card.minimum_minutes,
                card.charge_basis,
                card.funding_id,
                payers.get(card.funding_id, ALL_PAYERS),
                card.id in used,
                data,
            )
        )
    return rows
