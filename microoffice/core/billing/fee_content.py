"""What a statement of terms and fees says, as frozen data: read by billing/fee_statements.py,
printed by reports/fee_statement.py, fingerprinted to tell when a newer statement is due."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date

from microoffice.core.billing.fee_wording import Section
from microoffice.core.billing.supplier import Supplier


@dataclass(frozen=True)
class CardRef:
    id: int
    version: int
    name: str
    effective_from: date
    effective_to: date | None
    prices_sha256: str = ""  # the card's prices and terms, not its dates or name

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "version": self.version,
            "name": self.name,
            "effective_from": self.effective_from.isoformat(),
            "prices_sha256": self.prices_sha256,
        }


@dataclass(frozen=True)
class PayerTerms:
    """One arrangement that the person (or their direct-payment holder) pays under, and its card."""

    funding_id: int
    funding_label: str
    payer_name: str
    payer_address: str
    covers: str
    card: CardRef
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class StatementContent:
    client_id: int
    client_name: str
    client_address: str
    on: date
    supplier: Supplier
    payers: tuple[PayerTerms, ...]
    general: tuple[Section, ...]

    def digest(self) -> str:
        """A fingerprint of what the statement says (not its date or version): a change to the
        prices, the payment details or the terms shows up as a different digest."""
        body = {
            "client": [self.client_name, self.client_address],
            "supplier": asdict(self.supplier),
            "payers": [
                [p.funding_label, p.payer_name, p.payer_address, p.covers, asdict(p.card)]
                for p in self.payers
            ],
            "sections": [
                [s.heading, list(s.lines)]
                for s in (*self.general, *(x for p in self.payers for x in p.sections))
            ],
        }
        for payer in body["payers"]:
            assert isinstance(payer, list)
            card = payer[-1]
            assert isinstance(card, dict)
            # a card ended by a later price change (its version moves on) says the same
            card.pop("effective_to", None)
            card.pop("version", None)
        text = json.dumps(body, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def text(self) -> str:
        """The statement as plain text (for the command line and for reading in tests)."""
        out = [f"Statement of terms and fees for {self.client_name}"]
        for payer in self.payers:
            out += ["", f"{payer.funding_label}: {payer.payer_name}", payer.covers]
            for section in payer.sections:
                out += ["", section.heading, *(f"- {line}" for line in section.lines)]
        for section in self.general:
            out += ["", section.heading, *(f"- {line}" for line in section.lines)]
        return "\n".join(out)
